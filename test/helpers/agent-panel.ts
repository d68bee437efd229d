import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { expect } from "vitest";
import type { z } from "zod";
import type { EpisodeProgressParams } from "../../protocol/src/index.js";
import type { WorkerPool } from "../../sidecar/src/pool/worker-pool.js";
import { loadTasks, type Task } from "../../sidecar/src/tasks/task-loader.js";
import { pixels } from "./bridge.js";
import type { LaunchedBlender } from "./live-blender.js";
import { testOutput } from "./test-output.js";

// The Agent panel as an artist uses it, in a real Blender window: its fields filled and
// its buttons pressed in the window; what it shows read back from the add-on's state.

/** The task the panel tests work on: a desk, a chair to tuck in, a camera. */
export const PANEL_TASK = "placement/desk-chair-tuck-in";

type Progress = z.infer<typeof EpisodeProgressParams>;

export interface PanelState {
  progress: Progress | null;
  pending: string | null;
  error: string | null;
  offers: { episodeId: string; iteration: number; depth: number; file: string }[];
  note: string | null;
  artistEdits: { name: string; from: string; to: string }[] | null;
}

export class AgentPanel {
  constructor(readonly live: LaunchedBlender) {}

  state(): Promise<PanelState> {
    return this.live.inWindow<PanelState>(
      "from blender_agent import episode_state as s\n" +
        "result = {'progress': s.progress, 'pending': s.pending, 'error': s.error, 'offers': s.offers,\n" +
        "          'note': s.note, 'artistEdits': s.artist_edits}\n",
    );
  }

  /** Wait until the panel's state satisfies `done`; fail with the last state seen, or the error it shows. */
  async until(done: (s: PanelState) => boolean, what: string, timeoutMs = 90_000): Promise<PanelState> {
    const deadline = Date.now() + timeoutMs;
    let state = await this.state();
    while (!done(state)) {
      if (state.error) throw new Error(`the panel shows an error while waiting for ${what}: ${state.error}`);
      if (Date.now() > deadline) throw new Error(`no ${what} within ${timeoutMs} ms; panel: ${JSON.stringify(state)}`);
      await new Promise((r) => setTimeout(r, 200));
      state = await this.state();
    }
    return state;
  }

  /** Press Pause, Step, Resume, Stop, Accept or Reject. */
  press(action: string): Promise<unknown> {
    return this.live.inWindow(`bpy.ops.blender_agent.episode_control(action=${JSON.stringify(action)})`);
  }

  /**
   * The scene as the artist has it: the task's scene builder (from empty, as workers build
   * it), no start.py; the chair selected, Camera1 the scene's camera.
   */
  buildTaskScene(): Promise<unknown> {
    return this.live.inWindow(
      "for o in list(bpy.data.objects): bpy.data.objects.remove(o)\n" +
        `${panelTask().scene.script}\n` +
        "for o in bpy.context.scene.objects: o.select_set(False)\n" +
        "bpy.data.objects['Chair'].select_set(True)\n" +
        "bpy.context.view_layer.objects.active = bpy.data.objects['Chair']\n" +
        "bpy.context.scene.camera = bpy.data.objects['Camera1']\n",
      30_000,
    );
  }

  /** Fill the panel (goal image, the scene camera, the selection, offline, 4 drafts) and `settings` (Python); Start. */
  start(goalFile: string, settings: string): Promise<unknown> {
    return this.live.inWindow(
      "s = bpy.context.scene.blender_agent_episode\n" +
        `s.goal_image = bpy.data.images.load(${JSON.stringify(goalFile)}, check_existing=True)\n` +
        "s.view = 'CAMERA'\ns.scope = 'selected'\ns.provider = 'offline'\ns.breadth = 4\n" +
        `${settings}\nbpy.ops.blender_agent.episode_start()\n`,
    );
  }

  /** A picture of the whole window (panel and viewport) under test-output/, to look at. */
  async screenshot(name: string): Promise<void> {
    const file = path.join(testOutput(), name);
    await this.live.screenshot(file);
    const shot = await pixels(readFileSync(file).toString("base64"));
    expect([shot.width, shot.height]).toEqual([1280, 800]);
  }
}

export const panelTask = (): Task => loadTasks({ task: PANEL_TASK }).tasks[0]!;

/** The goal: how the task's goal program looks from Camera1, as a PNG file in `dir` an artist picks. */
export async function panelGoalImage(pool: WorkerPool, dir: string): Promise<string> {
  const task = panelTask();
  const goal = await pool.evaluate({ scene: task.scene, code: task.goal, views: [{ camera: "Camera1" }] });
  const file = path.join(dir, "goal.png");
  writeFileSync(file, Buffer.from(goal.images[0]!.png, "base64"));
  return file;
}

/** The UPPER_CASE parameters of a program, name to value as written. */
export function parameters(program: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const line of program.split("\n")) {
    const m = /^([A-Z_][A-Z0-9_]*) = (.*?)(\s+#.*)?$/.exec(line);
    if (m) found.set(m[1]!, m[2]!);
  }
  return found;
}
