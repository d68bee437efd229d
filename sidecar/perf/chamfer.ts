/**
 * npm run perf:chamfer — what the Chamfer distance costs, measured on this machine.
 *
 * Two seeded point clouds of N points each (default 50,000): A on the unit sphere, B on a
 * slightly squashed and shifted copy of it (an ellipsoid), as `geometry.sample` would give
 * for a blend-shape task. Timed, median over RUNS runs:
 * 1. chamferDistance (static 3-D k-d tree, build included) on N points a side;
 * 2. chamferBruteForce (the O(n·m) double loop) on a subset of SUBSET points a side,
 *    measured in the same run, then extrapolated to N by (N / SUBSET)²: the extrapolation
 *    is stated as such, it is not a measurement.
 * The k-d tree and brute force must agree exactly on the subset (checked). The last line
 * is `speedup <ratio>x` (brute force extrapolated to N vs k-d tree measured at N).
 */
import { chamferBruteForce, chamferDistance } from "../src/metrics/chamfer.js";
import { Rng } from "../src/rng.js";
import { median } from "./stats.js";

const N = Number(process.env.BENCH_POINTS ?? 50_000);
const SUBSET = Number(process.env.BENCH_SUBSET ?? 5_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);

const ms = (x: number) => `${x.toFixed(x < 10 ? 3 : 1)} ms`;

/** n points uniformly on an ellipsoid with semi-axes (sx, sy, sz), centred at (cx, 0, 0). */
function ellipsoid(n: number, seed: number, sx: number, sy: number, sz: number, cx: number): Float32Array {
  const rng = new Rng(seed);
  const out = new Float32Array(3 * n);
  for (let i = 0; i < n; i++) {
    // Uniform on the unit sphere (Archimedes: z uniform in [-1, 1], angle uniform), then scaled.
    const z = 2 * rng.next() - 1;
    const phi = 2 * Math.PI * rng.next();
    const r = Math.sqrt(1 - z * z);
    out[3 * i] = cx + sx * r * Math.cos(phi);
    out[3 * i + 1] = sy * r * Math.sin(phi);
    out[3 * i + 2] = sz * z;
  }
  return out;
}

function timed(fn: () => number): { value: number; ms: number[] } {
  let value = NaN;
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    value = fn();
    times.push(performance.now() - t);
  }
  return { value, ms: times };
}

function main() {
  console.log(
    `perf:chamfer — ${N} points a side (sphere vs squashed, shifted sphere), median of ${RUNS} runs, ` +
      `brute force on ${SUBSET} a side`,
  );
  const a = ellipsoid(N, 1, 1, 1, 1, 0);
  const b = ellipsoid(N, 2, 1.05, 1, 0.9, 0.02);
  const subA = a.subarray(0, 3 * SUBSET);
  const subB = b.subarray(0, 3 * SUBSET);

  chamferDistance(subA, subB); // warm up the JIT before timing
  const kd = timed(() => chamferDistance(a, b));
  const kdMedian = median(kd.ms);
  console.log(
    `k-d tree, ${N} a side: CD ${kd.value.toFixed(6)}, median ${ms(kdMedian)} ` +
      `(runs ${kd.ms.map((t) => t.toFixed(0)).join(", ")} ms)   [target < 1000 ms]`,
  );

  const kdSub = timed(() => chamferDistance(subA, subB));
  const brute = timed(() => chamferBruteForce(subA, subB));
  const bruteMedian = median(brute.ms);
  if (Math.abs(brute.value - kdSub.value) > 1e-12 * Math.max(1, brute.value)) {
    throw new Error(
      `k-d tree (${kdSub.value}) and brute force (${brute.value}) disagree on the ${SUBSET}-point subset`,
    );
  }
  console.log(`k-d tree, ${SUBSET} a side: CD ${kdSub.value.toFixed(6)}, median ${ms(median(kdSub.ms))}`);
  console.log(
    `brute force, ${SUBSET} a side (measured): CD ${brute.value.toFixed(6)} (equal to the k-d tree), ` +
      `median ${ms(bruteMedian)}`,
  );
  const bruteAtN = bruteMedian * (N / SUBSET) ** 2;
  console.log(
    `brute force, ${N} a side (EXTRAPOLATED from ${SUBSET} by (${N}/${SUBSET})², not measured): ${ms(bruteAtN)}`,
  );
  const ratio = bruteAtN / kdMedian;
  console.log(`k-d tree vs brute force at ${N} a side: ${ratio.toFixed(0)}x faster (brute force extrapolated)`);
  console.log(`speedup ${ratio.toFixed(0)}x`);
}

try {
  main();
} catch (err) {
  console.error(`bench:chamfer failed: ${(err as Error).message}`);
  process.exit(1);
}
