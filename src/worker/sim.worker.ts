/**
 * The simulation worker: hosts the kernel model off the main thread so a 10^5-frame run never
 * freezes the page. Start it with
 *   new Worker(new URL("../worker/sim.worker.ts", import.meta.url), { type: "module" })
 * It never throws at the UI: bad input and model exceptions both come back as error messages.
 *
 * Where a worker can start workers, it starts this same script again as its producer: the
 * producer runs the model (a Session that keeps no archive) and this one hosts the archive
 * (host.ts), so a load's frames are made and archived on two threads. Elsewhere, or if the
 * producer fails to start, one Session does both.
 */
/// <reference lib="webworker" />
import { Host } from "./host.ts";
import { Cmd, type Command, type Message, Msg } from "./protocol.ts";
import { Session } from "./session.ts";

/** The name the host gives the worker it starts, so that worker knows to be the producer. */
const PRODUCER = "producer";

const scope = self as unknown as DedicatedWorkerGlobalScope;

const post = (msg: Message, transfer: Transferable[]) => scope.postMessage(msg, transfer);

/** A Session whose loads run in slices, letting commands in between. */
function pacedSession(keepArchive: boolean): Session {
  // A MessageChannel task runs after the commands already queued, without setTimeout's clamping.
  const channel = new MessageChannel();
  const queued: (() => void)[] = [];
  channel.port1.onmessage = () => queued.shift()?.();
  const pacer = {
    later: (fn: () => void) => {
      queued.push(fn);
      channel.port2.postMessage(null);
    },
    now: () => performance.now(),
  };
  return new Session(post, pacer, keepArchive);
}

function startProducer(): Worker | null {
  if (scope.name === PRODUCER || typeof Worker === "undefined") return null;
  try {
    return new Worker(scope.location.href, { type: "module", name: PRODUCER });
  } catch {
    return null;
  }
}

const producer = startProducer();
const handler: { handle(cmd: Command): void } = producer
  ? new Host(post, producer, () => pacedSession(true))
  : pacedSession(scope.name !== PRODUCER);

/** The last load's `run`: an error this file reports must name it, or the UI, awaiting that
 * load, would hold the error back and wait for ever. */
let lastRun = 0;

scope.onmessage = (e: MessageEvent<Command>) => {
  if (e.data?.type === Cmd.load && typeof e.data.run === "number") lastRun = e.data.run;
  try {
    handler.handle(e.data);
  } catch (err) {
    // Last line of defence: Session guards the model, this guards the plumbing. An insert that
    // fails here brings no rerun: its id tells the UI, which waits for that rerun, to stop.
    const id = e.data?.type === Cmd.insert ? e.data.id : null;
    post({ type: Msg.error, context: "crash", id, errors: [String(err)], run: lastRun }, []);
  }
};
