import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { photometricLoss, photometricLossViews } from "../../sidecar/src/metrics/photometric.js";

const solid = (w: number, h: number, rgb: [number, number, number], alpha = false) =>
  sharp({
    create: { width: w, height: h, channels: alpha ? 4 : 3, background: { r: rgb[0], g: rgb[1], b: rgb[2], alpha: 1 } },
  })
    .png()
    .toBuffer();

describe("photometric loss", () => {
  it("is 0 for identical images and 1 between black and white", async () => {
    const black = await solid(8, 8, [0, 0, 0]);
    expect(await photometricLoss(black, black)).toBe(0);
    expect(await photometricLoss(black, await solid(8, 8, [255, 255, 255]))).toBe(1);
  });

  it("averages squared channel differences scaled to [0, 1], ignoring alpha", async () => {
    // One channel off by 51/255 = 0.2 everywhere: mean over 3 channels of 0.04 → 0.04/3.
    const a = await solid(4, 4, [0, 0, 0], true);
    const b = await solid(4, 4, [51, 0, 0]);
    expect(await photometricLoss(a, b)).toBeCloseTo(0.04 / 3, 10);
  });

  it("a known shift gives a known PL: an edge moved by k of W columns differs on k/W of the pixels", async () => {
    // Columns left of `edge` white, the rest black; moving the edge by k columns flips k columns fully.
    const edgeAt = (edge: number) => {
      const raw = Buffer.alloc(16 * 8 * 3);
      for (let y = 0; y < 8; y++) for (let x = 0; x < edge; x++) raw.fill(255, 3 * (y * 16 + x), 3 * (y * 16 + x) + 3);
      return sharp(raw, { raw: { width: 16, height: 8, channels: 3 } })
        .png()
        .toBuffer();
    };
    const base = await edgeAt(8);
    for (const k of [1, 3, 5]) expect(await photometricLoss(base, await edgeAt(8 + k))).toBeCloseTo(k / 16, 12);
  });

  it("resizes the second image to the first, and averages over views", async () => {
    const big = await solid(16, 16, [255, 255, 255]);
    const small = await solid(4, 4, [255, 255, 255]);
    expect(await photometricLoss(big, small)).toBe(0);
    const black = await solid(4, 4, [0, 0, 0]);
    expect(await photometricLossViews([black, black], [black, small])).toBe(0.5);
    await expect(photometricLossViews([black], [])).rejects.toThrow(/same non-zero number of views/);
  });
});
