import type { Result } from "../../../protocol/src/index.js";
import { describeFailure } from "../hub/rpc-error.js";
import { CHAMFER_POINTS_PER_OBJECT } from "../metrics/chamfer.js";
import { photometricLossViews } from "../metrics/photometric.js";
import type { PoolWorker, WorkerPool } from "../pool/worker-pool.js";
import { readGoalRenders, writeGoalRenders } from "./goal-cache.js";
import type { Task } from "./task-loader.js";

/**
 * Start and goal must differ by more than this photometric loss (mean squared pixel
 * difference in [0, 1]) for the task to be worth scoring: below it, PL cannot tell a
 * solved task from an unsolved one.
 */
export const MIN_START_GOAL_PL = 2e-5;

export interface TaskReport {
  key: string;
  ok: boolean;
  failures: string[];
  /** PL between the start and goal renders, when both rendered. */
  startGoalPL?: number;
  ms: number;
}

const pngs = (r: Result<"worker.evaluate">) => r.images.map((i) => Buffer.from(i.png, "base64"));

function describe(err: unknown): string {
  const { error, traceback } = describeFailure(err);
  return traceback ? `${error}\n${traceback.trimEnd()}` : error;
}

/**
 * Check one task against real Blender: the scene builds, start and goal run, they look
 * different, a render repeats to the byte, and the goal built on a fresh scene (on
 * another load) matches the cached goal render. Writes the goal renders to the cache.
 */
export async function validateTask(pool: WorkerPool, task: Task): Promise<TaskReport> {
  const started = Date.now();
  const failures: string[] = [];
  const { render: settings, views: cameras, chamferObjects } = task.spec;
  const views = cameras.map((camera) => ({ camera }));
  let startGoalPL: number | undefined;
  const step = async <T>(what: string, fn: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await fn();
    } catch (err) {
      failures.push(`${what}: ${describe(err)}`);
      return undefined;
    }
  };

  await pool.withWorker(async (w: PoolWorker) => {
    const blenderVersion = w.client?.session.hello?.blenderVersion ?? "unknown";
    const sceneId = await step("scene does not build", () => pool.ensureScene(w, task.scene, { fresh: true }));
    if (!sceneId) return;
    const evaluate = (code: string) => pool.callOn(w, "worker.evaluate", { sceneId, code, views, settings });
    const start = await step("start.py fails", () => evaluate(task.start));
    const goal = await step("goal.py fails", () => evaluate(task.goal));
    if (!start || !goal) return;
    const goalPngs = pngs(goal);
    const sameAsGoal = (r: Result<"worker.evaluate">) => pngs(r).every((png, i) => png.equals(goalPngs[i]!));
    startGoalPL = await photometricLossViews(pngs(start), goalPngs);
    if (startGoalPL <= MIN_START_GOAL_PL) {
      failures.push(`start and goal look the same (PL ${startGoalPL.toExponential(2)} <= ${MIN_START_GOAL_PL})`);
    }
    const again = await step("goal.py fails on its second run", () => evaluate(task.goal));
    if (again && !sameAsGoal(again)) {
      failures.push("rendering goal.py twice gave different pixels (not deterministic)");
    }
    if (chamferObjects.length) {
      const sampled = await step("chamfer objects cannot be sampled", () =>
        pool.callOn(w, "geometry.sample", { objects: chamferObjects, maxPoints: CHAMFER_POINTS_PER_OBJECT }),
      );
      for (const o of sampled?.objects ?? [])
        if (o.count === 0) failures.push(`chamfer object ${o.name} has no vertices in the goal`);
    }
    // The goal on a freshly built scene must give the goal render: nothing may leak between runs.
    const freshId = await step("scene does not rebuild", () => pool.ensureScene(w, task.scene, { fresh: true }));
    const fresh = freshId
      ? await step("goal.py fails on a fresh scene", () =>
          pool.callOn(w, "worker.evaluate", { sceneId: freshId, code: task.goal, views, settings }),
        )
      : undefined;
    if (fresh && !sameAsGoal(fresh)) {
      failures.push("goal.py on a freshly built scene renders differently");
    }
    const cached = readGoalRenders(task, blenderVersion);
    if (cached?.some((png, i) => !png.equals(goalPngs[i]!))) {
      failures.push("the goal render differs from the cached one for the same scene, program, settings and Blender");
    }
    if (failures.length === 0) writeGoalRenders(task, blenderVersion, goalPngs);
  });
  return { key: task.key, ok: failures.length === 0, failures, startGoalPL, ms: Date.now() - started };
}
