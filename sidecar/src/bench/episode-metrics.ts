import type { EpisodeSummary } from "../agent/episode.js";
import type { RecordedEpisode } from "../agent/record/episode-reader.js";
import type { ClipMetric } from "../metrics/nclip.js";
import type { WorkerPool } from "../pool/worker-pool.js";
import type { Task } from "../tasks/task-loader.js";
import type { ProgramMeasure } from "./metrics/metric.js";
import { METRICS } from "./metrics/registry.js";
import { NONE, type ResultRow, type Triple } from "./results.js";

type Which = keyof Triple;
const WHICH: Which[] = ["start", "selected", "best"];

/** The three programs a row scores: where the episode started, what the verifier picked, the best the metric saw. */
function programsOf(task: Task, summary: EpisodeSummary): Record<Which, string> {
  return { start: task.start, selected: summary.finalProgram, best: summary.bestProgram ?? summary.finalProgram };
}

/**
 * A metric of the start, selected and best programs. Each distinct program is measured
 * once: selected and best are often the same program, and so are start and selected when
 * nothing was accepted.
 */
async function triple(programs: Record<Which, string>, measure: ProgramMeasure): Promise<Triple> {
  const measured = new Map<string, Promise<number>>();
  const of = (program: string) => {
    if (!measured.has(program)) measured.set(program, measure(program));
    return measured.get(program)!;
  };
  const [start, selected, best] = await Promise.all(WHICH.map((w) => of(programs[w])));
  return { start: start!, selected: selected!, best: best! };
}

/** Every registered metric (metrics/registry.ts) of the start, selected and best program, against the goal. */
export async function measureEpisode(
  pool: WorkerPool,
  task: Task,
  recorded: RecordedEpisode,
  summary: EpisodeSummary,
  clip: ClipMetric,
): Promise<Pick<ResultRow, "metrics" | "unavailable">> {
  const episode = { task, recorded, goalImages: recorded.input.goal.images ?? [], pool, clip };
  const programs = programsOf(task, summary);
  const metrics: Record<string, Triple> = {};
  const unavailable: Record<string, string> = {};
  for (const metric of METRICS) {
    const measure = await metric.forEpisode(episode);
    if (typeof measure === "function") metrics[metric.key] = await triple(programs, measure);
    else {
      metrics[metric.key] = NONE;
      unavailable[metric.key] = measure.unavailable;
    }
  }
  return { metrics, unavailable };
}
