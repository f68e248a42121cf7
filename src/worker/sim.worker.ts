/**
 * The simulation worker: hosts the kernel model off the main thread so a 10^5-frame run never
 * freezes the page. Start it with
 *   new Worker(new URL("../worker/sim.worker.ts", import.meta.url), { type: "module" })
 * It never throws at the UI: bad input and model exceptions both come back as error messages.
 */
/// <reference lib="webworker" />
import { Cmd, type Command, type Message, Msg } from "./protocol.ts";
import { Session } from "./session.ts";

const scope = self as unknown as DedicatedWorkerGlobalScope;

const post = (msg: Message, transfer: Transferable[]) => scope.postMessage(msg, transfer);
// A MessageChannel task runs after the commands already queued, without setTimeout's clamping.
const channel = new MessageChannel();
const queued: (() => void)[] = [];
channel.port1.onmessage = () => queued.shift()?.();
const session = new Session(post, {
  later: (fn) => {
    queued.push(fn);
    channel.port2.postMessage(null);
  },
  now: () => performance.now(),
});

scope.onmessage = (e: MessageEvent<Command>) => {
  const cmd = e.data;
  try {
    switch (cmd?.type) {
      case Cmd.load:
        session.load(cmd.scenario);
        break;
      case Cmd.append:
        session.append(cmd.id, cmd.step);
        break;
      case Cmd.insert:
        session.insert(cmd.id, cmd.at, cmd.step, cmd.dropLater);
        break;
      case Cmd.restart:
        session.restart();
        break;
      case Cmd.seek:
        session.seek(cmd.id, cmd.frame);
        break;
      case Cmd.batch:
        session.batch(cmd.frame);
        break;
      case Cmd.recycle:
        session.recycle(cmd.buffers);
        break;
      default:
        post(
          {
            type: Msg.error,
            context: "load",
            id: null,
            errors: [`unknown command ${String((cmd as { type?: unknown })?.type)}`],
          },
          [],
        );
    }
  } catch (err) {
    // Last line of defence: Session guards the model, this guards the plumbing.
    post({ type: Msg.error, context: "crash", id: null, errors: [String(err)] }, []);
  }
};
