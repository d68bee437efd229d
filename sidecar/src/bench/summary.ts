import { CATEGORIES, type Category } from "../tasks/task-schema.js";
import type { BenchMetric } from "./metrics/metric.js";
import { METRICS } from "./metrics/registry.js";
import type { ResultRow, Triple } from "./results.js";

/** BlenderGym's tables scale PL and N-CLIP by 10³ for blend shape and placement, 10² for the rest. */
export const SCALE: Record<Category, number> = {
  placement: 1e3,
  blendshape: 1e3,
  lighting: 1e2,
  material: 1e2,
  geometry: 1e2,
};

/** A task whose runs produced executable code in fewer than this share of instances shows "–", as in BlenderGym. */
const MIN_WORKING_SHARE = 0.25;

function mean(xs: number[]): number | undefined {
  return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : undefined;
}

export interface Cell {
  value?: number;
  n: number;
  /** Why there is no number. */
  note?: string;
}

/** The mean of one metric (start, selected or best) over rows of one category (or all). */
export function cell(
  rows: ResultRow[],
  metric: BenchMetric,
  which: keyof Triple,
  category?: Category,
  scaled = true,
): Cell {
  const mine = rows.filter((r) => r.status === "ok" && (!category || r.category === category));
  if (mine.length === 0) return { n: 0, note: "no runs" };
  const working = mine.filter((r) => !r.noWorkingProgram).length / mine.length;
  if (working < MIN_WORKING_SHARE) return { n: mine.length, note: "–" };
  const values = mine.flatMap((r) => {
    const v = r.metrics[metric.key]?.[which] ?? null;
    return v === null ? [] : [scaled && category && metric.scaledByCategory ? v * SCALE[category] : v];
  });
  if (values.length === 0) return { n: mine.length, note: "n/a" };
  return { value: mean(values), n: values.length };
}

const fmt = (c: Cell) =>
  c.value === undefined
    ? (c.note ?? "n/a")
    : c.value < 0.01 && c.value !== 0
      ? c.value.toExponential(2)
      : c.value.toFixed(3);

/** Markdown tables shaped like BlenderGym's: per metric, a row per configuration, a column per category and overall. */
export function summaryMarkdown(rows: ResultRow[]): string {
  const configs = [...new Set(rows.map((r) => r.config))].sort();
  const header = `| configuration | ${CATEGORIES.join(" | ")} | overall (unscaled) |`;
  const rule = `|---|${CATEGORIES.map(() => "---|").join("")}---|`;
  const parts: string[] = [
    "# Benchmark summary",
    "",
    `${rows.length} results, ${configs.length} configuration(s).`,
    "",
  ];
  for (const metric of METRICS) {
    parts.push(`## ${metric.title} (${metric.lowerIsBetter ? "lower" : "higher"} is better)`, "");
    if (metric.scaledByCategory)
      parts.push(
        "Category columns ×10³ for placement and blendshape, ×10² for the others " +
          "(as BlenderGym reports them); overall unscaled.",
        "",
      );
    for (const which of ["selected", "best", "start"] as const) {
      const explanation =
        which === "best"
          ? " (oracle: the best executable candidate by the metric)"
          : which === "selected"
            ? " (the verifier's final pick)"
            : "";
      parts.push(`**${which}**${explanation}`, "", header, rule);
      for (const config of configs) {
        const mine = rows.filter((r) => r.config === config);
        parts.push(
          `| ${config} | ${CATEGORIES.map((c) => fmt(cell(mine, metric, which, c))).join(" | ")} | ` +
            `${fmt(cell(mine, metric, which))} |`,
        );
      }
      parts.push("");
    }
  }
  parts.push(
    "## Failures",
    "",
    "| configuration | tasks | failed | no working program | timeouts |",
    "|---|---|---|---|---|",
  );
  for (const config of configs) {
    const mine = rows.filter((r) => r.config === config);
    const share = (n: number) => `${n} (${((100 * n) / mine.length).toFixed(0)}%)`;
    const timeouts = mine.filter((r) => /timeout|took longer/i.test(r.failure ?? "")).length;
    parts.push(
      `| ${config} | ${mine.length} | ${share(mine.filter((r) => r.status === "failed").length)} | ` +
        `${share(mine.filter((r) => r.noWorkingProgram).length)} | ${share(timeouts)} |`,
    );
  }
  const failed = rows.filter((r) => r.status === "failed");
  if (failed.length) {
    parts.push("", "### Failed tasks", "", "| configuration | task | reason |", "|---|---|---|");
    for (const r of failed) parts.push(`| ${r.config} | ${r.task} | ${tableCell(r.failure ?? "no reason given")} |`);
  }
  return `${parts.join("\n")}\n`;
}

/** Text that stays in one Markdown table cell: one line, no bare "|". */
const tableCell = (text: string) => text.replace(/\s+/g, " ").replace(/\|/g, "\\|");

/** The same figures as CSV: one line per configuration × metric × which × category (and "overall"). */
export function summaryCsv(rows: ResultRow[]): string {
  const lines = ["configuration,metric,which,category,mean,n,note"];
  for (const config of [...new Set(rows.map((r) => r.config))].sort()) {
    const mine = rows.filter((r) => r.config === config);
    for (const metric of METRICS) {
      for (const which of ["start", "selected", "best"] as const) {
        for (const category of [...CATEGORIES, undefined]) {
          const c = cell(mine, metric, which, category);
          lines.push(
            [JSON.stringify(config), metric.key, which, category ?? "overall", c.value ?? "", c.n, c.note ?? ""].join(
              ",",
            ),
          );
        }
      }
    }
  }
  return `${lines.join("\n")}\n`;
}
