import { PhotometricGoal } from "../../metrics/photometric.js";
import type { BenchMetric } from "./metric.js";

/** BlenderGym's photometric loss (PL): mean squared pixel error against the goal, over views. */
export const photometricLossMetric: BenchMetric = {
  key: "pl",
  title: "Photometric loss (PL)",
  lowerIsBetter: true,
  scaledByCategory: true,
  async forEpisode({ recorded, goalImages }) {
    const goal = await PhotometricGoal.of(goalImages); // decoded once for every program
    return (program) => goal.lossOf(recorded.renders(program));
  },
};
