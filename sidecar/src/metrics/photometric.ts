import sharp from "sharp";

/**
 * Photometric loss (PL) as BlenderGym reports it: the mean over H×W×3 of the squared
 * difference of pixel values scaled to [0, 1], alpha dropped; when sizes differ the
 * second image is resized to the first. Reported as-is (not ×100).
 */
export async function photometricLoss(a: Buffer, b: Buffer): Promise<number> {
  const first = await sharp(a).removeAlpha().toColourspace("srgb").raw().toBuffer({ resolveWithObject: true });
  const { width, height } = first.info;
  const second = await sharp(b).removeAlpha().toColourspace("srgb").resize(width, height, { fit: "fill" }).raw().toBuffer();
  const pa = first.data;
  let sum = 0;
  for (let i = 0; i < pa.length; i++) {
    const d = (pa[i]! - second[i]!) / 255;
    sum += d * d;
  }
  return sum / pa.length;
}

/** PL averaged over views given in the same order. */
export async function photometricLossViews(a: readonly Buffer[], b: readonly Buffer[]): Promise<number> {
  if (a.length !== b.length || a.length === 0) throw new Error(`PL needs the same non-zero number of views on both sides (got ${a.length} and ${b.length})`);
  const losses = await Promise.all(a.map((img, i) => photometricLoss(img, b[i]!)));
  return losses.reduce((s, x) => s + x, 0) / losses.length;
}
