import { existsSync } from "node:fs";
import path from "node:path";
import type { RenderSettings } from "../../../protocol/src/index.js";
import type { Episode } from "../agent/episode.js";
import type { EpisodeConfig } from "../agent/episode-config.js";
import { type AgentChoice, resumeEpisode, startTaskEpisode } from "../agent/episode-setup.js";
import { readEpisode } from "../agent/record/episode-reader.js";
import { EVENTS_FILE } from "../agent/record/episode-record.js";
import { forEachConcurrently } from "../concurrency.js";
import type { ClipMetric } from "../metrics/nclip.js";
import type { WorkerPool } from "../pool/worker-pool.js";
import type { Task } from "../tasks/task-loader.js";
import { measureEpisode } from "./episode-metrics.js";
import { appendResult, NONE, type ResultRow, readResults } from "./results.js";

/** What playing one task needs: where it runs and which agent plays it. */
export interface TaskRunOptions {
  pool: WorkerPool;
  config: EpisodeConfig;
  agent: AgentChoice;
  renderOverride?: Partial<RenderSettings>;
  clip: ClipMetric;
}

export interface BenchOptions extends TaskRunOptions {
  tasks: Task[];
  /** The output folder: results.jsonl, summaries, and episodes/<task>/ records. */
  out: string;
  /** Episodes run at once (each also spreads its drafts over the pool). */
  concurrency: number;
  /** Called once with the tasks this run will play (those not already done in `out`). */
  onPlan?: (todo: readonly Task[]) => void;
  onResult?: (row: ResultRow, done: number, total: number) => void;
}

/** A short name for a configuration: a row of the summary tables. */
export function configLabel(config: EpisodeConfig, agent: AgentChoice): string {
  const who = agent.provider ? `${agent.provider.provider}:${agent.provider.model ?? "default"}` : "offline";
  const verifier = agent.verifier ?? (agent.provider ? "model" : "metric");
  const budget =
    config.budget === undefined
      ? ""
      : ` q${config.budget}${config.veriRatio === undefined ? "" : `/vr${config.veriRatio}`}`;
  const screening = config.screen === "auto" ? "" : config.screen ? " screen" : " no-screen";
  return `${who} ${config.depth}x${config.breadth} k${config.verifyK}${budget} ${verifier}-verifier${screening}`;
}

/**
 * Run an episode per task and write a result row as each finishes. Rerun into the same
 * folder, it skips tasks that have an "ok" row for this configuration, resumes episodes a
 * crash interrupted (from their records), and redoes tasks whose row says "failed".
 */
export async function runBench(o: BenchOptions): Promise<void> {
  const label = configLabel(o.config, o.agent);
  const finished = new Set(
    readResults(o.out)
      .filter((r) => r.config === label && r.status === "ok")
      .map((r) => r.task),
  );
  const todo = o.tasks.filter((t) => !finished.has(t.key));
  o.onPlan?.(todo);
  let done = o.tasks.length - todo.length;
  await forEachConcurrently(todo, o.concurrency, async (task) => {
    const row = await runTask(o, task, label, episodeDir(o.out, label, task));
    appendResult(o.out, row);
    o.onResult?.(row, ++done, o.tasks.length);
  });
}

/** Where a task's episode record lives in an output folder. */
export function episodeDir(out: string, label: string, task: Task): string {
  return path.join(out, "episodes", label.replace(/[^a-zA-Z0-9.-]+/g, "_"), task.key.replace("/", "--"));
}

/**
 * Play one task into the record folder `dir` (resuming the episode recorded there, if
 * any) and measure it: its result row, "failed" with the reason rather than a throw. The
 * row names the record where it lies in an output folder (episodeDir), wherever `dir` is;
 * `watch` sees the episode before it runs.
 */
export async function runTask(
  o: TaskRunOptions,
  task: Task,
  label: string,
  dir: string,
  watch?: (episode: Episode) => void,
): Promise<ResultRow> {
  const started = Date.now();
  const base = {
    task: task.key,
    category: task.spec.category,
    difficulty: task.spec.difficulty,
    config: label,
    episode: episodeDir("", label, task),
  };
  try {
    const episode = existsSync(path.join(dir, EVENTS_FILE))
      ? await resumeEpisode(o.pool, dir, { permit: o.agent.permit })
      : await startTaskEpisode({
          pool: o.pool,
          task,
          config: o.config,
          agent: o.agent,
          renderOverride: o.renderOverride,
          runsDir: path.dirname(dir),
          id: path.basename(dir),
        });
    watch?.(episode);
    const summary = await episode.run();
    const recorded = readEpisode(dir);
    const measured = await measureEpisode(o.pool, task, recorded, summary, o.clip);
    const usage = summary.usage;
    return {
      ...base,
      status: summary.status === "failed" ? "failed" : "ok",
      failure: summary.error,
      noWorkingProgram: !recorded.events.some((e) => e.type === "draft.scored"),
      ...measured,
      iterations: summary.iterations,
      queries: summary.queries,
      tokens: { input: usage?.inputTokens ?? 0, output: usage?.outputTokens ?? 0 },
      costUsd: usage ? usage.costUsd : 0,
      wallMs: Date.now() - started,
    };
  } catch (err) {
    return failedRow(base, (err as Error).message, Date.now() - started);
  }
}

/** The row of a task that could not be played: no metrics, the reason. */
export function failedRow(
  base: Pick<ResultRow, "task" | "category" | "difficulty" | "config" | "episode">,
  failure: string,
  wallMs: number,
): ResultRow {
  return {
    ...base,
    status: "failed",
    failure,
    noWorkingProgram: true,
    metrics: { pl: NONE, ssim: NONE, nclip: NONE, cd: NONE },
    unavailable: {},
    iterations: 0,
    queries: { generation: 0, verification: 0 },
    tokens: { input: 0, output: 0 },
    costUsd: null,
    wallMs,
  };
}
