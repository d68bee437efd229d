import { describe, expect, it } from "vitest";
import type { EpisodeSummary } from "../../sidecar/src/agent/episode.js";
import type { RecordedEpisode } from "../../sidecar/src/agent/record/episode-reader.js";
import { measureEpisode } from "../../sidecar/src/bench/episode-metrics.js";
import type { BenchMetric, ProgramMeasure } from "../../sidecar/src/bench/metrics/metric.js";
import type { ClipMetric } from "../../sidecar/src/metrics/nclip.js";
import type { WorkerPool } from "../../sidecar/src/pool/worker-pool.js";
import type { Task } from "../../sidecar/src/tasks/task-loader.js";

const metric = (key: string, measure: ProgramMeasure): BenchMetric => ({
  key,
  title: key,
  lowerIsBetter: true,
  scaledByCategory: false,
  forEpisode: async () => measure,
});

describe("measureEpisode", () => {
  it("keeps a finished episode's row when a metric cannot score one of its programs: null there, and why", async () => {
    // The search left the Chamfer object with no geometry in the program it selected.
    const metrics = [
      metric("pl", async (program) => (program === "start" ? 2e-3 : 1e-3)),
      metric("cd", async (program) => {
        if (program === "final") throw new Error("Chamfer distance: side A has no points (objects: Coil)");
        return 0.25;
      }),
    ];
    const task = { start: "start" } as Task;
    const summary = { finalProgram: "final", bestProgram: "final" } as EpisodeSummary;
    const recorded = { input: { goal: { images: [] } } } as unknown as RecordedEpisode;
    const none = undefined as unknown;
    const row = await measureEpisode(none as WorkerPool, task, recorded, summary, none as ClipMetric, metrics);
    expect(row.metrics.pl).toEqual({ start: 2e-3, selected: 1e-3, best: 1e-3 });
    expect(row.metrics.cd).toEqual({ start: 0.25, selected: null, best: null });
    expect(row.unavailable.cd).toBe(
      "selected: Chamfer distance: side A has no points (objects: Coil); " +
        "best: Chamfer distance: side A has no points (objects: Coil)",
    );
    expect(row.unavailable.pl).toBeUndefined();
  });
});
