import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import sharp from "sharp";
import { Hub } from "../../sidecar/src/hub/hub-server.js";
import { WorkerPool, type PoolOptions } from "../../sidecar/src/pool/worker-pool.js";


export const SIMPLE_SCENE_PATH = fileURLToPath(new URL("../../tasks/scenes/simple_scene.py", import.meta.url));

export const SIMPLE_SCENE = { script: readFileSync(SIMPLE_SCENE_PATH, "utf8"), name: "simple_scene.py" };

export interface Bridge {
  hub: Hub;
  pool: WorkerPool;
  close(): Promise<void>;
}

/** A hub on a free loopback port with a pool of real headless Blender workers. */
export async function startBridge(options: PoolOptions = {}): Promise<Bridge> {
  const hub = await Hub.start({ port: 0 });
  const pool = await WorkerPool.start(hub, { size: 1, ...options });
  return {
    hub,
    pool,
    async close() {
      await pool.close();
      await hub.close();
    },
  };
}

/** Decoded RGB pixels of a base64 PNG. */
export async function pixels(pngBase64: string): Promise<{ data: Buffer; width: number; height: number }> {
  const { data, info } = await sharp(Buffer.from(pngBase64, "base64")).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

/** Mean squared difference of two same-sized RGB images, pixel values in [0, 1]. */
export async function meanSquaredDifference(a: string, b: string): Promise<number> {
  const [pa, pb] = await Promise.all([pixels(a), pixels(b)]);
  if (pa.width !== pb.width || pa.height !== pb.height) throw new Error("images differ in size");
  let sum = 0;
  for (let i = 0; i < pa.data.length; i++) {
    const d = (pa.data[i]! - pb.data[i]!) / 255;
    sum += d * d;
  }
  return sum / pa.data.length;
}
