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
import { runBench } from "../bench/bench-runner.js";
import { compareResults } from "../bench/compare.js";
import { photometricLossMetric } from "../bench/metrics/photometric-loss.js";
import { BenchProgress } from "../bench/progress.js";
import { appendResult, RESULTS_FILE, type ResultRow, readResults } from "../bench/results.js";
import { runScaling } from "../bench/scaling.js";
import { summaryCsv, summaryMarkdown } from "../bench/summary.js";
import { parseShard, selectTasks, shardOf } from "../bench/task-selection.js";
import { loadClipMetric } from "../metrics/nclip.js";
import { formatPL } from "../metrics/photometric.js";
import { withLocalPool } from "../pool/local-pool.js";
import {
  AGENT_FLAGS_USAGE,
  agentFlagShape,
  agentFrom,
  configFrom,
  flagOptions,
  renderOverrideFrom,
} from "./agent-flags.js";
import { parseFlags } from "./flags.js";
import { poolOptionsFrom } from "./pool-flags.js";

const USAGE = `usage:
  npm run bench -- run --out DIR [--tasks SPEC] [--limit N] [--shard i/n] [--concurrency N] [agent options]
  npm run bench -- scaling --out DIR [--tasks SPEC] [--budgets 8,16,32,64] [--veri-ratios 0.33,0.62,0.73]
                           [--verify-ks 8] [agent options]
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
${AGENT_FLAGS_USAGE}

scaling: BlenderGym's inference-scaling study: a run per budget × VeriRatio × verifyK
(each in its own folder under --out, resumable), then scaling.csv and scaling.png (mean PL
of the selected results against the budget, a line per VeriRatio). --verify-ks caps the
brackets per decision (default 8): within it, the verification share decides how many.`;

const RunFlags = z
  .object({
    ...agentFlagShape,
    out: z.string({ error: "--out is required" }).min(1, "--out is required"),
    tasks: z.string().min(1).optional(),
    limit: z.coerce.number().int().min(1).optional(),
    shard: z.string().optional(),
    concurrency: z.coerce.number().int().min(1).max(64).optional(),
    "clip-model": z.string().min(1).optional(),
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

/** The last row per task and configuration: a redone task replaces its earlier row. */
function latest(rows: ResultRow[]): ResultRow[] {
  const byKey = new Map<string, ResultRow>();
  for (const r of rows) byKey.set(`${r.config}\n${r.task}`, r);
  return [...byKey.values()];
}

const seconds = (ms: number) =>
  ms < 60_000
    ? `${Math.round(ms / 1000)}s`
    : `${Math.floor(ms / 60_000)}m${String(Math.round((ms % 60_000) / 1000)).padStart(2, "0")}s`;

/** What `run` and `scaling` both need: the agent, the tasks, the CLIP metric. */
async function prepare(flags: z.output<typeof RunFlags>) {
  const config = configFrom(flags);
  const agent = agentFrom(flags);
  let tasks = selectTasks(flags.tasks);
  if (flags.limit) tasks = tasks.slice(0, flags.limit);
  if (flags.shard) tasks = shardOf(tasks, parseShard(flags.shard));
  const clip = await loadClipMetric(flags["clip-model"]);
  if (!clip.available) console.log(`N-CLIP: n/a (${clip.reason})`);
  return { config, agent, tasks, clip };
}

async function scaling(argv: string[]): Promise<void> {
  const flags = parseFlags(argv, flagOptions(ScalingFlags.shape, ["help"]), ScalingFlags);
  const { config, agent, tasks, clip } = await prepare(flags);
  const runs = flags.budgets.length * flags["veri-ratios"].length * flags["verify-ks"].length;
  console.log(`${runs} runs of ${tasks.length} task(s) into ${flags.out}`);
  const started = Date.now();
  await withLocalPool(poolOptionsFrom(flags), (pool) =>
    runScaling({
      pool,
      tasks,
      agent,
      base: config,
      budgets: flags.budgets,
      ratios: flags["veri-ratios"],
      verifyKs: flags["verify-ks"],
      out: flags.out,
      renderOverride: renderOverrideFrom(flags),
      concurrency: flags.concurrency ?? flags.workers,
      clip,
      onPoint: (p) =>
        console.log(
          `budget ${p.budget}  VeriRatio ${p.veriRatio}  k ${p.verifyK}: ` +
            `mean PL ${formatPL(p.meanStartPL)} -> ${formatPL(p.meanPL)} (${p.tasks} tasks)`,
        ),
    }),
  );
  console.log(`wrote ${path.join(flags.out, "scaling.png")} and scaling.csv in ${seconds(Date.now() - started)}`);
}

async function run(argv: string[]): Promise<void> {
  if (argv.includes("--help")) return void console.log(USAGE);
  const flags = parseFlags(argv, flagOptions(RunFlags.shape, ["help"]), RunFlags);
  const { config, agent, tasks, clip } = await prepare(flags);
  const started = Date.now();
  const concurrency = flags.concurrency ?? flags.workers;
  let progress = new BenchProgress([], concurrency);
  console.log(`${tasks.length} task(s) into ${flags.out}`);
  await withLocalPool(poolOptionsFrom(flags), (pool) =>
    runBench({
      pool,
      tasks,
      config,
      agent,
      out: flags.out,
      renderOverride: renderOverrideFrom(flags),
      concurrency,
      clip,
      onPlan: (todo) => {
        progress = new BenchProgress(todo, concurrency);
      },
      onResult: (row, done, total) => {
        progress.add(row);
        const eta = progress.etaMs();
        const bar = "#".repeat(Math.round((20 * done) / total)).padEnd(20, "-");
        const pl = row.metrics[photometricLossMetric.key];
        const what =
          row.status === "ok"
            ? `PL ${pl?.start?.toExponential(2)} -> ${pl?.selected?.toExponential(2)}`
            : `FAILED: ${row.failure}`;
        const left = eta === undefined ? "?" : seconds(eta);
        console.log(`[${bar}] ${done}/${total}  ${row.task}  ${what}  ETA ${left}  mean ${progress.meanPL()}`);
      },
    }),
  );
  const rows = latest(readResults(flags.out));
  writeSummaries(flags.out, rows);
  console.log(
    `wrote ${path.join(flags.out, "summary.md")} and summary.csv ` +
      `(${rows.length} rows) in ${seconds(Date.now() - started)}`,
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
  rows.sort((a, b) => a.config.localeCompare(b.config) || a.task.localeCompare(b.task));
  for (const row of rows) appendResult(values.out, row);
  writeSummaries(values.out, rows);
  console.log(`merged ${rows.length} rows from ${positionals.length} folder(s) into ${values.out}`);
}

async function main(): Promise<void> {
  const [command, ...rest] = process.argv.slice(2);
  if (command === "run") return run(rest);
  if (command === "merge") return merge(rest);
  if (command === "scaling") return scaling(rest);
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
