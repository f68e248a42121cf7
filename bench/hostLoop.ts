/**
 * How fast the host is right now: the median of three runs of a fixed integer loop (xorshift,
 * fifteen million rounds), in ms. About 33 ms on this machine kind when nobody else is using it;
 * on this shared host the same loop has taken up to six times as long. The benchmarks print it
 * beside the figures it can explain, so a slow figure in one run can be told from a slow host.
 */
export function hostLoopMs(): number {
  const times: number[] = [];
  let sink = 0;
  for (let run = 0; run < 3; run++) {
    const t0 = performance.now();
    let x = 1;
    for (let i = 0; i < 15_000_000; i++) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
    }
    sink ^= x;
    times.push(performance.now() - t0);
  }
  // Used, so the loop cannot be optimised away.
  if (sink === 0.5) console.log("");
  times.sort((a, b) => a - b);
  return Number((times[1] ?? 0).toFixed(1));
}
