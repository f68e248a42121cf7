/**
 * The simulation worker as the UI sees it, split over two threads when it can start a worker of
 * its own: a producer (a Session that keeps no archive) runs the model and streams its messages
 * here; this host keeps the archive (archive.ts), answers seeks and batch requests from it, and
 * passes every other message on, in order. The UI speaks the same protocol to it as to a Session.
 *
 * Why two: packing every frame into the archive, and the keyframes, was about a quarter of a
 * load in Chromium, done after each batch on the thread that runs the model. Here the model runs
 * on while the last batch is packed, and a seek made during a load is answered between batches
 * rather than after the model's next slice.
 */
import { batchAnswer, SEEK_POOL_BYTES, seekAnswer } from "./answers.ts";
import { Archive } from "./archive.ts";
import { BufferPool } from "./grow.ts";
import { initBuffers } from "./initMessage.ts";
import { Cmd, type Command, type Message, Msg, workerFailure } from "./protocol.ts";
import type { Post } from "./session.ts";
import { initialView } from "./viewCopy.ts";
import { applyFrame, batchBuffers, type View } from "./viewState.ts";

/** The producer worker as the host uses it (a Worker, or a stand-in in tests). */
export interface Producer {
  postMessage(cmd: Command, transfer: Transferable[]): void;
  onmessage: ((e: MessageEvent<Message>) => void) | null;
  onerror: ((e: ErrorEvent) => void) | null;
  terminate(): void;
}

/** What carries out commands when no producer can: a Session that keeps its own archive. */
export interface Alone {
  handle(cmd: Command): void;
}

/** The buffers a message from the producer carries, handed on to the UI without copying. */
function transferOf(m: Message): Transferable[] {
  if (m.type === Msg.frames) return batchBuffers(m.batch);
  if (m.type === Msg.init) return initBuffers(m.init);
  return [];
}

export class Host {
  private archive: Archive | null = null;
  /** The view after the last frame archived: keyframes are cut from it. */
  private live: View | null = null;
  /** The `run` of the last load passed on (for the host's own errors). */
  private run = 0;
  /** Commands passed on before the producer was first heard from (replayed if it never starts). */
  private unheard: Command[] | null = [];
  /** Buffers of seek answers the UI handed back, written with later answers. */
  private readonly seekPool = new BufferPool(SEEK_POOL_BYTES);
  /** Set when the producer failed to start: everything is done here, by one Session. */
  private alone: Alone | null = null;

  /**
   * `startAlone` makes the Session used instead if the producer fails before it says anything
   * (a browser that cannot start a module worker from a worker, say).
   */
  constructor(
    private readonly post: Post,
    private readonly producer: Producer,
    private readonly startAlone: () => Alone,
  ) {
    producer.onmessage = (e) => this.fromProducer(e.data);
    producer.onerror = (e) => {
      e.preventDefault?.();
      const unheard = this.unheard;
      if (unheard) {
        producer.onmessage = null;
        producer.terminate();
        const alone = this.startAlone();
        this.alone = alone;
        this.unheard = null;
        for (const cmd of unheard) alone.handle(cmd);
        return;
      }
      // An exception the producer did not catch (one of its paced slices, say): it keeps running,
      // so an insert passed on may still bring its rerun, and this error names no call.
      const errors = [workerFailure(e.message)];
      this.post({ type: Msg.error, context: "crash", id: null, errors, run: this.run }, []);
    };
  }

  /** A command from the UI: seeks and batch requests are answered here, the rest go on. */
  handle(cmd: Command): void {
    if (this.alone) {
      this.alone.handle(cmd);
      return;
    }
    switch (cmd?.type) {
      case Cmd.seek:
        this.post(...seekAnswer(this.archive, cmd.id, cmd.frame, this.run, this.seekPool));
        return;
      case Cmd.seekBuffers:
        if (Array.isArray(cmd.buffers)) this.seekPool.give(cmd.buffers);
        return;
      case Cmd.batch: {
        const answer = batchAnswer(this.archive, cmd.frame);
        if (answer) this.post(...answer);
        return;
      }
      case Cmd.recycle: {
        // The producer writes its batches into them.
        const buffers = Array.isArray(cmd.buffers)
          ? cmd.buffers.filter((b): b is ArrayBuffer => b instanceof ArrayBuffer)
          : [];
        this.producer.postMessage({ type: Cmd.recycle, buffers }, buffers);
        return;
      }
      default:
        if (cmd?.type === Cmd.load) this.run = cmd.run ?? 0;
        this.unheard?.push(cmd);
        this.producer.postMessage(cmd, []);
    }
  }

  private fromProducer(m: Message): void {
    this.unheard = null;
    if (m.type === Msg.init) {
      // A new run (a load, an insert, a restart): its archive starts from its frame 0, made once
      // the UI has the init (the UI has the run sooner; copying its views takes a while).
      const live = initialView(m.init);
      this.post(m, transferOf(m));
      this.live = live;
      this.archive = new Archive(live);
      return;
    }
    if (m.type === Msg.frames && this.archive && this.live) {
      const { batch } = m;
      for (let j = 0; j < batch.count; j++) applyFrame(this.live, batch, j, true);
      this.archive.add(batch, this.live);
    }
    this.post(m, transferOf(m));
    if (m.type === Msg.done && this.archive && this.live) this.archive.seal(this.live);
  }
}
