import { z } from "zod";
import { RenderSettings, type Result, SceneSource, View } from "../../../protocol/src/index.js";
import { describeFailure } from "../hub/rpc-error.js";
import type { WorkerPool } from "../pool/worker-pool.js";

/** What rendering one program gave: its images (one PNG per view), or why there are none. */
export type RenderOutcome =
  | { ok: true; pngs: Buffer[]; renderMs: number; totalMs: number }
  | { ok: false; error: string; traceback?: string };

/** A program's syntax check and numeric literals (each with the property it sets), as `program.analyze` answers. */
export type ProgramAnalysis = Result<"program.analyze">;

/**
 * Where candidate programs are turned into images: headless workers, or a record being
 * replayed. The loop does not know which, as json-rpc-2.0 does not know its transport.
 */
export interface CandidateRenderer {
  render(program: string): Promise<RenderOutcome>;
  analyze(program: string): Promise<ProgramAnalysis>;
}

/** What the workers render for an episode: the scene, the views, the settings. */
export const SceneSetup = z.object({ scene: SceneSource, views: z.array(View), settings: RenderSettings });
export type SceneSetup = z.input<typeof SceneSetup>;

/** Candidates rendered by the worker pool, each on a freshly reset copy of the scene. */
export class PoolRenderer implements CandidateRenderer {
  constructor(
    private readonly pool: WorkerPool,
    private readonly setup: SceneSetup,
  ) {}

  async render(program: string): Promise<RenderOutcome> {
    const { scene, views, settings } = this.setup;
    try {
      const r = await this.pool.evaluate({ scene, code: program, views, settings });
      return {
        ok: true,
        pngs: r.images.map((i) => Buffer.from(i.png, "base64")),
        renderMs: r.timing.renderMs,
        totalMs: r.timing.totalMs,
      };
    } catch (err) {
      return { ok: false, ...describeFailure(err) };
    }
  }

  analyze(program: string): Promise<ProgramAnalysis> {
    return this.pool.analyze(this.setup.scene, program);
  }
}
