/**
 * npm run bench -- run | merge | compare | summary
 *
 * Runs agent episodes across the task set and writes results.jsonl, summary.md and
 * summary.csv (BlenderGym-shaped tables); joins shard outputs; compares two outputs.
 */
import { existsSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { z } from "zod";
import { type BenchOptions, runBench } from "../bench/bench-runner.js";
import { compareResults } from "../bench/compare.js";
import { BenchProgress, duration } from "../bench/progress.js";
import { runQueuedBench } from "../bench/queue/queue-coordinator.js";
import { connectRedis, RedisUrl, shownUrl } from "../bench/queue/redis-connection.js";
import { RateLimit } from "../bench/queue/request-permits.js";
import { appendResult, RESULTS_FILE, type ResultRow, readResults } from "../bench/results.js";
import { runScaling } from "../bench/scaling.js";
import { summaryCsv, summaryMarkdown } from "../bench/summary.js";
import { parseShard, selectTasks, shardOf } from "../bench/task-selection.js";
import { loadClipMetric } from "../metrics/nclip.js";
import { formatPL } from "../metrics/photometric.js";
import { withLocalPool } from "../pool/local-pool.js";
import type { Task } from "../tasks/task-loader.js";
import {
  AGENT_BOOLEAN_FLAGS,
  AGENT_FLAGS_USAGE,
  agentFlagShape,
  agentFrom,
  configFrom,
  flagOptions,
  renderOverrideFrom,
} from "./agent-flags.js";
import { QUEUE_USAGE, queueStatus, queueWorker } from "./bench-queue.js";
import { parseFlags } from "./flags.js";
import { poolOptionsFrom } from "./pool-flags.js";

const USAGE = `usage:
  npm run bench -- run --out DIR [--tasks SPEC] [--limit N] [--shard i/n] [--concurrency N]
                       [--queue redis://HOST:PORT [--job-attempts N]] [agent options]
  npm run bench -- scaling --out DIR [--tasks SPEC] [--budgets 8,16,32,64] [--veri-ratios 0.33,0.62,0.73]
                           [--verify-ks 8] [--queue redis://HOST:PORT] [agent options]
  npm run bench -- worker --queue redis://HOST:PORT [--workers N] [--concurrency N] [--stalled-after S]
  npm run bench -- status --queue redis://HOST:PORT
  npm run bench -- merge --out DIR SHARD_DIR...
  npm run bench -- compare DIR_A DIR_B
  npm run bench -- summary DIR

run: an episode per task; results.jsonl gets a row per task as it finishes, then
summary.md and summary.csv. Rerun into the same --out to go on: finished tasks are
skipped, interrupted episodes resume from their records, failed tasks are redone.

  --out DIR              output folder (required)
  --tasks SPEC           a category, a glob over category/id, or a comma-separated mix (default: all)
  --limit N              at most N tasks (after --tasks, before --shard)
  --shard i/n            this machine's share: every n-th task by name from the i-th
  --concurrency N        episodes at once (default: the number of workers)
  --clip-model DIR       a local CLIP ViT-B/32 folder for N-CLIP (default BLENDER_AGENT_CLIP_MODEL)
  --tasks-dir DIR        a task set of your own, laid out as tasks/ (default: this project's tasks/)
  --queue URL            enqueue the episodes on Redis for \`bench worker\`s on any machines to play, and
                         write their results here as they finish (--workers, --concurrency and
                         --clip-model are then the workers' own flags)
  --job-attempts N       with --queue: tries per task before it ends failed (default 3)
  --rate-limit N/UNIT    with --queue: the provider's requests per s, min or h across every worker
                         machine, spread evenly (e.g. 500/min; default: no limit)
${AGENT_FLAGS_USAGE}

scaling: BlenderGym's inference-scaling study: a run per budget × VeriRatio × verifyK
(each in its own folder under --out, resumable), then scaling.csv and scaling.png (mean PL
of the selected results against the budget, a line per VeriRatio). --verify-ks caps the
brackets per decision (default 8): within it, the verification share decides how many.

${QUEUE_USAGE}`;

const RunFlags = z
  .object({
    ...agentFlagShape,
    out: z.string({ error: "--out is required" }).min(1, "--out is required"),
    tasks: z.string().min(1).optional(),
    limit: z.coerce.number().int().min(1).optional(),
    shard: z.string().optional(),
    concurrency: z.coerce.number().int().min(1).max(64).optional(),
    "clip-model": z.string().min(1).optional(),
    "tasks-dir": z.string().min(1).optional(),
    queue: RedisUrl.optional(),
    "job-attempts": z.coerce.number().int().min(1).max(20).default(3),
    "rate-limit": RateLimit.optional(),
    help: z.boolean().default(false),
  })
  .strict();

const numberList = (what: string, check: (n: number) => boolean) =>
  z
    .string()
    .transform((t) => t.split(",").map(Number))
    .refine((ns) => ns.length > 0 && ns.every((n) => Number.isFinite(n) && check(n)), `${what}, separated by commas`);

const ScalingFlags = RunFlags.extend({
  budgets: numberList("budgets are whole numbers ≥ 2", (n) => Number.isInteger(n) && n >= 2).default([8, 16, 32, 64]),
  "veri-ratios": numberList("VeriRatios are between 0 and 1", (n) => n > 0 && n < 1).default([0.33, 0.62, 0.73]),
  "verify-ks": numberList("verifyKs are whole numbers ≥ 1", (n) => Number.isInteger(n) && n >= 1).default([8]),
});

function writeSummaries(dir: string, rows: ResultRow[]): void {
  writeFileSync(path.join(dir, "summary.md"), summaryMarkdown(rows));
  writeFileSync(path.join(dir, "summary.csv"), summaryCsv(rows));
}

/**
 * The last row per task and configuration (a redone task replaces its earlier row), in
 * order of configuration and task: the summaries do not depend on the order rows finished in.
 */
function latest(rows: ResultRow[]): ResultRow[] {
  const byKey = new Map<string, ResultRow>();
  for (const r of rows) byKey.set(`${r.config}\n${r.task}`, r);
  return [...byKey.values()].sort((a, b) => a.config.localeCompare(b.config) || a.task.localeCompare(b.task));
}

/** What `run` and `scaling` both need: the configuration, the agent, the tasks. */
async function prepare(flags: z.output<typeof RunFlags>) {
  const config = configFrom(flags);
  const agent = agentFrom(flags, !flags.queue);
  if (flags["rate-limit"] && (!flags.queue || !agent.provider))
    throw new Error("--rate-limit is for a model provider's requests in a --queue run");
  let tasks = selectTasks(flags.tasks, flags["tasks-dir"]);
  if (flags.limit) tasks = tasks.slice(0, flags.limit);
  if (flags.shard) tasks = shardOf(tasks, parseShard(flags.shard));
  return { config, agent, tasks };
}

async function scaling(argv: string[]): Promise<void> {
  const flags = parseFlags(argv, flagOptions(ScalingFlags.shape, ["help", ...AGENT_BOOLEAN_FLAGS]), ScalingFlags);
  const { config, agent, tasks } = await prepare(flags);
  const runs = flags.budgets.length * flags["veri-ratios"].length * flags["verify-ks"].length;
  console.log(`${runs} runs of ${tasks.length} task(s) into ${flags.out}`);
  const started = Date.now();
  const renderOverride = renderOverrideFrom(flags);
  await playOn(flags, (play) =>
    runScaling({
      base: config,
      budgets: flags.budgets,
      ratios: flags["veri-ratios"],
      verifyKs: flags["verify-ks"],
      out: flags.out,
      play: (pointConfig, out) => play({ tasks, agent, config: pointConfig, out, renderOverride }),
      onPoint: (p) =>
        console.log(
          `budget ${p.budget}  VeriRatio ${p.veriRatio}  k ${p.verifyK}: ` +
            `mean PL ${formatPL(p.meanStartPL)} -> ${formatPL(p.meanPL)} (${p.tasks} tasks)`,
        ),
    }),
  );
  console.log(`wrote ${path.join(flags.out, "scaling.png")} and scaling.csv in ${duration(Date.now() - started)}`);
}

/** One configuration's benchmark run: on the local pool, or through the queue. */
type Play = (run: Pick<BenchOptions, "tasks" | "config" | "agent" | "out" | "renderOverride">) => Promise<void>;

/**
 * Give `fn` a way to play runs, with a progress line per finished task: on a local pool
 * of --workers, or, with --queue, by enqueueing the tasks for the queue's workers.
 */
async function playOn<T>(flags: z.output<typeof RunFlags>, fn: (play: Play) => Promise<T>): Promise<T> {
  const concurrency = flags.concurrency ?? flags.workers;
  const progress = (todo: readonly Task[], lanes: number) => {
    const p = new BenchProgress(todo, lanes);
    return (row: ResultRow, done: number, total: number) => console.log(p.line(row, done, total));
  };
  if (flags.queue) {
    const redis = await connectRedis(flags.queue);
    try {
      return await fn(async (r) => {
        let onResult: ReturnType<typeof progress> = () => {};
        await runQueuedBench({
          ...r,
          redis,
          attempts: flags["job-attempts"],
          rateLimit: flags["rate-limit"],
          onPlan: (todo, counts) => {
            const workers = counts.workers ? `${counts.workers} worker(s) connected` : "no worker connected yet";
            console.log(
              `queue ${shownUrl(flags.queue!)}: ${counts.enqueued} job(s) enqueued, ` +
                `${counts.queued} already there; ${workers}`,
            );
            onResult = progress(todo, Math.max(1, counts.workers));
          },
          onStarted: (task, worker, attempt) =>
            console.log(`  ${task} started on ${worker}${attempt > 1 ? ` (attempt ${attempt})` : ""}`),
          onResult: (row, done, total) => onResult(row, done, total),
        });
      });
    } finally {
      redis.disconnect();
    }
  }
  // Episodes are measured where they are played: N-CLIP's model loads here, or on each queue worker.
  const clip = await loadClipMetric(flags["clip-model"]);
  if (!clip.available) console.log(`N-CLIP: n/a (${clip.reason})`);
  return withLocalPool(poolOptionsFrom(flags), (pool) =>
    fn(async (r) => {
      let onResult: ReturnType<typeof progress> = () => {};
      await runBench({
        ...r,
        pool,
        clip,
        concurrency,
        onPlan: (todo) => (onResult = progress(todo, concurrency)),
        onResult: (row, done, total) => onResult(row, done, total),
      });
    }),
  );
}

async function run(argv: string[]): Promise<void> {
  if (argv.includes("--help")) return void console.log(USAGE);
  const flags = parseFlags(argv, flagOptions(RunFlags.shape, ["help", ...AGENT_BOOLEAN_FLAGS]), RunFlags);
  const { config, agent, tasks } = await prepare(flags);
  const started = Date.now();
  console.log(`${tasks.length} task(s) into ${flags.out}`);
  const renderOverride = renderOverrideFrom(flags);
  await playOn(flags, (play) => play({ tasks, config, agent, out: flags.out, renderOverride }));
  const rows = latest(readResults(flags.out));
  writeSummaries(flags.out, rows);
  console.log(
    `wrote ${path.join(flags.out, "summary.md")} and summary.csv ` +
      `(${rows.length} rows) in ${duration(Date.now() - started)}`,
  );
}

function merge(argv: string[]): void {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { out: { type: "string" } },
    allowPositionals: true,
    strict: true,
  });
  if (!values.out || positionals.length === 0) throw new Error("usage: npm run bench -- merge --out DIR SHARD_DIR...");
  if (existsSync(path.join(values.out, RESULTS_FILE)))
    throw new Error(`${values.out} already has ${RESULTS_FILE}: merge into a new folder`);
  const rows = latest(
    positionals.flatMap((dir) => {
      if (!existsSync(path.join(dir, RESULTS_FILE))) throw new Error(`${dir} has no ${RESULTS_FILE}`);
      return readResults(dir);
    }),
  );
  for (const row of rows) appendResult(values.out, row);
  writeSummaries(values.out, rows);
  console.log(`merged ${rows.length} rows from ${positionals.length} folder(s) into ${values.out}`);
}

async function main(): Promise<void> {
  const [command, ...rest] = process.argv.slice(2);
  if (command === "run") return run(rest);
  if (command === "merge") return merge(rest);
  if (command === "scaling") return scaling(rest);
  if (command === "worker") return queueWorker(rest);
  if (command === "status") return queueStatus(rest);
  if (command === "compare" && rest.length === 2)
    return void console.log(
      compareResults(latest(readResults(rest[0]!)), latest(readResults(rest[1]!)), rest[0]!, rest[1]!),
    );
  if (command === "summary" && rest.length === 1) {
    const rows = latest(readResults(rest[0]!));
    writeSummaries(rest[0]!, rows);
    return void console.log(summaryMarkdown(rows));
  }
  console.error(USAGE);
  process.exitCode = 2;
}

main().catch((err: Error) => {
  console.error(`error: ${err.message}`);
  process.exit(1);
});
