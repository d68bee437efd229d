import { rm } from "node:fs/promises";
import type { ParamsIn, RenderedView, RenderSettings, Result, View } from "../../../protocol/src/index.js";
import { BlenderClient } from "../hub/blender-client.js";
import type { Hub } from "../hub/hub-server.js";
import { BlenderRpcError } from "../hub/rpc-error.js";
import type { PoolWorker, WorkerPool } from "../pool/worker-pool.js";
import type { HeadlessScene } from "./headless-scene.js";

/** What a program did to a copy of the scene in a worker, and the renders after it. */
export interface ProgramTrial {
  /** The scene as a program before and after (scene.program of the whole scene), when measured. */
  before?: Result<"scene.program">;
  after?: Result<"scene.program">;
  run?: Result<"program.run">;
  /** The program's failure (it raised, had a syntax error or ran past its deadline): nothing after it ran. */
  failure?: BlenderRpcError;
  images: RenderedView[];
}

/**
 * The artist's open scene, as the MCP tools reach it: the Blender connected with the live
 * role (the latest, if several), and copies of its scene in headless workers, where
 * programs are tried and renders made without touching or blocking the artist's Blender.
 */
export class LiveScene {
  /**
   * @param headless a scene file held by a headless Blender of its own (`mcp --scene`), edited
   *   in place of an artist's scene
   */
  constructor(
    private readonly hub: Hub,
    readonly pool: Promise<WorkerPool | undefined>,
    readonly headless?: Promise<HeadlessScene>,
  ) {}

  /** The Blender whose scene the tools edit: the headless one, or the artist's; a clear error when none is there. */
  async blender(): Promise<BlenderClient> {
    if (this.headless) return (await this.headless).blender();
    const live = [...this.hub.sessions.values()].filter((s) => s.role === "live" && !s.closed).at(-1);
    if (!live)
      throw new Error(
        `no Blender is connected to this sidecar: in Blender, open the 3D View's sidebar (N) › Agent ` +
          `and press Connect, with the add-on's URL set to ${this.hub.url} and the session token`,
      );
    return new BlenderClient(live);
  }

  async workers(): Promise<WorkerPool> {
    const pool = await this.pool;
    if (!pool) throw new Error("this sidecar runs no headless workers (--workers 0): nothing can be previewed");
    return pool;
  }

  /**
   * `fn` with a worker holding a copy of the scene as it is now: saved (scene.snapshot),
   * opened fresh there, and the files of that one use removed at once, so neither the
   * artist's snapshot folder nor the worker's scratch keeps them.
   */
  private async withCopy<T>(fn: (pool: WorkerPool, worker: PoolWorker) => Promise<T>): Promise<T> {
    const { path: blendPath } = await (await this.blender()).call("scene.snapshot", {});
    const pool = await this.workers();
    return pool.withWorker(async (w) => {
      try {
        await pool.ensureScene(w, { blendPath }, { fresh: true });
      } finally {
        await Promise.all([pool.dropScene(w, { blendPath }), rm(blendPath, { force: true })]);
      }
      return fn(pool, w);
    });
  }

  /** Render `views` of a copy of the scene in a worker (the artist's Blender is not blocked). */
  render(views: View[], settings: RenderSettings): Promise<RenderedView[]> {
    return this.withCopy(async (pool, w) => (await pool.callOn(w, "render.views", { views, settings })).images);
  }

  /**
   * Run `code` on a copy of the scene in a worker, then render `views` (if any). With
   * `measure`, the scene is written as a program before and after, to say what changed. A
   * run that completes marks the program as previewed (the pool does), so it may run live.
   */
  tryProgram(
    code: string,
    o: { views?: View[]; settings?: RenderSettings; timeoutMs?: number; measure?: boolean },
  ): Promise<ProgramTrial> {
    return this.withCopy(async (pool, w) => {
      const program = () => pool.callOn(w, "scene.program", { scope: "scene" });
      const before = o.measure === false ? undefined : await program();
      let run: Result<"program.run">;
      try {
        const params = { code, label: "preview", timeoutMs: o.timeoutMs };
        run = await pool.callOn(w, "program.run", params, { timeoutMs: deadline(o.timeoutMs) });
      } catch (err) {
        if (!(err instanceof BlenderRpcError) || !isProgramFailure(err)) throw err;
        return { failure: err, images: [] };
      }
      const after = before && (await program());
      const images = o.views?.length
        ? (await pool.callOn(w, "render.views", { views: o.views, settings: o.settings })).images
        : [];
      return { before, after, run, images };
    });
  }

  /** The views to render: the cameras named, else the scene's active camera, else the artist's viewport. */
  async views(cameras: string[] | undefined): Promise<View[]> {
    if (cameras?.length) return cameras.map((camera) => ({ camera }));
    const blender = await this.blender();
    const info = await blender.call("scene.info", { limit: 1, materials: false });
    if (info.activeCamera) return [{ camera: info.activeCamera }];
    if (this.headless) throw new Error("the scene has no active camera: name the cameras to render from");
    return [(await blender.call("render.viewport", { scale: 1 })).view];
  }

  /**
   * Run a previewed program on the scene as one step: in the artist's Blender one undo step,
   * rolled back there if it fails; in the headless one, a snapshot first and back to it if
   * it fails. Either way a failed program leaves the scene as it was, and its error is thrown.
   */
  async apply(blender: BlenderClient, run: ParamsIn<"program.run">): Promise<Result<"program.run">> {
    if (blender.session.role === "live") return blender.call("program.run", run);
    const snapshot = await blender.call("scene.snapshot", {});
    try {
      return await blender.call("program.run", run, { timeoutMs: deadline(run.timeoutMs) });
    } catch (err) {
      await blender.call("scene.restore", { snapshotId: snapshot.snapshotId });
      throw err;
    } finally {
      await rm(snapshot.path, { force: true });
    }
  }
}

/** A failure of the program itself (as opposed to the worker or the connection). */
export function isProgramFailure(err: BlenderRpcError): boolean {
  return err.is("ProgramRaised") || err.is("ProgramSyntax") || err.is("Timeout");
}

/** How long to wait for a program's answer: its own deadline plus time for the answer to come. */
function deadline(timeoutMs: number | undefined): number | undefined {
  return timeoutMs === undefined ? undefined : timeoutMs + 10_000;
}
