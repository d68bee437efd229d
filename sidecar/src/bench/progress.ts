import type { Task } from "../tasks/task-loader.js";
import { CATEGORIES, type Category } from "../tasks/task-schema.js";
import { photometricLossMetric } from "./metrics/photometric-loss.js";
import type { ResultRow } from "./results.js";
import { SCALE } from "./summary.js";

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/**
 * What the benchmark's progress line says while it runs. The ETA weighs each task still
 * to run by its own category's measured time per task: a run that starts with quick
 * Workbench tasks would otherwise promise minutes and take a quarter of an hour. A
 * category not measured yet counts at the slowest one measured. PL is given per category,
 * scaled as the summary tables scale it, since one mean over categories mixes scales.
 */
export class BenchProgress {
  private readonly pending = new Map<string, Category>();
  private readonly times = new Map<Category, number[]>();
  private readonly pls = new Map<Category, number[]>();

  /** `tasks`: the tasks this run will play; `concurrency`: episodes at once. */
  constructor(
    tasks: readonly Task[],
    private readonly concurrency: number,
  ) {
    for (const t of tasks) this.pending.set(t.key, t.spec.category);
  }

  add(row: ResultRow): void {
    this.pending.delete(row.task);
    this.times.set(row.category, [...(this.times.get(row.category) ?? []), row.wallMs]);
    const pl = row.metrics[photometricLossMetric.key]?.selected;
    if (pl != null) this.pls.set(row.category, [...(this.pls.get(row.category) ?? []), pl]);
  }

  /** Milliseconds left, or undefined before any task has finished. */
  etaMs(): number | undefined {
    const perTask = new Map([...this.times].map(([category, ms]) => [category, mean(ms)]));
    if (perTask.size === 0) return undefined;
    const slowest = Math.max(...perTask.values());
    let total = 0;
    for (const category of this.pending.values()) total += perTask.get(category) ?? slowest;
    return total / this.concurrency;
  }

  /** Mean selected PL per category so far, scaled as in summary.md: "placement 1.23e+0 ×10³, ...". */
  meanPL(): string {
    const parts = CATEGORIES.flatMap((c) => {
      const pls = this.pls.get(c);
      return pls ? [`${c} ${(mean(pls) * SCALE[c]).toFixed(2)}`] : [];
    });
    return parts.length ? `PL ${parts.join(", ")}` : "PL n/a";
  }

  /** The line a benchmark prints as a task finishes: a bar, the task, its PL or failure, the ETA, the means. */
  line(row: ResultRow, done: number, total: number): string {
    this.add(row);
    const eta = this.etaMs();
    const bar = "#".repeat(Math.round((20 * done) / total)).padEnd(20, "-");
    const pl = row.metrics[photometricLossMetric.key];
    const what =
      row.status === "ok"
        ? `PL ${pl?.start?.toExponential(2)} -> ${pl?.selected?.toExponential(2)}`
        : `FAILED: ${row.failure}`;
    const left = eta === undefined ? "?" : duration(eta);
    return `[${bar}] ${done}/${total}  ${row.task}  ${what}  ETA ${left}  mean ${this.meanPL()}`;
  }
}

/** "42s", "3m07s". */
export const duration = (ms: number) =>
  ms < 60_000
    ? `${Math.round(ms / 1000)}s`
    : `${Math.floor(ms / 60_000)}m${String(Math.round((ms % 60_000) / 1000)).padStart(2, "0")}s`;
