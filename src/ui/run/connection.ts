/**
 * A run's line to its simulation worker: the worker is started on first use and kept from load to
 * load (one that has run a scenario loads the next about twice as fast: its code is compiled and
 * its memory mapped). Each load is numbered, and until the worker answers the last one, what it
 * says of earlier loads is held back: dropped once the load's init comes (the panels never see a
 * scenario the user left), let through if the load is refused, as if it had never been asked for.
 */
import { type Command, type Message, workerFailure } from "../../worker/protocol.ts";
import type { WorkerLike } from "./state.ts";

export interface Connection {
  send(cmd: Command, transfer?: Transferable[]): void;
  /**
   * Send a load, numbered: its answer (an init or an error) ends the wait for it. `numbered` is
   * told the number before anything is sent (a worker may answer at once).
   */
  sendLoad(scenario: unknown, numbered?: (run: number) => void): void;
  /** Terminate the worker (the next command starts a new one) and forget what was awaited. */
  stop(): void;
}

export interface Listener {
  /** The worker's messages that count, in order. */
  deliver(m: Message): void;
  /** The awaited load was refused: told before the messages held meanwhile are let through. */
  refused(): void;
  /** The worker itself failed (it is stopped first). */
  crashed(why: string): void;
}

const READS_THE_RUN: ReadonlySet<Command["type"]> = new Set([
  "seek",
  "batch",
  "recycle",
  "seekBuffers",
]);

export function connect(spawn: () => WorkerLike, to: Listener): Connection {
  let worker: WorkerLike | null = null;
  /** Loads sent so far (each load's `run`), the one not answered yet, and what came meanwhile. */
  let runs = 0;
  let awaited: number | null = null;
  let held: Message[] = [];

  const receive = (m: Message) => {
    if (awaited === null) return to.deliver(m);
    if (m.type === "init" && m.init.run === awaited) {
      awaited = null;
      held = [];
      return to.deliver(m);
    }
    if (m.type === "error" && m.run === awaited && m.context !== "append") {
      awaited = null;
      to.refused();
      const earlier = held;
      held = [];
      for (const h of earlier) to.deliver(h);
      return to.deliver(m);
    }
    // A later init than the ones held (an earlier load the worker got to): only it counts.
    if (m.type === "init") held = [m];
    else held.push(m);
  };

  const stop = () => {
    awaited = null;
    held = [];
    if (!worker) return;
    worker.onmessage = null;
    worker.onerror = null;
    worker.terminate();
    worker = null;
  };

  const send = (cmd: Command, transfer?: Transferable[]) => {
    // What reads the run the worker had (a seek, a batch, buffers handed back) has nothing to
    // read once that worker is gone: a new one would only answer that no scenario is loaded, in
    // place of why the old one failed. A load (a restart) starts the next worker.
    if (!worker && READS_THE_RUN.has(cmd.type)) return;
    if (!worker) {
      const w = spawn();
      worker = w;
      w.onmessage = (e) => {
        if (worker === w) receive(e.data);
      };
      w.onerror = (e) => {
        e.preventDefault?.();
        if (worker !== w) return;
        stop(); // the next load or restart starts a new one
        to.crashed(workerFailure(e.message));
      };
    }
    worker.postMessage(cmd, transfer);
  };

  return {
    send,
    sendLoad(scenario, numbered) {
      const run = ++runs;
      awaited = run;
      held = [];
      numbered?.(run);
      try {
        send({ type: "load", scenario, run });
      } catch (e) {
        // A scenario the browser cannot copy to the worker (DataCloneError, a RangeError on deep
        // nesting) is refused like an invalid one: the run on screen stays.
        receive({
          type: "error",
          context: "load",
          id: null,
          errors: [`(scenario): it could not be handed to the simulation: ${String(e)}`],
          run,
        });
      }
    },
    stop,
  };
}
