import type { BenchMetric } from "./metric.js";

/** BlenderGym's N-CLIP (1 − CLIP cosine similarity to the goal), when a CLIP model is available. */
export const nclipMetric: BenchMetric = {
  key: "nclip",
  title: "N-CLIP",
  lowerIsBetter: true,
  scaledByCategory: true,
  async forEpisode({ recorded, goalImages, clip }) {
    if (!clip.available) return { unavailable: clip.reason };
    return (program) => clip.nclip(recorded.renders(program), goalImages);
  },
};
