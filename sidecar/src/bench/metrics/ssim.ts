import { ssimViews } from "../../metrics/ssim.js";
import type { BenchMetric } from "./metric.js";

/** Structural similarity against the goal, over views (an extra column; higher is better). */
export const ssimMetric: BenchMetric = {
  key: "ssim",
  title: "SSIM",
  lowerIsBetter: false,
  scaledByCategory: false,
  async forEpisode({ recorded, goalImages }) {
    return (program) => ssimViews(recorded.renders(program), goalImages);
  },
};
