import { z } from "zod";
import { type ObjectVisibility, RenderSettings, type Result, SceneSource, View } from "../../../protocol/src/index.js";
import { describeFailure } from "../hub/rpc-error.js";
import type { WorkerPool } from "../pool/worker-pool.js";

/** What rendering one program gave: its images (one PNG per view), or why there are none. */
export type RenderOutcome =
  | { ok: true; pngs: Buffer[]; renderMs: number; totalMs: number }
  | { ok: false; error: string; traceback?: string };

/**
 * A screening render: the program at a small size and few samples (`screeningSettings`),
 * and how much of each object the views see, for the offline search to sort its drafts
 * cheaply before the few best are rendered at the task's settings.
 */
export type ScreenOutcome =
  | { ok: true; pngs: Buffer[]; visibility: ObjectVisibility; renderMs: number; totalMs: number }
  | { ok: false; error: string; traceback?: string };

/** A program's syntax check and numeric literals (each with the property it sets), as `program.analyze` answers. */
export type ProgramAnalysis = Result<"program.analyze">;

/**
 * Where candidate programs are turned into images: headless workers, or a record being
 * replayed. The loop does not know which, as json-rpc-2.0 does not know its transport.
 */
export interface CandidateRenderer {
  render(program: string): Promise<RenderOutcome>;
  screen(program: string): Promise<ScreenOutcome>;
  analyze(program: string): Promise<ProgramAnalysis>;
}

/** The longest side of a screening render, in pixels, and its most samples (Cycles, EEVEE). */
export const SCREEN_SIDE = 64;
export const SCREEN_SAMPLES = 8;

/** The task's render settings scaled down for screening: the same engine and aspect, at most 64 px and 8 samples. */
export function screeningSettings(settings: z.input<typeof RenderSettings>): z.output<typeof RenderSettings> {
  const full = RenderSettings.parse(settings);
  const k = Math.min(1, SCREEN_SIDE / Math.max(full.width, full.height));
  return {
    ...full,
    width: Math.max(8, Math.round(full.width * k)),
    height: Math.max(8, Math.round(full.height * k)),
    samples: Math.min(full.samples, SCREEN_SAMPLES),
  };
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
      return rendered(await this.pool.evaluate({ scene, code: program, views, settings }));
    } catch (err) {
      return { ok: false, ...describeFailure(err) };
    }
  }

  async screen(program: string): Promise<ScreenOutcome> {
    const { scene, views, settings } = this.setup;
    try {
      const r = await this.pool.evaluate({
        scene,
        code: program,
        views,
        settings: screeningSettings(settings),
        visibility: true,
      });
      return { ...rendered(r), visibility: r.visibility ?? {} };
    } catch (err) {
      return { ok: false, ...describeFailure(err) };
    }
  }

  analyze(program: string): Promise<ProgramAnalysis> {
    return this.pool.analyze(this.setup.scene, program);
  }
}

function rendered(r: Result<"worker.evaluate">) {
  return {
    ok: true as const,
    pngs: r.images.map((i) => Buffer.from(i.png, "base64")),
    renderMs: r.timing.renderMs,
    totalMs: r.timing.totalMs,
  };
}
