/**
 * For tests: the real worker session behind the store's WorkerLike interface, answering
 * synchronously, so the store runs in Node without a Worker. Messages are cloned, as postMessage
 * clones them: the store must never share an object with the worker.
 */

import type { WorkerLike } from "../ui/store.ts";
import type { Command, Message } from "../worker/protocol.ts";
import { type Pacer, Session } from "../worker/session.ts";

/** `pacer`: run in slices as the browser's worker does (pacedWorker), not all at once. */
export function fakeWorker(pacer: Pacer | null = null): WorkerLike {
  const w: WorkerLike = {
    onmessage: null,
    onerror: null,
    terminate() {},
    postMessage(cmd: Command, transfer?: Transferable[]) {
      // Cloned, with its buffers transferred, as a worker would get it: the store's are detached.
      session.handle(structuredClone(cmd, { transfer: transfer ?? [] }));
    },
  };
  const session = new Session(
    (m: Message) => w.onmessage?.({ data: structuredClone(m) } as MessageEvent<Message>),
    pacer,
  );
  return w;
}

/**
 * A worker paced as in the browser: every step takes "50 ms", so each slice runs one step and the
 * next waits until `all()` runs the slices queued so far (and those they queue).
 */
export function pacedWorker() {
  let clock = 0;
  const later: (() => void)[] = [];
  const pacer: Pacer = { now: () => (clock += 50), later: (fn) => void later.push(fn) };
  const all = () => {
    for (let f = later.shift(); f; f = later.shift()) f();
  };
  /** One slice of the paced work: a run part way through. */
  const next = () => later.shift()?.();
  return { spawn: () => fakeWorker(pacer), all, next };
}

/** A worker that answers only when told to: what a reload, or a second load, can land between. */
export function heldWorker() {
  const held: (() => void)[] = [];
  const spawn = (): WorkerLike => {
    const real = fakeWorker();
    const w: WorkerLike = {
      onmessage: null,
      onerror: null,
      terminate() {},
      postMessage: (cmd, transfer) => void held.push(() => real.postMessage(cmd, transfer)),
    };
    real.onmessage = (e) => w.onmessage?.(e);
    last = w;
    return w;
  };
  let last: WorkerLike | null = null;
  const answer = () => {
    for (let f = held.shift(); f; f = held.shift()) f();
  };
  /** The worker says `m` now, ahead of anything held. */
  const say = (m: Message) => last?.onmessage?.({ data: m } as MessageEvent<Message>);
  return { spawn, answer, say };
}
