import sharp from "sharp";
import { describe, expect, it } from "vitest";
import {
  chamferBruteForce,
  chamferDistance,
  chamferOfObjects,
  KdTree3,
  type SampledObject,
  subsamplePoints,
} from "../../sidecar/src/metrics/chamfer.js";
import { ssimViews, structuralSimilarity } from "../../sidecar/src/metrics/ssim.js";
import { Rng } from "../../sidecar/src/rng.js";

const points = (...xyz: number[][]) => new Float32Array(xyz.flat());

function cloud(n: number, seed: number, scale = 1): Float32Array {
  const r = new Rng(seed);
  const out = new Float32Array(3 * n);
  for (let i = 0; i < out.length; i++) out[i] = scale * (2 * r.next() - 1);
  return out;
}

/** The 5×5×5 integer grid: points 1 apart. */
function grid(): Float32Array {
  const xyz: number[][] = [];
  for (let x = 0; x < 5; x++) for (let y = 0; y < 5; y++) for (let z = 0; z < 5; z++) xyz.push([x, y, z]);
  return points(...xyz);
}

/** A `geometry.sample` object as the worker would send it. */
function sampled(name: string, pts: Float32Array): SampledObject {
  const bytes = Buffer.alloc(pts.length * 4);
  for (const [i, v] of pts.entries()) bytes.writeFloatLE(v, 4 * i);
  return { name, totalVertices: pts.length / 3, count: pts.length / 3, points: bytes.toString("base64") };
}

describe("Chamfer distance", () => {
  it("is 0 for identical sets", () => {
    const a = cloud(1000, 1);
    expect(chamferDistance(a, a.slice())).toBe(0);
  });

  it("is |v| between a set and its copy shifted by v, when the points are far apart relative to |v|", () => {
    const a = grid();
    const v = [0.1, 0.2, -0.2]; // |v| = 0.3, grid spacing 1: each point's nearest neighbour is its shifted copy
    const b = a.map((x, i) => x + v[i % 3]!);
    expect(chamferDistance(a, b)).toBeCloseTo(0.3, 6);
    expect(chamferDistance(b, a)).toBeCloseTo(0.3, 6);
  });

  it("is the distance between two single points (Euclidean, not squared)", () => {
    expect(chamferDistance(points([1, 2, 3]), points([4, 6, 3]))).toBe(5);
  });

  it("averages each direction over its own set: A = {0}, B = {0, 3} on a line → ½·(0 + 1.5) = 0.75", () => {
    const a = points([0, 0, 0]);
    const b = points([0, 0, 0], [3, 0, 0]);
    expect(chamferDistance(a, b)).toBe(0.75);
    expect(chamferDistance(b, a)).toBe(0.75);
    expect(chamferBruteForce(a, b)).toBe(0.75);
  });

  it("equals brute force on random sets of different sizes and shapes", () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const a = cloud(500 + 137 * seed, seed);
      const b = cloud(300 + 211 * seed, 100 + seed, 1.5);
      const kd = chamferDistance(a, b);
      expect(kd).toBeGreaterThan(0);
      expect(kd).toBeCloseTo(chamferBruteForce(a, b), 12);
    }
  });

  it("equals brute force on degenerate sets: duplicates, a plane, a line, clusters", () => {
    const r = new Rng(7);
    const dup = new Float32Array(3 * 400).map(
      (_, i) => [0.5, -1, 2][i % 3]! + (i < 600 ? 0 : Math.round(r.next() * 3)),
    ); // many identical points
    const plane = cloud(600, 8).map((x, i) => (i % 3 === 2 ? 0 : x)); // z = 0
    const line = cloud(300, 9).map((x, i) => (i % 3 === 0 ? x : 0)); // on the x axis
    const clusters = cloud(500, 10, 0.01).map((x, i) => x + (Math.floor(i / 30) % 4)); // tight blobs
    const sets = [dup, plane, line, clusters, cloud(50, 11)];
    for (const a of sets) for (const b of sets) expect(chamferDistance(a, b)).toBeCloseTo(chamferBruteForce(a, b), 12);
  });

  it("k-d tree nearest-neighbour queries equal a linear scan", () => {
    const pts = cloud(2000, 21);
    const tree = new KdTree3(pts);
    const q = cloud(300, 22, 1.3);
    for (let i = 0; i < q.length; i += 3) {
      let best = Infinity;
      for (let j = 0; j < pts.length; j += 3)
        best = Math.min(best, (pts[j]! - q[i]!) ** 2 + (pts[j + 1]! - q[i + 1]!) ** 2 + (pts[j + 2]! - q[i + 2]!) ** 2);
      expect(tree.nearestSquared(q[i]!, q[i + 1]!, q[i + 2]!)).toBe(best);
    }
  });

  it("throws a clear error naming the empty side", () => {
    const some = points([0, 0, 0]);
    expect(() => chamferDistance(new Float32Array(0), some)).toThrow(/point set A is empty/);
    expect(() => chamferDistance(some, new Float32Array(0))).toThrow(/point set B is empty/);
    expect(() => chamferBruteForce(some, new Float32Array(0))).toThrow(/point set B is empty/);
    expect(() => chamferDistance(some, new Float32Array([1, 2]))).toThrow(/set B .* not a whole number of xyz triples/);
    expect(() => chamferDistance(points([0, NaN, 0]), some)).toThrow(/set A has a non-finite coordinate at point 0/);
  });

  it("subsamples deterministically to at most N points a side", () => {
    const a = cloud(5000, 31);
    const b = cloud(4000, 32);
    const sub = subsamplePoints(a, 700, 5);
    expect(sub.length).toBe(3 * 700);
    expect(subsamplePoints(a, 700, 5)).toEqual(sub);
    expect(subsamplePoints(a, 700, 6)).not.toEqual(sub);
    // Every chosen point is one of the originals, none twice.
    const originals = new Set<string>();
    for (let i = 0; i < a.length; i += 3) originals.add(`${a[i]},${a[i + 1]},${a[i + 2]}`);
    const chosen = new Set<string>();
    for (let i = 0; i < sub.length; i += 3) chosen.add(`${sub[i]},${sub[i + 1]},${sub[i + 2]}`);
    expect(chosen.size).toBe(700);
    for (const p of chosen) expect(originals.has(p)).toBe(true);
    // A set no larger than N is kept whole.
    expect(subsamplePoints(b, 4000)).toBe(b);

    const once = chamferDistance(a, b, { maxPoints: 500, seed: 1 });
    expect(chamferDistance(a, b, { maxPoints: 500, seed: 1 })).toBe(once);
    expect(chamferDistance(a, b, { maxPoints: 500, seed: 2 })).not.toBe(once);
    expect(once).not.toBe(chamferDistance(a, b));
    expect(once).toBe(chamferBruteForce(subsamplePoints(a, 500, 1), subsamplePoints(b, 500, 1)));
    // Both sides share the seed, so identical sets keep identical subsets.
    expect(chamferDistance(a, a.slice(), { maxPoints: 100, seed: 9 })).toBe(0);
    expect(() => chamferDistance(a, b, { maxPoints: 0 })).toThrow(/maxPoints must be a positive integer/);
  });

  it("chamferOfObjects concatenates each side's sampled objects", () => {
    const cube = points([0, 0, 0], [1, 0, 0]);
    const sphere = points([10, 0, 0]);
    const goal = [sampled("Cube", cube), sampled("Sphere", sphere)];
    // The same points in one object on the other side: the same set.
    expect(chamferOfObjects(goal, [sampled("Both", points([10, 0, 0], [1, 0, 0], [0, 0, 0]))])).toBe(0);
    // Sphere moved by 2 along x: A→B mean (0+0+2)/3, B→A mean (0+0+2)/3.
    const moved = [sampled("Cube", cube), sampled("Sphere", points([12, 0, 0]))];
    expect(chamferOfObjects(moved, goal)).toBeCloseTo(2 / 3, 12);
    // Only the cube on side A: A→B 0, B→A (0 + 0 + 9)/3 = 3 → CD 1.5.
    expect(chamferOfObjects([sampled("Cube", cube)], goal)).toBe(1.5);
    expect(() => chamferOfObjects(goal, [sampled("Cube", new Float32Array(0))])).toThrow(
      /side B has no points \(objects: Cube\)/,
    );
    expect(() => chamferOfObjects([], goal)).toThrow(/side A has no points \(objects: none\)/);
  });
});

/** A 64×64 RGB image with structure: smooth gradients and a few shapes. */
function pattern(width = 64, height = 64): Buffer {
  const px = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const i = 3 * (y * width + x);
      const inSquare = x > width / 4 && x < width / 2 && y > height / 4 && y < (3 * height) / 4;
      px[i] = inSquare ? 230 : Math.round((255 * x) / width);
      px[i + 1] = Math.round((255 * y) / height);
      px[i + 2] = (x - width / 2) ** 2 + (y - height / 2) ** 2 < (width / 6) ** 2 ? 40 : 160;
    }
  return px;
}

const png = (raw: Buffer, width = 64, height = 64, channels: 3 | 4 = 3) =>
  sharp(raw, { raw: { width, height, channels } }).png().toBuffer();

/** The raw pixels with seeded uniform noise of ±amplitude added to every channel. */
function noisy(raw: Buffer, amplitude: number, seed: number): Buffer {
  const r = new Rng(seed);
  return Buffer.from(raw.map((v) => Math.max(0, Math.min(255, Math.round(v + amplitude * (2 * r.next() - 1))))));
}

describe("SSIM", () => {
  it("is 1 for identical images, and ignores alpha", async () => {
    const raw = pattern();
    const a = await png(raw);
    expect(await structuralSimilarity(a, a)).toBeCloseTo(1, 10);
    const rgba = Buffer.alloc(64 * 64 * 4);
    for (let i = 0; i < 64 * 64; i++) {
      raw.copy(rgba, 4 * i, 3 * i, 3 * i + 3);
      rgba[4 * i + 3] = i % 2 ? 255 : 0; // alpha varies, colour does not
    }
    expect(await structuralSimilarity(await png(rgba, 64, 64, 4), a)).toBeCloseTo(1, 10);
  });

  it("is below 1 against a noisy copy, and lower still against a totally different image", async () => {
    const raw = pattern();
    const a = await png(raw);
    const slightly = await structuralSimilarity(a, await png(noisy(raw, 10, 1)));
    const very = await structuralSimilarity(a, await png(noisy(raw, 80, 2)));
    const inverted = await structuralSimilarity(a, await png(Buffer.from(raw.map((v) => 255 - v))));
    const unrelated = await structuralSimilarity(a, await png(noisy(Buffer.alloc(raw.length, 128), 127, 3)));
    expect(slightly).toBeLessThan(1);
    expect(slightly).toBeGreaterThan(0.8);
    expect(very).toBeLessThan(slightly);
    expect(unrelated).toBeLessThan(very);
    expect(unrelated).toBeLessThan(0.2);
    // Inverted colours keep the edges but flip every gradient: no better than noise.
    expect(inverted).toBeLessThan(0.2);
  });

  it("resizes the second image to the first when sizes differ", async () => {
    const small = await png(pattern(64, 64));
    const big = await png(pattern(128, 128), 128, 128);
    // The same picture at twice the size: resized back, it is nearly identical.
    const s = await structuralSimilarity(small, big);
    expect(s).toBeGreaterThan(0.9);
    expect(s).toBeLessThanOrEqual(1);
    expect(await structuralSimilarity(big, small)).toBeGreaterThan(0.8);
    // Non-uniform scaling (fill) rather than an error.
    expect(await structuralSimilarity(small, await png(pattern(96, 48), 96, 48))).toBeGreaterThan(0.5);
  });

  it("refuses images smaller than its window", async () => {
    const tiny = await sharp({ create: { width: 8, height: 8, channels: 3, background: { r: 0, g: 0, b: 0 } } })
      .png()
      .toBuffer();
    await expect(structuralSimilarity(tiny, tiny)).rejects.toThrow(/at least 11×11 px \(got 8×8\)/);
  });

  it("averages over views", async () => {
    const raw = pattern();
    const a = await png(raw);
    const b = await png(noisy(raw, 60, 4));
    const single = await structuralSimilarity(a, b);
    expect(await ssimViews([a, a], [a, b])).toBeCloseTo((1 + single) / 2, 10);
    await expect(ssimViews([a], [])).rejects.toThrow(/same non-zero number of views/);
  });
});
