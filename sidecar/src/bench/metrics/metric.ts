import type { RecordedEpisode } from "../../agent/record/episode-reader.js";
import type { ClipMetric } from "../../metrics/nclip.js";
import type { WorkerPool } from "../../pool/worker-pool.js";
import type { Task } from "../../tasks/task-loader.js";

/** What a metric may use to score the programs of one finished episode. */
export interface ScoredEpisode {
  task: Task;
  /** The record: the scene setup, the goal and every render by program. */
  recorded: RecordedEpisode;
  /** The goal's images, one PNG per view. */
  goalImages: Buffer[];
  /** Workers, for metrics that need the scene itself (geometry), not only its renders. */
  pool: WorkerPool;
  /** The CLIP model, or why there is none. */
  clip: ClipMetric;
}

/** Scores one program of the episode (one number, against the goal). */
export type ProgramMeasure = (program: string) => Promise<number>;

/**
 * One column of the benchmark's tables. A new metric is a file that exports one of these
 * and a line in `registry.ts`: results, summary tables, CSV, comparisons and the
 * progress line all take their metrics from the registry.
 */
export interface BenchMetric {
  /** Its key in results.jsonl and the CSV. */
  key: string;
  /** Its heading in summary.md. */
  title: string;
  lowerIsBetter: boolean;
  /** Category columns scaled as BlenderGym reports them (×10³ placement and blend shape, ×10² the rest). */
  scaledByCategory: boolean;
  /** How to score this episode's programs, or why this metric has no number for it. */
  forEpisode(episode: ScoredEpisode): Promise<ProgramMeasure | { unavailable: string }>;
}
