/**
 * An inserted call's rerun keeps the run's number, so its failure before its init must name the
 * insert: the UI holds calls back until that rerun lands or fails (ui/store.ts).
 */
import { expect, it, vi } from "vitest";
import { BUILTINS } from "../scenario/builtins.ts";
import type { Message } from "./protocol.ts";
import { Session } from "./session.ts";

const trap = vi.hoisted(() => ({ armed: false }));
vi.mock("./projection.ts", async (actual) => {
  const m = await actual<typeof import("./projection.ts")>();
  class Projector extends m.Projector {
    constructor(...args: ConstructorParameters<typeof m.Projector>) {
      if (trap.armed) throw new Error("boom");
      super(...args);
    }
  }
  return { ...m, Projector };
});

it("a rerun after an insert that fails before its init names the insert", () => {
  const msgs: Message[] = [];
  const s = new Session((m) => msgs.push(m));
  s.load(BUILTINS[0]?.json);
  msgs.length = 0;
  trap.armed = true;
  s.insert(7, 1, { op: "touch", tid: 100, addr: "0x7f0000000000", pages: 1 }, false);
  trap.armed = false;
  expect(msgs.some((m) => m.type === "init")).toBe(false);
  expect(msgs.at(-1)).toMatchObject({ type: "error", context: "crash", id: 7 });
  // A plain restart's failure names no call.
  msgs.length = 0;
  trap.armed = true;
  s.restart();
  trap.armed = false;
  expect(msgs.at(-1)).toMatchObject({ type: "error", context: "crash", id: null });
});
