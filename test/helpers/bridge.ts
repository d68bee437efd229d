import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import sharp from "sharp";
import { type LocalPool, startLocalPool } from "../../sidecar/src/pool/local-pool.js";
import type { PoolOptions } from "../../sidecar/src/pool/worker-pool.js";

export const SIMPLE_SCENE_PATH = fileURLToPath(new URL("../../tasks/scenes/simple_scene.py", import.meta.url));

export const SIMPLE_SCENE = { script: readFileSync(SIMPLE_SCENE_PATH, "utf8"), name: "simple_scene.py" };

export type Bridge = LocalPool;

/** A hub on a free loopback port with a pool of real headless Blender workers (one by default). */
export function startBridge(options: PoolOptions = {}): Promise<Bridge> {
  return startLocalPool({ size: 1, ...options });
}

/** Decoded RGB pixels of a base64 PNG. */
export async function pixels(pngBase64: string): Promise<{ data: Buffer; width: number; height: number }> {
  const { data, info } = await sharp(Buffer.from(pngBase64, "base64"))
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}
