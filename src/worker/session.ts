/**
 * One simulation session: the raw scenario (as the user would save it), the model running it, and
 * the projector streaming its frames. Kept apart from the worker's message plumbing so that tests
 * and the UI benchmark can drive it directly with a plain `post` function.
 */
import { Simulation } from "../kernel/run.ts";
import type { Scenario, Step } from "../scenario/format.ts";
import { batchAnswer, SEEK_POOL_BYTES, seekAnswer } from "./answers.ts";
import { Archive } from "./archive.ts";
import { BufferPool } from "./grow.ts";
import { initBuffers, initOf } from "./initMessage.ts";
import { Projector } from "./projection.ts";
import { Cmd, type Command, FRAME_LIMIT_SAID, type Message, Msg } from "./protocol.ts";
import { type RawScenario, readScenario, stepsWithInsert, validateCall } from "./sessionInput.ts";
import { batchBuffers } from "./viewState.ts";

export type Post = (msg: Message, transfer: Transferable[]) => void;

/**
 * How a long load lets other commands in: `later(fn)` runs `fn` after the messages already
 * queued (the worker uses a MessageChannel), and `now()` reads a clock. Without one (tests, the
 * CLI's benchmarks) a load runs to its end in one go.
 */
export interface Pacer {
  later(fn: () => void): void;
  now(): number;
}

/** A load runs steps for about this long before it lets queued seeks and batch requests in. */
const SLICE_MS = 40;

/** Frames per batch: big enough to amortise postMessage, small enough to show progress. */
const BATCH_FRAMES = 4096;

/**
 * The most frames a run makes in the browser: four times the million-frame run, whose archive
 * needs about 130 MiB here. A valid scenario can ask for far more (10 million frames in a link
 * of 400 characters), and the allocation that fails then kills the worker; the run stops here
 * instead, with every frame so far kept, and says so. The CLI has no such limit.
 */
export const BROWSER_FRAME_LIMIT = 4_000_000;

/** A call's error when the run stops before it (or in it) at the frame limit. */
const pastTheLimit = (frame: number) =>
  `(scenario): this call would run past frame ${frame.toLocaleString("en")}, where the run stops (${FRAME_LIMIT_SAID}); make it at an earlier frame, or run the scenario with the CLI (npm run sim)`;

/** Thrown from the frame sink when a run reaches its frame limit (caught by Session.guard). */
class FrameLimitReached extends Error {}

export class Session {
  private raw: RawScenario | null = null;
  /** The `run` of the last load command accepted. */
  private runId = 0;
  private sim: Simulation | null = null;
  private proj: Projector | null = null;
  /** Every frame made so far, packed: what seeks are answered from. */
  private archive: Archive | null = null;
  /** Set when the model threw: its state can no longer be trusted until a restart. */
  private crashed = false;
  /** The frame the run stopped at, if it reached the browser's frame limit. */
  private cutAt: number | null = null;
  /** Buffers the UI handed back, written with later batches. */
  private readonly pool = new BufferPool();
  /** Buffers of seek answers the UI handed back, written with later answers. */
  private readonly seekPool = new BufferPool(SEEK_POOL_BYTES);

  /** The loaded scenario's steps not run yet, while a paced load is under way. */
  private pending: {
    steps: readonly Step[];
    next: number;
    tags: ReadonlyMap<number, number>;
  } | null = null;

  /**
   * `keepArchive` false: a producer beside a host (host.ts), which keeps the archive and answers
   * seeks; this session only runs the model and streams its frames.
   */
  constructor(
    private readonly post: Post,
    private readonly pacer: Pacer | null = null,
    private readonly keepArchive = true,
    private readonly frameLimit = BROWSER_FRAME_LIMIT,
  ) {}

  /** Carry out one command from the UI (or from the host); an unknown one comes back as an error. */
  handle(cmd: Command): void {
    switch (cmd?.type) {
      case Cmd.load:
        this.load(cmd.scenario, new Map(), cmd.run ?? 0);
        break;
      case Cmd.append:
        this.append(cmd.id, cmd.step);
        break;
      case Cmd.insert:
        this.insert(cmd.id, cmd.at, cmd.step, cmd.dropLater);
        break;
      case Cmd.restart:
        this.restart();
        break;
      case Cmd.seek:
        this.seek(cmd.id, cmd.frame);
        break;
      case Cmd.batch:
        this.batch(cmd.frame);
        break;
      case Cmd.recycle:
        this.recycle(cmd.buffers);
        break;
      case Cmd.seekBuffers:
        if (Array.isArray(cmd.buffers)) this.seekPool.give(cmd.buffers);
        break;
      default:
        this.fail("load", null, [`unknown command ${String((cmd as { type?: unknown })?.type)}`]);
    }
  }

  /**
   * `tags`: step index -> command id, for the steps an insert command added; `run`: the load
   * command's, carried by the init and errors (inserts and restarts keep the run's);
   * `insertId`: the insert this load reruns the scenario for, named by an error before the init
   * (the UI waits for that rerun, and must not take an error the old run's queued steps made).
   */
  load(
    input: unknown,
    tags: ReadonlyMap<number, number> = new Map(),
    run = this.runId,
    insertId: number | null = null,
  ): void {
    const parsed = readScenario(input);
    if (!parsed.ok) {
      this.fail("load", insertId, parsed.errors, run);
      return;
    }
    this.runId = run;
    this.pending = null;
    this.raw = parsed.raw;
    this.crashed = false;
    this.cutAt = null;
    this.sim = null;
    this.proj = null;
    this.archive = null;
    const made = this.guard(insertId, () => {
      const s = new Simulation(parsed.scenario, (f) => {
        const p = this.proj as Projector;
        p.record(f);
        if (p.pending >= BATCH_FRAMES) this.flush();
        if (p.total >= this.frameLimit) throw new FrameLimitReached();
      });
      const p = new Projector(s.kernel);
      this.proj = p;
      this.archive = this.keepArchive ? new Archive(p.view) : null;
      return { sim: s, proj: p };
    });
    if (!made) return;
    const { sim, proj } = made;
    this.sim = sim;
    const init = initOf(run, parsed.scenario.title, this.raw, sim.kernel, proj);
    this.post({ type: Msg.init, init }, initBuffers(init));
    this.pending = { steps: parsed.scenario.steps, next: 0, tags };
    this.runPending(this.pacer !== null);
  }

  /**
   * Run the loaded scenario's remaining steps. Paced, it stops after SLICE_MS and continues after
   * the commands queued meanwhile (a seek into the frames made so far is answered mid-load);
   * a new load drops the rest. Unpaced, it runs them all now.
   */
  private runPending(paced: boolean): void {
    const job = this.pending;
    if (!job) return;
    const start = paced ? (this.pacer as Pacer).now() : 0;
    while (job.next < job.steps.length) {
      const i = job.next++;
      if (!this.run(job.steps[i] as Step, job.tags.get(i) ?? null)) {
        this.pending = null;
        return;
      }
      const more = job.next < job.steps.length;
      if (paced && more && (this.pacer as Pacer).now() - start >= SLICE_MS) {
        (this.pacer as Pacer).later(() => {
          if (this.pending === job) this.runPending(true);
        });
        return;
      }
    }
    this.pending = null;
    this.post({ type: Msg.done, frames: this.proj?.total ?? 0 }, []);
    if (this.proj) this.archive?.seal(this.proj.view);
  }

  restart(): void {
    if (this.raw) this.load(this.raw);
    else this.fail("load", null, ["(scenario): nothing to restart: no scenario was loaded"]);
  }

  append(id: number, step: unknown): void {
    // A call made while the scenario is still loading goes after its last step.
    this.runPending(false);
    if (!this.raw || !this.sim) {
      this.fail("append", id, ["(scenario): no scenario is loaded"]);
      return;
    }
    if (this.cutAt !== null) {
      this.fail("append", id, [pastTheLimit(this.cutAt)]);
      return;
    }
    if (this.crashed) {
      this.fail("append", id, ["(scenario): the model stopped after an error; restart it first"]);
      return;
    }
    const at = this.raw.steps.length;
    const parsed = this.validate(id, at, [...this.raw.steps, step]);
    if (!parsed) return;
    const normalised = parsed.steps[at] as Step;
    // Kept only if it ran: a step that made the model throw would throw again on restart.
    if (this.run(normalised, id)) this.raw.steps.push(step);
  }

  /**
   * Insert a step before step `at` and run the scenario again from the start (the model is
   * deterministic, so the frames before `at` come out as they were). `dropLater` drops the steps
   * that followed; otherwise they run again after the new one.
   */
  insert(id: number, at: number, step: unknown, dropLater: boolean): void {
    if (!this.raw) {
      this.fail("append", id, ["(scenario): no scenario is loaded"]);
      return;
    }
    const { where, steps } = stepsWithInsert(this.raw.steps, at, step, dropLater);
    if (!this.validate(id, where, steps)) return;
    this.load({ ...this.raw, steps }, new Map([[where, id]]), this.runId, id);
  }

  /** Parse the scenario with `steps`; a call's errors go back to the form, which made it. */
  private validate(id: number, at: number, steps: unknown[]): Scenario | null {
    const v = validateCall(this.raw as RawScenario, at, steps);
    if (v.ok) return v.scenario;
    this.fail("append", id, v.errors);
    return null;
  }

  /** Run one step, flush its frames, report its return value. False if the model threw. */
  private run(step: Step, id: number | null): boolean {
    const sim = this.sim as Simulation;
    const proj = this.proj as Projector;
    const first = proj.total + 1;
    const result = this.guard(id, () => sim.runStep(step));
    this.flush();
    if (!result) return false;
    this.post(
      {
        type: Msg.step,
        id,
        index: sim.results.length - 1,
        op: result.op,
        ret: result.ret,
        firstFrame: first,
        frames: proj.total + 1 - first,
      },
      [],
    );
    return true;
  }

  /**
   * Answer a seek to `frame`: the way there from frame 0 and the frames around it, as the archive
   * keeps them (answers.ts; the UI replays them, src/worker/seekPath.ts).
   */
  seek(id: number, frame: number): void {
    this.post(...seekAnswer(this.archive, id, frame, this.runId, this.seekPool));
  }

  /** Send again the batch holding `frame`, if there is one (nothing is sent otherwise). */
  batch(frame: number): void {
    const answer = batchAnswer(this.archive, frame);
    if (answer) this.post(...answer);
  }

  /** Keep buffers the UI is done with, to write later batches into. */
  recycle(buffers: unknown): void {
    if (Array.isArray(buffers)) this.pool.give(buffers);
  }

  private flush(): void {
    const proj = this.proj;
    const batch = proj?.take(this.pool);
    if (!proj || !batch) return;
    this.archive?.add(batch, proj.view);
    this.post({ type: Msg.frames, batch }, batchBuffers(batch));
  }

  /** Run `fn`; a throw inside the model becomes a "crash" message instead of killing the worker. */
  private guard<T>(id: number | null, fn: () => T): T | null {
    try {
      return fn();
    } catch (e) {
      this.crashed = true;
      this.flush();
      if (e instanceof FrameLimitReached) {
        this.stopAtLimit(id);
        return null;
      }
      const err = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
      this.fail("crash", id, [`the kernel model threw ${err}`]);
      return null;
    }
  }

  /**
   * The run reached the frame limit in the step being run: it is complete as far as it goes (done,
   * the archive sealed), each call it cut or never reached (the one running, inserted ones after
   * it) is answered, and the notice says where it stopped.
   */
  private stopAtLimit(id: number | null): void {
    const total = this.proj?.total ?? 0;
    const cutIn = this.sim?.results.length ?? 0;
    const later = [...(this.pending?.tags ?? [])].filter(([i]) => i > cutIn).map(([, c]) => c);
    this.cutAt = total;
    this.pending = null;
    this.post({ type: Msg.done, frames: total }, []);
    if (this.proj) this.archive?.seal(this.proj.view);
    for (const call of [id, ...later])
      if (call !== null) this.fail("append", call, [pastTheLimit(total)]);
    this.fail("limit", null, [
      `${FRAME_LIMIT_SAID}: it stopped at frame ${total.toLocaleString("en")}, in step ${cutIn}. Every frame up to there can be stepped; the CLI (npm run sim) runs the scenario whole.`,
    ]);
  }

  private fail(
    context: "load" | "append" | "crash" | "limit",
    id: number | null,
    errors: string[],
    run = this.runId,
  ): void {
    this.post({ type: Msg.error, context, id, errors, run }, []);
  }
}
