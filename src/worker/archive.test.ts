import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { largeMachineScenario } from "../scenario/builtins.ts";
import { frameRecord } from "../test/frameRecord.ts";
import { buildScenario, machineArb, opArb } from "../test/random-scenario.ts";
import { Archive } from "./archive.ts";
import { pack } from "./compact.ts";
import { BufferPool } from "./grow.ts";
import { resetView } from "./keyframe.ts";
import type { Message } from "./protocol.ts";
import { followPath, pathBuffers } from "./seekPath.ts";
import { Session } from "./session.ts";
import { unpackFrom } from "./unpack.ts";
import { Reader } from "./varint.ts";
import { plainView } from "./viewCopy.ts";
import { applyFrame, type FrameBatch, framePages, type Init, type View } from "./viewState.ts";

/** Run a scenario through the session, as the UI receives it. */
function run(json: unknown): {
  init: Init;
  batches: FrameBatch[];
  session: Session;
  got: Message[];
} {
  let init: Init | null = null;
  const batches: FrameBatch[] = [];
  const got: Message[] = [];
  const session = new Session((m: Message) => {
    if (m.type === "init") init = m.init;
    else if (m.type === "frames") batches.push(m.batch);
    else if (m.type === "error") throw new Error(m.errors.join("\n"));
    got.push(m);
  });
  session.load(json);
  if (!init) throw new Error("no init");
  return { init, batches, session, got };
}

function startView(init: Init): View {
  const v: View = {
    pages: new Int32Array(init.pages.length),
    slots: new Int32Array(init.slots.length),
    counters: new Float64Array(init.counters.length),
    ptes: new Map(),
    layout: 0,
  };
  resetView(v, init);
  return v;
}

/** The frames of `sent` again, as batches of `size` frames (as the archive gives them back). */
function rebatch(init: Init, sent: readonly FrameBatch[], size: number): FrameBatch[] {
  const view = startView(init);
  const out: FrameBatch[] = [];
  for (const b of sent) {
    const packed = pack(b);
    const r = new Reader(packed.bytes);
    for (let s = 0; s < b.count; s += size) {
      r.pos = packed.offsets[s] as number;
      out.push(unpackFrom(r, b.first + s, Math.min(size, b.count - s), view));
    }
  }
  return out;
}

/** The deltas and metadata of a batch (what a batch sent again must carry). */
function deltas(b: FrameBatch) {
  const { names, templates, text, textEnd, layouts, ...rest } = b;
  return Object.fromEntries(
    Object.entries(rest).map(([k, v]) => [k, ArrayBuffer.isView(v) ? [...(v as Int32Array)] : v]),
  );
}

describe("worker archive", () => {
  it("over random scenarios and keyframe spacings, the view and batch it rebuilds at any frame are what stepping gave", () => {
    fc.assert(
      fc.property(
        machineArb,
        fc.array(opArb, { minLength: 1, maxLength: 12 }),
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 1, max: 60 }),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 25 }),
        fc.integer({ min: 0, max: 40 }),
        (machine, ops, keyEvery, fullEvery, batchFrames, targets, sealAfter) => {
          const run0 = run(buildScenario(machine, ops));
          const { init } = run0;
          // Batches as short as a long run's are to its length: many keyframes, whole ones
          // among them, so seeks take chains of them both ways.
          const batches = rebatch(init, run0.batches, batchFrames);
          const live = startView(init);
          const want = [plainView(live)];
          const archive = new Archive(live, keyEvery, fullEvery);
          // Sealed where a load ends (a call may add batches after) and at the end.
          for (const [k, b] of batches.entries()) {
            for (let j = 0; j < b.count; j++) {
              applyFrame(live, b, j, true);
              want.push(plainView(live));
            }
            archive.add(b, live);
            if (k === sealAfter) archive.seal(live);
          }
          archive.seal(live);
          // One view followed from seek to seek, as the UI does: a whole keyframe writes over
          // the PTEs of the frame before, including ones of an address or a process the frame
          // sought does not have.
          const v = startView(init);
          for (const t of targets) {
            const f = Math.round(t * archive.total);
            expect(plainView(archive.viewAt(f))).toEqual(want[f]);
            if (f === 0) continue;
            const again = archive.batchAt(f);
            const sent = batches.find((b) => f >= b.first && f < b.first + b.count);
            expect(again && deltas(again)).toEqual(sent && deltas(sent));
            // The way a seek is sent: followed from frame 0, it reaches the same view, and its
            // slice holds the frames as they were sent.
            const slice = followPath(v, init, archive.pathTo(f, 3, 5), f);
            expect(plainView(v)).toEqual(want[f]);
            if (!slice || !sent) throw new Error("no slice");
            expect(slice.first).toBeLessThanOrEqual(f);
            expect(slice.first + slice.count - 1).toBeGreaterThanOrEqual(f);
            expect(slice.first).toBeGreaterThanOrEqual(sent.first);
            expect(slice.first + slice.count).toBeLessThanOrEqual(sent.first + sent.count);
            for (let j = 0; j < slice.count; j++)
              expect(frameRecord(slice, j)).toEqual(
                frameRecord(sent, slice.first - sent.first + j),
              );
          }
        },
      ),
      { numRuns: 100 },
    );
  });

  it("answers a seek on the large machine with the view at that frame and the frames around it, and bad frames clamp", () => {
    const { init, batches, session, got } = run(
      largeMachineScenario({ framesPerNode: 2048, pagesPerWorker: 256 }),
    );
    const total = batches.reduce((a, b) => a + b.count, 0);
    const target = Math.floor(total * 0.6);
    const answers = (
      [
        [target, target],
        [Number.NaN, 0],
        [total + 99, total],
      ] as const
    ).map(([frame, at]) => {
      got.length = 0;
      session.seek(7, frame);
      const m = got[0];
      if (m?.type !== "seek") throw new Error("no answer");
      return { at, m };
    });
    // The views stepping gives at each answer's frame and at the end of its slice.
    const wanted = new Set(answers.flatMap(({ at, m }) => [at, m.path.last]));
    const live = startView(init);
    const views = new Map([[0, plainView(live)]]);
    for (const b of batches)
      for (let j = 0; j < b.count; j++) {
        applyFrame(live, b, j, true);
        if (wanted.has(b.first + j)) views.set(b.first + j, plainView(live));
      }
    for (const { at, m } of answers) {
      expect(m.frame).toBe(at);
      // Followed from frame 0, the way sent reaches the view at the frame; its slice then steps
      // on from there as the frames did.
      const v = startView(init);
      const slice = followPath(v, init, m.path, m.frame);
      expect(plainView(v)).toEqual(views.get(at));
      if (!slice) throw new Error("no slice");
      expect(slice.first).toBeLessThanOrEqual(Math.max(1, at));
      expect(slice.first + slice.count - 1).toBeGreaterThanOrEqual(at);
      for (let j = at - slice.first + 1; j < slice.count; j++) applyFrame(v, slice, j, true);
      expect(plainView(v)).toEqual(views.get(slice.first + slice.count - 1));
    }
  });
});

describe("a seek's path from the nearest whole keyframe", () => {
  /**
   * A small large machine archived with a keyframe after every batch and every third one whole
   * (so chains run both ways), a frame inside each batch (its slice starts after the keyframe
   * before it), and the view stepping gives at each of those frames.
   */
  function archivedLargeMachine() {
    const { init, batches } = run(
      largeMachineScenario({ framesPerNode: 2048, pagesPerWorker: 256 }),
    );
    const live = startView(init);
    const archive = new Archive(live, 1, 3);
    const targets = batches.map((b) => b.first + (b.count >> 1));
    const views = new Map<number, ReturnType<typeof plainView>>();
    const pfns: number[] = [];
    for (const b of batches) {
      for (let j = 0; j < b.count; j++) {
        applyFrame(live, b, j, true);
        framePages(b, j, pfns);
        if (targets.includes(b.first + j)) views.set(b.first + j, plainView(live));
      }
      archive.add(b, live);
    }
    expect(batches.length).toBeGreaterThanOrEqual(6);
    // The page frames some frame changes, ascending (the UI's TouchedPfns.list).
    const touched = Int32Array.from(new Set(pfns)).sort();
    return { init, archive, targets, views, touched };
  }
  it("reaches the frame from a whole keyframe before it (short keyframes forwards) or after it (backwards)", () => {
    const { init, archive, targets, views, touched } = archivedLargeMachine();
    const seen = { backward: 0, forward: 0, fromZero: 0 };
    // One view followed from seek to seek, as the UI does, late frames and early ones in turn:
    // a whole keyframe writes over PTEs the view holds from the frame before, some of which the
    // frame sought does not have. Another is told where the run's frames differ from frame 0,
    // as the UI tells it, and writes frame 0's rows there only.
    const v = startView(init);
    const told = startView(init);
    const order = targets.flatMap((f, k) => [f, targets[targets.length - 1 - k] as number]);
    for (const f of order) {
      const path = archive.pathTo(f, 2, 2);
      if (path.full === null) seen.fromZero++;
      else if (path.backward) seen.backward++;
      else seen.forward++;
      followPath(v, init, path, f);
      expect(plainView(v)).toEqual(views.get(f));
      followPath(told, init, path, f, touched);
      expect(plainView(told)).toEqual(views.get(f));
      // The archive's own rebuild, from the same whole keyframe, agrees.
      expect(plainView(archive.viewAt(f))).toEqual(views.get(f));
    }
    expect(seen.backward).toBeGreaterThan(0);
    expect(seen.forward).toBeGreaterThan(0);
    expect(seen.fromZero).toBeGreaterThan(0);
  });

  it("once sealed, reaches the last frames by at most half a stride of short keyframes", () => {
    const { init, batches } = run(
      largeMachineScenario({ framesPerNode: 2048, pagesPerWorker: 256 }),
    );
    const live = startView(init);
    // A keyframe a batch, none of them whole: every seek is a chain from frame 0.
    const archive = new Archive(live, 1, batches.length + 1);
    for (const b of batches) {
      for (let j = 0; j < b.count; j++) applyFrame(live, b, j, true);
      archive.add(b, live);
    }
    const end = plainView(live);
    expect(archive.pathTo(archive.total, 0, 0).keyEnds.length).toBeGreaterThan(8);
    archive.seal(live);
    const path = archive.pathTo(archive.total, 0, 0);
    // The whole keyframe sealed at the last frame, and the short one before it, backwards.
    expect(path.full).not.toBeNull();
    expect(path.keyEnds.length).toBeLessThanOrEqual(1);
    const v = startView(init);
    followPath(v, init, path, archive.total);
    expect(plainView(v)).toEqual(end);
    expect(plainView(archive.viewAt(archive.total))).toEqual(end);
  });

  it("writes each answer into buffers handed back from earlier ones, and following it still reaches the frame", () => {
    const { init, archive, targets, views } = archivedLargeMachine();
    const pool = new BufferPool();
    const handedBack = new Set<ArrayBuffer>();
    let reused = 0;
    const v = startView(init);
    for (const f of [...targets, ...[...targets].reverse()]) {
      const path = archive.pathTo(f, 2, 2, pool);
      const buffers = pathBuffers(path);
      reused += buffers.filter((b) => handedBack.has(b)).length;
      followPath(v, init, path, f);
      expect(plainView(v)).toEqual(views.get(f));
      // The UI is done with them: scribble over them (nothing may read them again, and the next
      // answer must write every byte it sends), then hand them back.
      for (const b of buffers) new Uint8Array(b).fill(0xab);
      for (const b of buffers) handedBack.add(b);
      pool.give(buffers);
    }
    expect(reused).toBeGreaterThan(targets.length);
  });
});
