import { describe, expect, it } from "vitest";
import { compareResults } from "../../sidecar/src/bench/compare.js";
import { METRICS } from "../../sidecar/src/bench/metrics/registry.js";
import { ResultRow, type Triple } from "../../sidecar/src/bench/results.js";
import { summaryCsv, summaryMarkdown } from "../../sidecar/src/bench/summary.js";

// The tables take their metrics from the registry: no table names a metric itself.

const triple = (selected: number): Triple => ({ start: selected * 2, selected, best: selected });

function row(category: ResultRow["category"], metrics: Record<string, Triple>, config = "c"): ResultRow {
  return ResultRow.parse({
    task: `${category}/t`,
    category,
    difficulty: "easy",
    config,
    status: "ok",
    noWorkingProgram: false,
    metrics,
    unavailable: {},
    iterations: 1,
    queries: { generation: 0, verification: 0 },
    tokens: { input: 0, output: 0 },
    costUsd: null,
    wallMs: 1,
    episode: "e",
  });
}

const csvMean = (csv: string, metric: string, category: string) =>
  Number(
    csv
      .split("\n")
      .find((l) => l.startsWith(`"c",${metric},selected,${category},`))!
      .split(",")[4],
  );

describe("the benchmark's tables", () => {
  it("show every registered metric, scaled by category only where the metric says so", () => {
    const all = Object.fromEntries(METRICS.map((m) => [m.key, triple(0.004)]));
    const rows = [row("placement", all), row("lighting", all)];
    const md = summaryMarkdown(rows);
    for (const metric of METRICS)
      expect(md).toContain(`## ${metric.title} (${metric.lowerIsBetter ? "lower" : "higher"} is better)`);
    const csv = summaryCsv(rows);
    for (const metric of METRICS) {
      const scale = metric.scaledByCategory;
      expect(csvMean(csv, metric.key, "placement")).toBeCloseTo(scale ? 4 : 0.004, 9);
      expect(csvMean(csv, metric.key, "lighting")).toBeCloseTo(scale ? 0.4 : 0.004, 9);
      expect(csvMean(csv, metric.key, "overall")).toBeCloseTo(0.004, 9);
    }
  });

  it("read a row written before a metric was registered, and show that metric as n/a for it", () => {
    const old = row("placement", { pl: triple(0.002) });
    const csv = summaryCsv([old]);
    expect(csvMean(csv, "pl", "placement")).toBeCloseTo(2, 9);
    expect(csv).toContain('"c",ssim,selected,placement,,1,n/a');
  });

  it("compare two runs metric by metric: B − A of the selected result", () => {
    const text = compareResults(
      [row("placement", { pl: triple(0.004) })],
      [row("placement", { pl: triple(0.001) })],
      "a",
      "b",
    );
    expect(text).toMatch(/Photometric loss \(PL\)[\s\S]*placement\s+4\.000e-3\s+1\.000e-3\s+-3\.000e-3/);
  });
});
