import type { SceneSetup } from "../../agent/renderer.js";
import { CHAMFER_POINTS_PER_OBJECT, chamferOfObjects } from "../../metrics/chamfer.js";
import type { WorkerPool } from "../../pool/worker-pool.js";
import type { BenchMetric } from "./metric.js";

/** The evaluated geometry of the Chamfer objects after running `program` on a fresh copy of the scene. */
function sampleGeometry(pool: WorkerPool, setup: SceneSetup, program: string, objects: string[]) {
  return pool.withWorker(async (w) => {
    const sceneId = await pool.ensureScene(w, setup.scene);
    // evaluate resets the scene and runs the program; a tiny render is its cheapest way to do so.
    await pool.callOn(w, "worker.evaluate", {
      sceneId,
      code: program,
      views: [setup.views[0]!],
      settings: { engine: "WORKBENCH", width: 8, height: 8 },
    });
    return (await pool.callOn(w, "geometry.sample", { objects, maxPoints: CHAMFER_POINTS_PER_OBJECT })).objects;
  });
}

/** Chamfer distance (metres) between the task's named objects and the goal program's, for tasks that name them. */
export const chamferDistanceMetric: BenchMetric = {
  key: "cd",
  title: "Chamfer distance (CD, metres)",
  lowerIsBetter: true,
  scaledByCategory: false,
  async forEpisode({ task, recorded, pool }) {
    const objects = task.spec.chamferObjects;
    if (!objects.length) return { unavailable: "the task names no Chamfer objects" };
    const { setup } = recorded.input.meta;
    const goal = await sampleGeometry(pool, setup, task.goal, objects);
    return async (program) => chamferOfObjects(await sampleGeometry(pool, setup, program, objects), goal);
  },
};
