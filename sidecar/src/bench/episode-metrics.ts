import type { SceneSetup } from "../agent/renderer.js";
import type { EpisodeSummary } from "../agent/episode.js";
import type { RecordedEpisode } from "../agent/record/episode-reader.js";
import { chamferOfObjects } from "../metrics/chamfer.js";
import type { ClipMetric } from "../metrics/nclip.js";
import { photometricLossViews } from "../metrics/photometric.js";
import { ssimViews } from "../metrics/ssim.js";
import type { WorkerPool } from "../pool/worker-pool.js";
import type { Task } from "../tasks/task-loader.js";
import { NONE, type ResultRow, type Triple } from "./results.js";

type Which = keyof Triple;
const WHICH: Which[] = ["start", "selected", "best"];

/** Points per Chamfer object: enough for a stable mean, few enough to sample and compare fast. */
const CD_POINTS = 5000;

/** The three programs a row scores: where the episode started, what the verifier picked, the best the metric saw. */
function programsOf(task: Task, summary: EpisodeSummary): Record<Which, string> {
  return { start: task.start, selected: summary.finalProgram, best: summary.bestProgram ?? summary.finalProgram };
}

/** The evaluated geometry of the Chamfer objects after running `program` on a fresh copy of the scene. */
function sampleGeometry(pool: WorkerPool, setup: SceneSetup, program: string, objects: string[]) {
  return pool.withWorker(async (w) => {
    const sceneId = await pool.ensureScene(w, setup.scene);
    // evaluate resets the scene and runs the program; a tiny render is its cheapest way to do so.
    await pool.callOn(w, "worker.evaluate", { sceneId, code: program, views: [setup.views[0]!], settings: { engine: "WORKBENCH", width: 8, height: 8 } });
    return (await pool.callOn(w, "geometry.sample", { objects, maxPoints: CD_POINTS })).objects;
  });
}

async function triple(fn: (which: Which) => Promise<number>): Promise<Triple> {
  const values = await Promise.all(WHICH.map(fn));
  return { start: values[0]!, selected: values[1]!, best: values[2]! };
}


/**
 * PL, SSIM, N-CLIP (when a CLIP model is available) and, for tasks that name Chamfer
 * objects, CD, each for the start, the selected and the best program, against the goal.
 */
export async function measureEpisode(
  pool: WorkerPool,
  task: Task,
  recorded: RecordedEpisode,
  summary: EpisodeSummary,
  clip: ClipMetric,
): Promise<Pick<ResultRow, "metrics" | "unavailable">> {
  const setup = (recorded.input.meta as { setup: SceneSetup }).setup;
  const goalImages = recorded.input.goal.images ?? [];
  const programs = programsOf(task, summary);
  const images = (which: Which) => recorded.renders(programs[which]);
  const unavailable: Record<string, string> = {};

  const pl = await triple((w) => photometricLossViews(images(w), goalImages));
  const ssim = await triple((w) => ssimViews(images(w), goalImages));
  let nclip = NONE;
  if (clip.available) nclip = await triple((w) => clip.nclip(images(w), goalImages));
  else unavailable.nclip = clip.reason;
  let cd = NONE;
  const objects = task.spec.chamferObjects;
  if (objects.length) {
    const goal = await sampleGeometry(pool, setup, task.goal, objects);
    cd = await triple(async (w) => chamferOfObjects(await sampleGeometry(pool, setup, programs[w], objects), goal));
  } else {
    unavailable.cd = "the task names no Chamfer objects";
  }
  return { metrics: { pl, ssim, nclip, cd }, unavailable };
}
