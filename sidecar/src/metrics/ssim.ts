import { ssim } from "ssim.js";
import { meanOverViews, rgb } from "./photometric.js";

/** Side of the Gaussian window, in pixels. */
const WINDOW = 11;

/**
 * Structural similarity (SSIM, Wang et al. 2004) between two images, an extra metric
 * column beside PL. HIGHER IS BETTER, unlike PL, N-CLIP and CD: 1 means identical, values
 * fall towards 0 (and may go slightly below) as structure, contrast and brightness differ.
 *
 * Computed by `ssim.js` in its "fast" mode, which gives the reference (MATLAB ssim.m)
 * result with a separable filter: luma (integer rgb2gray) of the RGB channels, 11×11
 * Gaussian window (σ 1.5), K1 0.01, K2 0.03, 8-bit range, and Wang's automatic
 * downsampling, so the shorter side is compared at about 256 px (the scale SSIM was
 * calibrated at); the result is the mean of the SSIM map.
 *
 * Pixels are decoded with sharp exactly as PL does: alpha dropped, sRGB, the second image
 * resized (fill) to the first when sizes differ. Images must be at least 11 px on each
 * side (one window); smaller ones throw rather than give ssim.js's meaningless 1 or NaN.
 */
export async function structuralSimilarity(a: Buffer, b: Buffer): Promise<number> {
  // ssim.js reads RGBA: the RGB PL reads, with an opaque alpha it ignores.
  const first = await rgb(a, undefined, true);
  const { width, height } = first.info;
  if (first.data.length !== width * height * 4)
    throw new Error(
      `SSIM expected 8-bit RGBA pixels, ` +
        `got ${first.info.channels} channels of ${first.data.length / (width * height * first.info.channels)} bytes`,
    );
  if (width < WINDOW || height < WINDOW)
    throw new Error(`SSIM needs images of at least ${WINDOW}×${WINDOW} px (got ${width}×${height})`);
  const second = (await rgb(b, first.info, true)).data;
  const asImage = (data: Buffer) => ({
    data: new Uint8ClampedArray(data.buffer, data.byteOffset, data.length),
    width,
    height,
  });
  return ssim(asImage(first.data), asImage(second), { ssim: "fast", windowSize: WINDOW }).mssim;
}

/** SSIM averaged over views given in the same order (higher is better). */
export function ssimViews(a: readonly Buffer[], b: readonly Buffer[]): Promise<number> {
  return meanOverViews("SSIM", a, b, structuralSimilarity);
}
