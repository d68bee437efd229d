/**
 * npm run tasks:validate [-- --category X --task Y --workers N --tasks-dir DIR]
 *
 * Validates the selected tasks through a pool of real Blender workers, prints a line
 * per task and a summary per category, and exits non-zero naming every failing task.
 * --tasks-dir takes a task set of its own, laid out as tasks/ (default: this project's tasks/).
 */
import { z } from "zod";
import { forEachConcurrently } from "../concurrency.js";
import { withLocalPool } from "../pool/local-pool.js";
import { loadTasks } from "../tasks/task-loader.js";
import { CATEGORIES } from "../tasks/task-schema.js";
import { type TaskReport, validateTask } from "../tasks/validate-task.js";
import { parseFlags } from "./flags.js";
import { TASK_FLAG_OPTIONS, taskFlagShape, taskSelectionFrom } from "./task-flags.js";

const Flags = z
  .object({
    ...taskFlagShape,
    workers: z.coerce.number().int().min(1).max(16).default(2),
  })
  .strict();

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)}s`;

function summary(reports: TaskReport[]): string {
  const rows = CATEGORIES.map((category) => {
    const mine = reports.filter((r) => r.key.startsWith(`${category}/`));
    const pls = mine.flatMap((r) => (r.startGoalPL === undefined ? [] : [r.startGoalPL]));
    const meanPL = pls.length ? (pls.reduce((a, b) => a + b, 0) / pls.length).toExponential(2) : "-";
    const time = seconds(mine.reduce((a, r) => a + r.ms, 0));
    return (
      `| ${category.padEnd(10)} | ${String(mine.length).padStart(5)} | ` +
      `${String(mine.filter((r) => r.ok).length).padStart(4)} | ` +
      `${String(mine.filter((r) => !r.ok).length).padStart(6)} | ` +
      `${meanPL.padStart(16)} | ${time.padStart(11)} |`
    );
  });
  return [
    "| category   | tasks |   ok | failed | mean PL start→goal | worker time |",
    "|------------|-------|------|--------|------------------|-------------|",
    ...rows,
  ].join("\n");
}

async function main() {
  const flags = parseFlags(process.argv.slice(2), { ...TASK_FLAG_OPTIONS, workers: { type: "string" } }, Flags);
  const started = Date.now();
  const { tasks, errors } = loadTasks(taskSelectionFrom(flags));
  const reports: TaskReport[] = errors.map((e) => ({ key: e.key, ok: false, failures: [e.error], ms: 0 }));
  for (const e of errors) console.log(`[load] ${e.key}  FAIL  ${e.error}`);
  await withLocalPool({ size: flags.workers }, async (pool) => {
    let done = 0;
    await forEachConcurrently(tasks, flags.workers, async (task) => {
      const report = await validateTask(pool, task);
      reports.push(report);
      done += 1;
      const pl = report.startGoalPL === undefined ? "" : `PL ${report.startGoalPL.toExponential(2)}  `;
      const status = report.ok ? "ok  " : "FAIL";
      console.log(
        `[${String(done).padStart(3)}/${tasks.length}] ${report.key.padEnd(44)} ${status}  ${pl}${seconds(report.ms)}`,
      );
      for (const f of report.failures) console.log(`        ${f.replace(/\n/g, "\n        ")}`);
    });
  });
  console.log(`\n${summary(reports)}\n`);
  const failed = reports.filter((r) => !r.ok);
  console.log(
    `${reports.length - failed.length} of ${reports.length} tasks valid ` +
      `in ${seconds(Date.now() - started)} with ${flags.workers} workers`,
  );
  if (failed.length) {
    console.log(`failing tasks: ${failed.map((r) => r.key).join(", ")}`);
    process.exitCode = 1;
  }
}

main().catch((err: Error) => {
  console.error(`tasks:validate failed: ${err.message}`);
  process.exit(2);
});
