import type { EpisodeSummary } from "../agent/episode.js";
import type { RecordedEpisode } from "../agent/record/episode-reader.js";
import type { SceneSetup } from "../agent/renderer.js";
import { CHAMFER_POINTS_PER_OBJECT, chamferOfObjects } from "../metrics/chamfer.js";
import type { ClipMetric } from "../metrics/nclip.js";
import { PhotometricGoal } from "../metrics/photometric.js";
import { ssimViews } from "../metrics/ssim.js";
import type { WorkerPool } from "../pool/worker-pool.js";
import type { Task } from "../tasks/task-loader.js";
import { NONE, type ResultRow, type Triple } from "./results.js";

type Which = keyof Triple;
const WHICH: Which[] = ["start", "selected", "best"];

/** The three programs a row scores: where the episode started, what the verifier picked, the best the metric saw. */
function programsOf(task: Task, summary: EpisodeSummary): Record<Which, string> {
  return { start: task.start, selected: summary.finalProgram, best: summary.bestProgram ?? summary.finalProgram };
}

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

/**
 * A metric of the start, selected and best programs. Each distinct program is measured
 * once: selected and best are often the same program, and so are start and selected when
 * nothing was accepted.
 */
async function triple(programs: Record<Which, string>, measure: (program: string) => Promise<number>): Promise<Triple> {
  const measured = new Map<string, Promise<number>>();
  const of = (program: string) => {
    if (!measured.has(program)) measured.set(program, measure(program));
    return measured.get(program)!;
  };
  const [start, selected, best] = await Promise.all(WHICH.map((w) => of(programs[w])));
  return { start: start!, selected: selected!, best: best! };
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
  const { setup } = recorded.input.meta;
  const goalImages = recorded.input.goal.images ?? [];
  const programs = programsOf(task, summary);
  const unavailable: Record<string, string> = {};

  const goalPL = await PhotometricGoal.of(goalImages); // the goal decoded once for all programs
  const pl = await triple(programs, (p) => goalPL.lossOf(recorded.renders(p)));
  const ssim = await triple(programs, (p) => ssimViews(recorded.renders(p), goalImages));
  let nclip = NONE;
  if (clip.available) nclip = await triple(programs, (p) => clip.nclip(recorded.renders(p), goalImages));
  else unavailable.nclip = clip.reason;
  let cd = NONE;
  const objects = task.spec.chamferObjects;
  if (objects.length) {
    const goal = await sampleGeometry(pool, setup, task.goal, objects);
    cd = await triple(programs, async (p) => chamferOfObjects(await sampleGeometry(pool, setup, p, objects), goal));
  } else {
    unavailable.cd = "the task names no Chamfer objects";
  }
  return { metrics: { pl, ssim, nclip, cd }, unavailable };
}
