import type { Result } from "../../../protocol/src/index.js";
import { decodePoints } from "../geometry/points.js";
import { Rng } from "../rng.js";

/**
 * Chamfer distance (CD) for the blend-shape, placement and geometry tasks.
 *
 * For two point sets A and B (flat Float32Array xyz triples, e.g. from `geometry.sample`):
 *
 *   CD(A, B) = ½ · ( (1/|A|) · Σ_{a∈A} min_{b∈B} ‖a − b‖  +  (1/|B|) · Σ_{b∈B} min_{a∈A} ‖b − a‖ )
 *
 * where ‖·‖ is the Euclidean distance, NOT squared (some papers sum squared distances;
 * this one does not), so CD is in scene units (Blender metres): a set against a copy of
 * itself shifted by v, with points far apart relative to |v|, has CD = |v|. The metric is
 * symmetric, 0 for identical sets, and the sets may differ in size. Lower is better.
 *
 * Nearest neighbours are found with a static 3-D k-d tree (below). Distances are computed
 * in double precision from the float32 inputs, so the result equals the brute-force
 * O(|A|·|B|) computation (`chamferBruteForce`) exactly, only faster: ~50,000 points a side
 * take well under a second (see `npm run perf:chamfer`).
 */

/** The per-object result of `geometry.sample`. */
export type SampledObject = Result<"geometry.sample">["objects"][number];

export interface ChamferOptions {
  /**
   * Use at most this many points per side: a larger side is subsampled, without
   * replacement, by a seeded shuffle, so the same inputs and seed always give the same
   * result. Unset: all points.
   */
  maxPoints?: number;
  /**
   * Seed of the subsampling (default 0). Both sides use the same seed, so two identical sets keep
   * identical subsets (CD 0).
   */
  seed?: number;
}

/** Points in a leaf: below this a range is scanned linearly rather than split further. */
const LEAF_SIZE = 8;

/**
 * A static 3-D k-d tree over a point set, for nearest-neighbour queries.
 *
 * Built once by median split: at each node the range of point indices is partitioned
 * (quickselect) around its median along the axis of largest extent, the median point
 * becomes the node, and the halves on either side its subtrees. The tree is implicit:
 * a node's range is [lo, hi), its point sits at mid = (lo + hi) >> 1, its children are
 * [lo, mid) and [mid + 1, hi), so only the split axis per node is stored. After the build
 * the coordinates are copied in tree order, so a query walks memory that is close together.
 */
export class KdTree3 {
  /** Number of points. */
  readonly size: number;
  /** xyz of the points in tree order, as doubles (exact copies of the float32 inputs). */
  private readonly coords: Float64Array;
  /** Split axis (0 x, 1 y, 2 z) of the node whose point sits at this position. */
  private readonly axes: Uint8Array;
  /** Explicit stack for queries: [lo, hi) pairs, with the squared distance to their splitting plane. */
  private readonly stackRange: Int32Array;
  private readonly stackDist: Float64Array;

  constructor(points: Float32Array) {
    if (points.length % 3 !== 0)
      throw new Error(`a point set of ${points.length} floats is not a whole number of xyz triples`);
    const n = points.length / 3;
    this.size = n;
    const index = new Uint32Array(n);
    for (let i = 0; i < n; i++) index[i] = i;
    this.axes = new Uint8Array(n);
    build(points, index, this.axes, 0, n);
    this.coords = new Float64Array(3 * n);
    for (let i = 0; i < n; i++) {
      const p = 3 * index[i]!;
      this.coords[3 * i] = points[p]!;
      this.coords[3 * i + 1] = points[p + 1]!;
      this.coords[3 * i + 2] = points[p + 2]!;
    }
    // A query descends one path and keeps at most one deferred sibling per level.
    const depth = Math.ceil(Math.log2(n + 1)) + 2;
    this.stackRange = new Int32Array(2 * depth);
    this.stackDist = new Float64Array(depth);
  }

  /** Squared Euclidean distance from (x, y, z) to the nearest point of the tree (Infinity for an empty tree). */
  nearestSquared(x: number, y: number, z: number): number {
    const { coords, axes, stackRange, stackDist } = this;
    let best = Infinity;
    let top = 0;
    let lo = 0;
    let hi = this.size;
    for (;;) {
      if (hi - lo <= LEAF_SIZE) {
        for (let i = lo; i < hi; i++) {
          const dx = coords[3 * i]! - x;
          const dy = coords[3 * i + 1]! - y;
          const dz = coords[3 * i + 2]! - z;
          const d = dx * dx + dy * dy + dz * dz;
          if (d < best) best = d;
        }
        // Pop the next deferred subtree whose splitting plane is still closer than the best.
        lo = -1;
        while (top > 0) {
          top--;
          if (stackDist[top]! < best) {
            lo = stackRange[2 * top]!;
            hi = stackRange[2 * top + 1]!;
            break;
          }
        }
        if (lo < 0) return best;
        continue;
      }
      const mid = (lo + hi) >> 1;
      const px = coords[3 * mid]!;
      const py = coords[3 * mid + 1]!;
      const pz = coords[3 * mid + 2]!;
      const dx = px - x;
      const dy = py - y;
      const dz = pz - z;
      const d = dx * dx + dy * dy + dz * dz;
      if (d < best) best = d;
      const axis = axes[mid]!;
      const delta = axis === 0 ? x - px : axis === 1 ? y - py : z - pz;
      // Descend into the side of the plane the query is on; the other side may hold a
      // nearer point only if the plane is nearer than the best so far: defer it.
      if (delta < 0) {
        stackRange[2 * top] = mid + 1;
        stackRange[2 * top + 1] = hi;
        hi = mid;
      } else {
        stackRange[2 * top] = lo;
        stackRange[2 * top + 1] = mid;
        lo = mid + 1;
      }
      stackDist[top] = delta * delta;
      top++;
    }
  }
}

/** Build the subtree over index[lo, hi): median split along the axis of largest extent. */
function build(points: Float32Array, index: Uint32Array, axes: Uint8Array, lo: number, hi: number): void {
  if (hi - lo <= LEAF_SIZE) return;
  let minX = Infinity,
    minY = Infinity,
    minZ = Infinity;
  let maxX = -Infinity,
    maxY = -Infinity,
    maxZ = -Infinity;
  for (let i = lo; i < hi; i++) {
    const p = 3 * index[i]!;
    const x = points[p]!,
      y = points[p + 1]!,
      z = points[p + 2]!;
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
    if (z < minZ) minZ = z;
    if (z > maxZ) maxZ = z;
  }
  const ex = maxX - minX,
    ey = maxY - minY,
    ez = maxZ - minZ;
  const axis = ex >= ey && ex >= ez ? 0 : ey >= ez ? 1 : 2;
  const mid = (lo + hi) >> 1;
  select(points, index, axis, lo, hi - 1, mid);
  axes[mid] = axis;
  build(points, index, axes, lo, mid);
  build(points, index, axes, mid + 1, hi);
}

/**
 * Quickselect (Hoare partition, middle pivot): reorder index[left..right] so that the
 * k-th lies where it would in sorted order along `axis`, smaller-or-equal before it,
 * greater-or-equal after it.
 */
function select(points: Float32Array, index: Uint32Array, axis: number, left: number, right: number, k: number): void {
  while (right > left) {
    const pivot = points[3 * index[(left + right) >> 1]! + axis]!;
    let i = left;
    let j = right;
    while (i <= j) {
      while (points[3 * index[i]! + axis]! < pivot) i++;
      while (points[3 * index[j]! + axis]! > pivot) j--;
      if (i <= j) {
        const t = index[i]!;
        index[i] = index[j]!;
        index[j] = t;
        i++;
        j--;
      }
    }
    // Now [left, j] <= pivot <= [i, right], and anything between j and i equals the pivot.
    if (k <= j) right = j;
    else if (k >= i) left = i;
    else return;
  }
}

/** Mean over the points of `from` of the Euclidean distance to the nearest point of `tree`. */
function meanNearest(from: Float32Array, tree: KdTree3): number {
  const n = from.length / 3;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += Math.sqrt(tree.nearestSquared(from[3 * i]!, from[3 * i + 1]!, from[3 * i + 2]!));
  return sum / n;
}

/** Checks a side: whole xyz triples, at least one point, finite coordinates. */
function checkSide(points: Float32Array, side: "A" | "B"): void {
  if (points.length % 3 !== 0)
    throw new Error(
      `Chamfer distance: point set ${side} has ${points.length} floats, not a whole number of xyz triples`,
    );
  if (points.length === 0) throw new Error(`Chamfer distance: point set ${side} is empty`);
  for (let i = 0; i < points.length; i++) {
    if (!Number.isFinite(points[i]!))
      throw new Error(`Chamfer distance: point set ${side} has a non-finite coordinate at point ${Math.floor(i / 3)}`);
  }
}

/**
 * At most `maxPoints` of the points, chosen without replacement by a partial Fisher–Yates
 * shuffle seeded with `seed` (kept in their original order). The same input and seed give
 * the same subset; a set no larger than `maxPoints` is returned as it is.
 */
export function subsamplePoints(points: Float32Array, maxPoints: number, seed = 0): Float32Array {
  if (!Number.isInteger(maxPoints) || maxPoints < 1)
    throw new Error(`maxPoints must be a positive integer (got ${maxPoints})`);
  const n = Math.floor(points.length / 3);
  if (n <= maxPoints) return points;
  const rng = new Rng(seed);
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  for (let i = 0; i < maxPoints; i++) {
    const j = i + rng.int(n - i);
    const t = order[i]!;
    order[i] = order[j]!;
    order[j] = t;
  }
  const chosen = order.subarray(0, maxPoints).sort();
  const out = new Float32Array(3 * maxPoints);
  for (let i = 0; i < maxPoints; i++) out.set(points.subarray(3 * chosen[i]!, 3 * chosen[i]! + 3), 3 * i);
  return out;
}

function prepare(a: Float32Array, b: Float32Array, options: ChamferOptions): [Float32Array, Float32Array] {
  checkSide(a, "A");
  checkSide(b, "B");
  if (options.maxPoints === undefined) return [a, b];
  const seed = options.seed ?? 0;
  return [subsamplePoints(a, options.maxPoints, seed), subsamplePoints(b, options.maxPoints, seed)];
}

/**
 * Chamfer distance between point sets A and B (flat xyz float32 triples), by k-d tree:
 * ½·(mean_a min_b ‖a−b‖ + mean_b min_a ‖b−a‖), Euclidean distance, not squared.
 * Throws when either side is empty (naming the side) or has non-finite coordinates.
 */
export function chamferDistance(a: Float32Array, b: Float32Array, options: ChamferOptions = {}): number {
  const [pa, pb] = prepare(a, b, options);
  return 0.5 * (meanNearest(pa, new KdTree3(pb)) + meanNearest(pb, new KdTree3(pa)));
}

/**
 * The same Chamfer distance by the O(|A|·|B|) double loop: the reference the k-d tree is tested
 * and benchmarked against.
 */
export function chamferBruteForce(a: Float32Array, b: Float32Array, options: ChamferOptions = {}): number {
  const [pa, pb] = prepare(a, b, options);
  const meanNearestBrute = (from: Float32Array, to: Float32Array) => {
    let sum = 0;
    for (let i = 0; i < from.length; i += 3) {
      const x = from[i]!,
        y = from[i + 1]!,
        z = from[i + 2]!;
      let best = Infinity;
      for (let j = 0; j < to.length; j += 3) {
        const dx = to[j]! - x,
          dy = to[j + 1]! - y,
          dz = to[j + 2]! - z;
        const d = dx * dx + dy * dy + dz * dz;
        if (d < best) best = d;
      }
      sum += Math.sqrt(best);
    }
    return sum / (from.length / 3);
  };
  return 0.5 * (meanNearestBrute(pa, pb) + meanNearestBrute(pb, pa));
}

/**
 * Points `geometry.sample` takes per Chamfer object: enough for a stable mean,
 * few enough to sample and compare fast.
 */
export const CHAMFER_POINTS_PER_OBJECT = 5000;

/** All points of the sampled objects, concatenated in the order given. */
export function concatSampledPoints(objects: readonly SampledObject[]): Float32Array {
  const parts = objects.map((o) => decodePoints(o.points));
  const out = new Float32Array(parts.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/**
 * CD between two evaluations of a task's chamferObjects: each side is the per-object
 * result of `geometry.sample` (e.g. candidate, then goal), whose points are concatenated
 * into one set per side. Throws, naming the side and its objects, when a side has no points.
 */
export function chamferOfObjects(
  samplesA: readonly SampledObject[],
  samplesB: readonly SampledObject[],
  options: ChamferOptions = {},
): number {
  const a = concatSampledPoints(samplesA);
  const b = concatSampledPoints(samplesB);
  const names = (s: readonly SampledObject[]) => (s.length ? s.map((o) => o.name).join(", ") : "none");
  if (a.length === 0) throw new Error(`Chamfer distance: side A has no points (objects: ${names(samplesA)})`);
  if (b.length === 0) throw new Error(`Chamfer distance: side B has no points (objects: ${names(samplesB)})`);
  return chamferDistance(a, b, options);
}
