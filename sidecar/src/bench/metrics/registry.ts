import { chamferDistanceMetric } from "./chamfer-distance.js";
import type { BenchMetric } from "./metric.js";
import { nclipMetric } from "./nclip.js";
import { photometricLossMetric } from "./photometric-loss.js";
import { ssimMetric } from "./ssim.js";

/** The benchmark's metrics, in the order its tables show them. */
export const METRICS: readonly BenchMetric[] = [photometricLossMetric, nclipMetric, chamferDistanceMetric, ssimMetric];
