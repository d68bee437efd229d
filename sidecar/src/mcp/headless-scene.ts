import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import type { SceneSource } from "../../../protocol/src/index.js";
import type { BlenderClient } from "../hub/blender-client.js";
import type { Hub } from "../hub/hub-server.js";
import { logger } from "../log.js";
import { type PoolOptions, WorkerPool } from "../pool/worker-pool.js";

const log = logger("mcp");

/** A scene file as the workers load it: a .blend opened, a .py run in an empty scene. */
export function sceneSourceOf(file: string): SceneSource {
  const ext = path.extname(file).toLowerCase();
  if (ext === ".blend") {
    if (!existsSync(file)) throw new Error(`--scene ${file}: no such file`);
    return { blendPath: path.resolve(file) };
  }
  if (ext === ".py") {
    try {
      return { script: readFileSync(file, "utf8"), name: path.basename(file) };
    } catch (err) {
      throw new Error(`--scene ${file}: cannot read it (${(err as NodeJS.ErrnoException).code ?? err})`);
    }
  }
  throw new Error(`--scene ${file}: give a .blend file, or a .py script that builds the scene`);
}

/**
 * The scene MCP tools edit when no artist's Blender is open: a scene file held by a
 * headless Blender of its own (a pool of one, sandboxed like every worker), loaded once and
 * edited in place. If that Blender dies it is replaced and the file loaded again: edits not
 * yet saved (save_scene) are lost, and the log says so.
 */
export class HeadlessScene {
  private constructor(
    private readonly pool: WorkerPool,
    private readonly source: SceneSource,
    readonly file: string,
  ) {}

  static async start(hub: Hub, file: string, options: PoolOptions): Promise<HeadlessScene> {
    const source = sceneSourceOf(file);
    const pool = await WorkerPool.start(hub, { ...options, size: 1, idPrefix: "scene-" });
    const scene = new HeadlessScene(pool, source, file);
    await scene.blender();
    log.info(`headless scene ${file} loaded`);
    return scene;
  }

  /** The Blender holding the scene (loading it first into a replacement, after a crash). */
  blender(): Promise<BlenderClient> {
    return this.pool.withWorker(async (w) => {
      const fresh = !w.scenes.size;
      await this.pool.ensureScene(w, this.source);
      if (fresh && w.id !== "scene-1") log.warn(`the headless scene's Blender was replaced: ${this.file} loaded again`);
      return w.client!;
    });
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}
