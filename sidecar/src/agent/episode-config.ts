import { z } from "zod";

/**
 * An episode's parameters. Defaults are BlenderGym's reference pipeline (tree 3×4, one
 * bracket per decision, alternating tune/leap questions) so results compare with its tables.
 */
export const EpisodeConfig = z
  .object({
    /** Drafts per iteration. */
    breadth: z.number().int().min(1).max(32).default(4),
    /** Iterations. */
    depth: z.number().int().min(1).max(1000).default(3),
    /** Verifier brackets per decision, votes aggregated (BlenderGym's verification scaling). */
    verifyK: z.number().int().min(1).max(64).default(1),
    /** Total queries (model calls; for the offline provider, drafts and metric comparisons). */
    budget: z.number().int().positive().optional(),
    /** Share of `budget` kept for verification (BlenderGym's VeriRatio); without it both draw on one pool. */
    veriRatio: z.number().gt(0).lt(1).optional(),
    /** "alternate" asks tune questions on odd iterations and leap questions on even ones, as the reference does. */
    style: z.enum(["alternate", "tune", "leap"]).default("alternate"),
    temperature: z.number().min(0).max(2).default(0.7),
    maxTokens: z.number().int().min(64).max(32_000).default(4096),
    seed: z.number().int().min(0).default(0),
    /** Noise of the metric verifier (0: exact); see MetricJudge. For verification-scaling studies without a model. */
    judgeNoise: z.number().min(0).max(10).default(0),
    /**
     * Offline provider: render each iteration's drafts small first and only the best in full
     * (see OfflineGenerator). "auto" screens where that pays (see `screensDrafts`); a new
     * episode records what it chose.
     */
    screen: z.union([z.boolean(), z.literal("auto")]).default("auto"),
    /** When none of an editor's Before/After edits applies, plan again this many times (the reference re-plans). */
    replans: z.number().int().min(0).max(3).default(1),
  })
  .strict()
  .superRefine((c, ctx) => {
    if (c.veriRatio !== undefined && c.budget === undefined) {
      ctx.addIssue({ code: "custom", path: ["veriRatio"], message: "veriRatio splits a budget: give budget too" });
    }
  });
export type EpisodeConfig = z.output<typeof EpisodeConfig>;
export type EpisodeConfigInput = z.input<typeof EpisodeConfig>;

export function styleFor(config: EpisodeConfig, iteration: number): "tune" | "leap" {
  if (config.style !== "alternate") return config.style;
  return iteration % 2 === 1 ? "tune" : "leap";
}

/** What decides whether a new episode screens by default: who proposes, the engine, what the start program sets. */
export interface ScreeningContext {
  offline: boolean;
  engine: string;
  /** Whether the start program places an object or weights a shape key (`movesGeometry`); asked when it matters. */
  movesGeometry: () => Promise<boolean>;
}

/**
 * Whether a new offline episode screens its drafts. "auto" screens with the engines that
 * sample (Cycles, EEVEE), where a 64 px screening render costs a twentieth of a full 256 px
 * one, so an iteration of 8 screens and 2 full renders costs about a third of 8 full ones.
 * With Workbench a screen costs a quarter of a full render, so it saves less; "auto" screens
 * there when the program moves geometry across the views (places objects, or weights shape
 * keys), since only screening sees what the views show and has an objective with reach:
 * without it a draft that sinks a cutting board into the worktop, or a lamp behind the wall,
 * lowers PL and wins (Chamfer distance rose on four of six placement tasks), and a neck whose
 * head must travel to overlap the goal's never grows (PL is flat until the heads overlap).
 */
export async function screensDrafts(config: EpisodeConfig, context: ScreeningContext): Promise<boolean> {
  if (config.screen !== "auto") return config.screen;
  if (!context.offline) return false;
  return context.engine.toUpperCase() !== "WORKBENCH" || (await context.movesGeometry());
}
