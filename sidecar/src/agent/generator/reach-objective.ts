import { floatRgb } from "../../metrics/photometric.js";

/**
 * The offline search's own objective, with reach. PL compares pixels where they are: an
 * object that does not overlap its place in the goal scores the same wherever it stands,
 * so a search on PL alone gets no signal to move it, and hiding it is the best move it
 * can see. Blurred and shrunk, an object's image spreads over the frame, and the loss
 * between two blurred images falls steadily as the object approaches its goal position,
 * from any distance within the frame. The objective mixes PL with its blurred levels,
 * coarse first and fine as the episode goes (`progress` from 0 to 1). It reads
 * screening renders (64 px): every level is made at a fixed size, so any render size will do.
 *
 * Only the search reads it: the verifier still ranks by true PL where it decides the
 * incumbent, so the record's scores mean what they always meant.
 */

/** The levels: side in pixels and Gaussian σ in those pixels (none, then ≈ 1/64, 1/13, 1/3 of the frame). */
const LEVELS = [
  { size: 64, sigma: 0 },
  { size: 64, sigma: 1 },
  { size: 32, sigma: 2.5 },
  { size: 16, sigma: 5 },
] as const;

/** A view as the blurred levels see it: one float image (RGB in [0, 1]) per level. */
type Pyramid = Float32Array[];

export class ReachObjective {
  private readonly goal: Promise<Pyramid[]>;
  private readonly cache = new Map<string, Promise<number[]>>();

  constructor(goalPngs: readonly Buffer[]) {
    this.goal = Promise.all(goalPngs.map(pyramidOf));
  }

  /** The losses of one candidate at each level, computed once per key (a program hash: renders are deterministic). */
  levels(key: string, pngs: readonly Buffer[]): Promise<number[]> {
    let losses = this.cache.get(key);
    if (!losses) {
      losses = this.losses(pngs);
      this.cache.set(key, losses);
    }
    return losses;
  }

  /** Forget every candidate but these (the search keeps only the incumbent's across iterations). */
  keepOnly(keys: readonly string[]): void {
    for (const key of [...this.cache.keys()]) if (!keys.includes(key)) this.cache.delete(key);
  }

  private async losses(pngs: readonly Buffer[]): Promise<number[]> {
    const goal = await this.goal;
    if (pngs.length !== goal.length)
      throw new Error(`the objective needs one render per goal view (got ${pngs.length}, goal ${goal.length})`);
    const mine = await Promise.all(pngs.map(pyramidOf));
    return LEVELS.map((_, level) => {
      const perView = mine.map((p, view) => meanSquared(p[level]!, goal[view]![level]!));
      return perView.reduce((s, x) => s + x, 0) / perView.length;
    });
  }
}

/** The incumbent's own objective (every level relative to itself): drafts below it are better. */
export const INCUMBENT_OBJECTIVE = 1;

/**
 * The objective of a candidate from its level losses: each relative to the incumbent's (so
 * every level counts by how much it improves, whatever its scale), weighed by a bump that
 * moves from the coarsest level (progress 0) to the unblurred one (progress 1), which
 * always keeps a quarter of the weight, so what is already in place stays in place. The
 * incumbent itself scores 1; below 1 is better.
 */
export function objectiveOf(losses: readonly number[], incumbent: readonly number[], progress: number): number {
  const weights = levelWeights(losses.length, progress);
  return losses.reduce((sum, loss, i) => sum + (weights[i]! * (loss + 1e-12)) / (incumbent[i]! + 1e-12), 0);
}

export function levelWeights(count: number, progress: number): number[] {
  const centre = (count - 1) * (1 - Math.min(1, Math.max(0, progress)));
  const bump = Array.from({ length: count }, (_, i) => Math.exp(-((i - centre) ** 2)));
  const total = bump.reduce((s, x) => s + x, 0);
  return bump.map((b, i) => 0.75 * (b / total) + (i === 0 ? 0.25 : 0));
}

async function pyramidOf(png: Buffer): Promise<Pyramid> {
  return Promise.all(
    LEVELS.map(async ({ size, sigma }) => {
      const { data: pixels } = await floatRgb(png, { width: size, height: size });
      return sigma > 0 ? gaussianBlur(pixels, size, sigma) : pixels;
    }),
  );
}

/** A separable Gaussian blur of a square RGB float image, in float (8-bit would cut the tails that give reach). */
export function gaussianBlur(rgb: Float32Array, size: number, sigma: number): Float32Array {
  const radius = Math.ceil(3 * sigma);
  const kernel = Array.from({ length: 2 * radius + 1 }, (_, i) => Math.exp(-((i - radius) ** 2) / (2 * sigma * sigma)));
  const pass = (src: Float32Array, horizontal: boolean) => {
    const out = new Float32Array(src.length);
    for (let y = 0; y < size; y++)
      for (let x = 0; x < size; x++)
        for (let c = 0; c < 3; c++) {
          // Only the pixels within the frame, weighed by their share of the kernel: nothing
          // at the border counts twice (as repeating the border pixel would make it).
          let sum = 0;
          let weight = 0;
          for (let k = -radius; k <= radius; k++) {
            const xx = horizontal ? x + k : x;
            const yy = horizontal ? y : y + k;
            if (xx < 0 || yy < 0 || xx >= size || yy >= size) continue;
            sum += kernel[k + radius]! * src[(yy * size + xx) * 3 + c]!;
            weight += kernel[k + radius]!;
          }
          out[(y * size + x) * 3 + c] = sum / weight;
        }
    return out;
  };
  return pass(pass(rgb, true), false);
}

function meanSquared(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += (a[i]! - b[i]!) ** 2;
  return sum / a.length;
}
