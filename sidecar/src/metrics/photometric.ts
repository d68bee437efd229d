import sharp from "sharp";

/**
 * 8-bit sRGB pixels of an image as every image metric reads them: alpha dropped; resized
 * (fill) to `size` when given; `opaqueAlpha` adds back an opaque alpha channel for
 * readers that want RGBA (SSIM).
 */
export async function rgb(png: Buffer, size?: { width: number; height: number }, opaqueAlpha = false) {
  let pipeline = sharp(png).removeAlpha().toColourspace("srgb");
  if (size) pipeline = pipeline.resize(size.width, size.height, { fit: "fill" });
  if (opaqueAlpha) pipeline = pipeline.ensureAlpha(1);
  return pipeline.raw().toBuffer({ resolveWithObject: true });
}

/** A PNG's RGB as floats in 0..1, row by row (at `size` when given), for searches that compare renders in float. */
export async function floatRgb(png: Buffer, size?: { width: number; height: number }) {
  const { data, info } = await rgb(png, size);
  return { width: info.width, height: info.height, data: Float32Array.from(data, (v) => v / 255) };
}

/** A per-image metric averaged over views given in the same order. */
export async function meanOverViews(
  name: string,
  a: readonly Buffer[],
  b: readonly Buffer[],
  metric: (a: Buffer, b: Buffer) => Promise<number>,
): Promise<number> {
  if (a.length !== b.length || a.length === 0)
    throw new Error(`${name} needs the same non-zero number of views on both sides (got ${a.length} and ${b.length})`);
  const values = await Promise.all(a.map((img, i) => metric(img, b[i]!)));
  return values.reduce((s, x) => s + x, 0) / values.length;
}

/** Mean of squared differences of two equally long 8-bit buffers, scaled to [0, 1]. */
function meanSquaredDifference(a: Buffer, b: Buffer): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) {
    const d = (a[i]! - b[i]!) / 255;
    sum += d * d;
  }
  return sum / a.length;
}

/**
 * Photometric loss (PL) as BlenderGym reports it: the mean over H×W×3 of the squared
 * difference of pixel values scaled to [0, 1], alpha dropped; when sizes differ the
 * second image is resized to the first. Reported as-is (not ×100).
 */
export async function photometricLoss(a: Buffer, b: Buffer): Promise<number> {
  const first = await rgb(a);
  const second = await rgb(b, first.info);
  return meanSquaredDifference(first.data, second.data);
}

/** A PL for people: three significant digits, or "n/a" when there is none. */
export const formatPL = (pl: number | undefined): string => (pl === undefined ? "n/a" : pl.toExponential(3));

/** PL averaged over views given in the same order. */
export function photometricLossViews(a: readonly Buffer[], b: readonly Buffer[]): Promise<number> {
  return meanOverViews("PL", a, b, photometricLoss);
}

/**
 * Goal images decoded once, for scoring many candidates against them (the agent's hot
 * path). Same result as photometricLossViews(candidate, goal): a candidate of another size
 * falls back to it, so the goal is still the image resized.
 */
export class PhotometricGoal {
  private constructor(
    private readonly pngs: readonly Buffer[],
    private readonly decoded: { data: Buffer; info: { width: number; height: number } }[],
  ) {}

  static async of(pngs: readonly Buffer[]): Promise<PhotometricGoal> {
    if (pngs.length === 0) throw new Error("PL needs at least one goal view");
    return new PhotometricGoal(pngs, await Promise.all(pngs.map((png) => rgb(png))));
  }

  async lossOf(candidate: readonly Buffer[]): Promise<number> {
    if (candidate.length !== this.pngs.length)
      throw new Error(
        `PL needs the same number of views on both sides (got ${candidate.length} and ${this.pngs.length})`,
      );
    const losses = await Promise.all(
      candidate.map(async (png, i) => {
        const goal = this.decoded[i]!;
        const mine = await rgb(png);
        const sameSize = mine.info.width === goal.info.width && mine.info.height === goal.info.height;
        return sameSize ? meanSquaredDifference(mine.data, goal.data) : photometricLoss(png, this.pngs[i]!);
      }),
    );
    return losses.reduce((s, x) => s + x, 0) / losses.length;
  }
}
