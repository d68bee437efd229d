import sharp from "sharp";
import { escapeXml } from "../svg-text.js";

/** Height of the label bar under each tile. */
const LABEL = 26;
const GAP = 4;

/** A PNG scaled down (never up) so that its longer side is at most `maxSize`. */
export async function fitWithin(png: Buffer, maxSize: number): Promise<{ png: Buffer; width: number; height: number }> {
  const { data, info } = await sharp(png)
    .resize({ width: maxSize, height: maxSize, fit: "inside", withoutEnlargement: true })
    .png()
    .toBuffer({ resolveWithObject: true });
  return { png: data, width: info.width, height: info.height };
}

function labelBar(text: string, width: number): Buffer {
  const chars = Math.max(6, Math.floor(width / 8));
  const clipped = text.length > chars ? `${text.slice(0, chars - 1)}…` : text;
  return Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${LABEL}">` +
      `<rect width="100%" height="100%" fill="#202024"/>` +
      `<text x="8" y="18" font-family="DejaVu Sans, sans-serif" font-size="14" fill="#ffffff">` +
      `${escapeXml(clipped)}</text></svg>`,
  );
}

/**
 * Several views in one labelled image, at most `maxSize` wide and high: a grid as square
 * as the count allows, each tile the view scaled to fit, its name under it.
 */
export async function montage(views: { label: string; png: Buffer }[], maxSize: number): Promise<Buffer> {
  const columns = Math.ceil(Math.sqrt(views.length));
  const rows = Math.ceil(views.length / columns);
  const first = await sharp(views[0]!.png).metadata();
  const aspect = (first.height ?? 1) / (first.width ?? 1);
  // As wide as the columns allow, as high as the views' aspect asks, within the bound both ways.
  let tileWidth = Math.floor((maxSize - GAP * (columns - 1)) / columns);
  let tileHeight = Math.round(tileWidth * aspect);
  const highest = Math.floor((maxSize - GAP * (rows - 1)) / rows) - LABEL;
  if (tileHeight > highest) {
    tileHeight = Math.max(16, highest);
    tileWidth = Math.max(16, Math.round(tileHeight / aspect));
  }
  const tiles = await Promise.all(
    views.map((v) =>
      sharp(v.png).resize(tileWidth, tileHeight, { fit: "contain", background: "#0f1114" }).png().toBuffer(),
    ),
  );
  const cellHeight = tileHeight + LABEL;
  return sharp({
    create: {
      width: columns * tileWidth + GAP * (columns - 1),
      height: rows * cellHeight + GAP * (rows - 1),
      channels: 3,
      background: "#0f1114",
    },
  })
    .composite(
      tiles.flatMap((input, i) => {
        const left = (i % columns) * (tileWidth + GAP);
        const top = Math.floor(i / columns) * (cellHeight + GAP);
        return [
          { input, left, top },
          { input: labelBar(views[i]!.label, tileWidth), left, top: top + tileHeight },
        ];
      }),
    )
    .png()
    .toBuffer();
}
