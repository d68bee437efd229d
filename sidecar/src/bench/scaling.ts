import { writeFileSync } from "node:fs";
import path from "node:path";
import { EpisodeConfig } from "../agent/episode-config.js";
import { lineChartPng } from "./line-chart.js";
import { photometricLossMetric } from "./metrics/photometric-loss.js";
import { readResults } from "./results.js";
import { cell } from "./summary.js";

export interface ScalingOptions {
  /** Everything but budget, VeriRatio and verifyK, which the sweep sets. */
  base: EpisodeConfig;
  /** A benchmark run of one configuration into `out` (on the local pool, or through the queue). */
  play: (config: EpisodeConfig, out: string) => Promise<void>;
  budgets: number[];
  ratios: number[];
  verifyKs: number[];
  out: string;
  onPoint?: (p: ScalingPoint) => void;
}

export interface ScalingPoint {
  budget: number;
  veriRatio: number;
  verifyK: number;
  /** Mean PL of the verifier's picks over the tasks (and of the start, for reference); none when no run worked. */
  meanPL?: number;
  meanStartPL?: number;
  /** Tasks the means are over. */
  tasks: number;
}

/**
 * BlenderGym's inference-scaling study: for each total query budget × VeriRatio × verifyK,
 * a benchmark run over the tasks (each into its own folder, so a rerun resumes), then
 * scaling.csv and scaling.png (PL against budget, a line per VeriRatio and verifyK).
 */
export async function runScaling(o: ScalingOptions): Promise<ScalingPoint[]> {
  const points: ScalingPoint[] = [];
  for (const verifyK of o.verifyKs) {
    for (const veriRatio of o.ratios) {
      for (const budget of o.budgets) {
        // Depth is left to the budget: the episode ends when its queries are spent.
        const config = EpisodeConfig.parse({ ...o.base, budget, veriRatio, verifyK, depth: 1000 });
        const out = path.join(o.out, `k${verifyK}-r${veriRatio}-q${budget}`);
        await o.play(config, out);
        // The same means as the summary tables (unscaled): no number rather than a false 0 when no run worked.
        const rows = readResults(out);
        const selected = cell(rows, photometricLossMetric, "selected", undefined, false);
        const point = {
          budget,
          veriRatio,
          verifyK,
          meanPL: selected.value,
          meanStartPL: cell(rows, photometricLossMetric, "start", undefined, false).value,
          tasks: selected.n,
        };
        points.push(point);
        o.onPoint?.(point);
      }
    }
  }
  const csv = [
    "budget,veriRatio,verifyK,meanPL,meanStartPL,tasks",
    ...points.map((p) => [p.budget, p.veriRatio, p.verifyK, p.meanPL, p.meanStartPL, p.tasks].join(",")),
  ];
  writeFileSync(path.join(o.out, "scaling.csv"), `${csv.join("\n")}\n`);
  const series = o.verifyKs.flatMap((k) =>
    o.ratios.map((r) => ({
      label: `VeriRatio ${r}${o.verifyKs.length > 1 ? `, k=${k}` : ""}`,
      points: points.flatMap((p) =>
        p.veriRatio === r && p.verifyK === k && p.meanPL !== undefined ? [{ x: p.budget, y: p.meanPL }] : [],
      ),
    })),
  );
  const png = await lineChartPng(series, {
    title: `PL against query budget (${points[0]?.tasks ?? 0} task(s))`,
    xLabel: "total queries per task (generation + verification)",
    yLabel: "mean PL of the selected result",
    logX: true,
  });
  writeFileSync(path.join(o.out, "scaling.png"), png);
  return points;
}
