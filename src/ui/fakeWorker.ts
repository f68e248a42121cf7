/**
 * For tests: the real worker session behind the store's WorkerLike interface, answering
 * synchronously, so the store runs in Node without a Worker. Messages are cloned, as postMessage
 * clones them: the store must never share an object with the worker.
 */
import type { Command, Message } from "../worker/protocol.ts";
import { Session } from "../worker/session.ts";
import type { WorkerLike } from "./store.ts";

export function fakeWorker(): WorkerLike {
  const w: WorkerLike = {
    onmessage: null,
    onerror: null,
    terminate() {},
    postMessage(cmd: Command, transfer?: Transferable[]) {
      if (cmd.type === "load") session.load(cmd.scenario);
      else if (cmd.type === "append") session.append(cmd.id, cmd.step);
      else if (cmd.type === "insert") session.insert(cmd.id, cmd.at, cmd.step, cmd.dropLater);
      else if (cmd.type === "seek") session.seek(cmd.id, cmd.frame);
      else if (cmd.type === "batch") session.batch(cmd.frame);
      // Transferred, as a worker would get them: the store's copies are detached.
      else if (cmd.type === "recycle")
        session.recycle(structuredClone(cmd.buffers, { transfer: transfer ?? [] }));
      else session.restart();
    },
  };
  const session = new Session((m: Message) =>
    w.onmessage?.({ data: structuredClone(m) } as MessageEvent<Message>),
  );
  return w;
}
