import { execFileSync } from "node:child_process";
import sharp from "sharp";

/** The X display a window is on, and the cookie to open it with (xvfb-run makes its own). */
export interface XDisplay {
  display: string;
  xauthority?: string;
}

/**
 * A PNG of the whole X screen, as the X server shows it: `xwd` (Debian's x11-apps) reads
 * it, and its XWD image (a header of 25 big-endian words, the window name, a colour map,
 * then rows of pixels) is turned into RGB for sharp. Only the 32-bit true-colour screens
 * Xvfb makes are read. A blank screen is an error.
 */
export async function screenshotX(x: XDisplay, file: string): Promise<void> {
  const xwd = execFileSync("xwd", ["-root", "-silent", "-display", x.display], {
    env: { ...process.env, ...(x.xauthority ? { XAUTHORITY: x.xauthority } : {}) },
    maxBuffer: 256 * 1024 * 1024,
  });
  const word = (i: number) => xwd.readUInt32BE(4 * i);
  const [headerSize, width, height, byteOrder] = [word(0), word(4), word(5), word(7)];
  const [bitsPerPixel, bytesPerLine, colours] = [word(11), word(12), word(19)];
  const masks = [word(14), word(15), word(16)];
  if (bitsPerPixel !== 32) throw new Error(`xwd gave ${bitsPerPixel} bits per pixel; only 32 is read here`);
  const pixels = headerSize + colours * 12;
  const shifts = masks.map((m) => 32 - Math.clz32(m) - 8); // where each 8-bit channel sits
  const rgb = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const at = pixels + y * bytesPerLine + 4 * x;
      const p = byteOrder === 0 ? xwd.readUInt32LE(at) : xwd.readUInt32BE(at);
      for (let c = 0; c < 3; c++) rgb[3 * (y * width + x) + c] = ((p & masks[c]!) >>> shifts[c]!) & 0xff;
    }
  }
  const image = sharp(rgb, { raw: { width, height, channels: 3 } });
  // A screen of one colour is a window that never drew: no picture worth looking at.
  const { channels } = await image.stats();
  if (channels.every((c) => c.stdev < 1)) throw new Error(`the screenshot of ${x.display} is blank`);
  await image.png().toFile(file);
}
