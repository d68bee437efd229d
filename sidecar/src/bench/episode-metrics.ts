import type { EpisodeSummary } from "../agent/episode.js";
import type { RecordedEpisode } from "../agent/record/episode-reader.js";
import type { ClipMetric } from "../metrics/nclip.js";
import type { WorkerPool } from "../pool/worker-pool.js";
import type { Task } from "../tasks/task-loader.js";
import type { BenchMetric, ProgramMeasure } from "./metrics/metric.js";
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
 * nothing was accepted. A program the metric cannot score (a Chamfer object left with no
 * geometry) gets null, and why, in `failures`; the others keep their numbers.
 */
async function triple(programs: Record<Which, string>, measure: ProgramMeasure) {
  const measured = new Map<string, Promise<number | string>>();
  const of = (program: string) => {
    if (!measured.has(program))
      measured.set(
        program,
        measure(program).catch((err: unknown) => (err instanceof Error ? err.message : String(err))),
      );
    return measured.get(program)!;
  };
  const [start, selected, best] = await Promise.all([of(programs.start), of(programs.selected), of(programs.best)]);
  const values = { start, selected, best };
  const failures = WHICH.flatMap((w) => (typeof values[w] === "string" ? [`${w}: ${values[w]}`] : []));
  const score = (v: number | string) => (typeof v === "number" ? v : null);
  return { triple: { start: score(start), selected: score(selected), best: score(best) }, failures };
}

/**
 * Every registered metric (metrics/registry.ts) of the start, selected and best program, against the goal.
 * A finished episode keeps its row when one metric fails on one program: that value is null, and
 * `unavailable` says why.
 */
export async function measureEpisode(
  pool: WorkerPool,
  task: Task,
  recorded: RecordedEpisode,
  summary: EpisodeSummary,
  clip: ClipMetric,
  metrics: readonly BenchMetric[] = METRICS,
): Promise<Pick<ResultRow, "metrics" | "unavailable">> {
  const episode = { task, recorded, goalImages: recorded.input.goal.images ?? [], pool, clip };
  const programs = programsOf(task, summary);
  const measured: Record<string, Triple> = {};
  const unavailable: Record<string, string> = {};
  for (const metric of metrics) {
    const measure = await metric.forEpisode(episode);
    if (typeof measure === "function") {
      const { triple: values, failures } = await triple(programs, measure);
      measured[metric.key] = values;
      if (failures.length) unavailable[metric.key] = failures.join("; ");
    } else {
      measured[metric.key] = NONE;
      unavailable[metric.key] = measure.unavailable;
    }
  }
  return { metrics: measured, unavailable };
}
