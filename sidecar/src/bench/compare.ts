import { CATEGORIES } from "../tasks/task-schema.js";
import { METRICS } from "./metrics/registry.js";
import type { ResultRow } from "./results.js";
import { cell } from "./summary.js";

const num = (v: number | undefined) => (v === undefined ? "n/a" : v.toExponential(3));

/** Per metric and category: A's and B's mean of the selected result, and B − A (negative is better for losses). */
export function compareResults(a: ResultRow[], b: ResultRow[], nameA: string, nameB: string): string {
  const lines = [`A = ${nameA} (${a.length} rows), B = ${nameB} (${b.length} rows); selected results, unscaled`];
  for (const metric of METRICS) {
    lines.push(
      "",
      `${metric.title} (${metric.lowerIsBetter ? "lower" : "higher"} is better)`,
      "category    A            B            B - A",
    );
    for (const category of [...CATEGORIES, undefined]) {
      const ca = cell(a, metric, "selected", category, false);
      const cb = cell(b, metric, "selected", category, false);
      const delta = ca.value !== undefined && cb.value !== undefined ? cb.value - ca.value : undefined;
      lines.push(
        `${(category ?? "overall").padEnd(11)} ${num(ca.value).padEnd(12)} ` +
          `${num(cb.value).padEnd(12)} ` +
          `${delta === undefined ? "n/a" : (delta > 0 ? "+" : "") + delta.toExponential(3)}`,
      );
    }
  }
  return lines.join("\n");
}
