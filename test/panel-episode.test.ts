import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { z } from "zod";
import type { EpisodeProgressParams } from "../protocol/src/index.js";
import { agentOptions } from "../sidecar/src/agent/agent-options.js";
import { readEvents } from "../sidecar/src/agent/record/episode-record.js";
import { eventsOf } from "../sidecar/src/agent/record/events.js";
import { LiveEpisodes } from "../sidecar/src/episodes/live-episodes.js";
import { BlenderClient } from "../sidecar/src/hub/blender-client.js";
import { Hub } from "../sidecar/src/hub/hub-server.js";
import { WorkerPool } from "../sidecar/src/pool/worker-pool.js";
import { loadTasks } from "../sidecar/src/tasks/task-loader.js";
import { pixels } from "./helpers/bridge.js";
import { type LiveBlender, startLiveBlender } from "./helpers/live-blender.js";

// The artist's whole episode from the Agent panel, in a real Blender window under xvfb:
// the panel's fields are filled and its buttons pressed in the window, as an artist would.

const OUT = new URL("../test-output/", import.meta.url);
const TASK = "placement/desk-chair-tuck-in";

type Progress = z.infer<typeof EpisodeProgressParams>;
interface PanelState {
  progress: Progress | null;
  pending: string | null;
  error: string | null;
}

let hub: Hub;
let live: LiveBlender;
let pool: WorkerPool;
const scratch = mkdtempSync(path.join(tmpdir(), "panel-episode-"));

beforeAll(async () => {
  hub = await Hub.start({ port: 0 });
  hub.handle("agent.options", () => agentOptions({}));
  [live, pool] = await Promise.all([startLiveBlender(hub), WorkerPool.start(hub, { size: 2 })]);
  new LiveEpisodes(pool, path.join(scratch, "runs")).serve(hub);
});
afterAll(async () => {
  await pool?.close();
  await live?.stop();
  await hub?.close();
});

const panelState = () =>
  live.inWindow<PanelState>(
    "from blender_agent import episode_state as s\n" +
      "result = {'progress': s.progress, 'pending': s.pending, 'error': s.error}\n",
  );

/** Wait until the panel's state satisfies `done`; fail with the last state seen. */
async function panelUntil(done: (s: PanelState) => boolean, what: string, timeoutMs = 90_000): Promise<PanelState> {
  const deadline = Date.now() + timeoutMs;
  let state = await panelState();
  while (!done(state)) {
    if (state.error) throw new Error(`the panel shows an error while waiting for ${what}: ${state.error}`);
    if (Date.now() > deadline) throw new Error(`no ${what} within ${timeoutMs} ms; panel: ${JSON.stringify(state)}`);
    await new Promise((r) => setTimeout(r, 200));
    state = await panelState();
  }
  return state;
}

const press = (action: string) =>
  live.inWindow(`bpy.ops.blender_agent.episode_control(action=${JSON.stringify(action)})`);

describe("an episode from the Agent panel (real Blender window, xvfb)", () => {
  const wholeEpisode =
    "starts offline on a task scene built without its start program, steps, pauses, resumes, and gets closer";
  it(wholeEpisode, async () => {
    const task = loadTasks({ task: TASK }).tasks[0]!;
    // The scene as the artist has it: the task's scene builder (from empty, as workers build it), no start.py;
    // the chair selected.
    await live.inWindow(
      "for o in list(bpy.data.objects): bpy.data.objects.remove(o)\n" +
        `${task.scene.script}\n` +
        "for o in bpy.context.scene.objects: o.select_set(False)\n" +
        "bpy.data.objects['Chair'].select_set(True)\n" +
        "bpy.context.view_layer.objects.active = bpy.data.objects['Chair']\n" +
        "bpy.context.scene.camera = bpy.data.objects['Camera1']\n",
      30_000,
    );
    // The goal: how the task's goal program looks from Camera1, as a PNG file the artist picks.
    const goal = await pool.evaluate({ scene: task.scene, code: task.goal, views: [{ camera: "Camera1" }] });
    const goalFile = path.join(scratch, "goal.png");
    writeFileSync(goalFile, Buffer.from(goal.images[0]!.png, "base64"));
    const blender = new BlenderClient(live.session);

    await live.inWindow(
      "s = bpy.context.scene.blender_agent_episode\n" +
        `s.goal_image = bpy.data.images.load(${JSON.stringify(goalFile)})\n` +
        "s.view = 'CAMERA'\ns.scope = 'selected'\ns.provider = 'offline'\n" +
        "s.breadth = 4\ns.depth = 3\ns.start_paused = True\n" +
        "bpy.ops.blender_agent.episode_start()\n",
    );
    let state = await panelUntil((s) => s.progress?.status === "ready" && s.pending === null, "a paused start");
    expect(state.progress).toMatchObject({ iteration: 0, depth: 3 });
    const startScore = state.progress!.startScore!;
    expect(startScore).toBeGreaterThan(0);
    // The program the agent edits was written from the selection, into a Text the artist can read.
    const text = await live.inWindow<string>("result = bpy.data.texts['Agent program'].as_string()");
    expect(text).toMatch(/^CHAIR_LOCATION = /m);
    expect(text).not.toMatch(/^DESK_LOCATION = /m);

    await press("step");
    state = await panelUntil((s) => s.progress?.status === "paused" && s.progress.iteration === 1, "one step");

    // Resume, and Pause at once (as fast as a hand can): the iteration in flight ends, then it waits.
    await live.inWindow(
      "bpy.ops.blender_agent.episode_control(action='resume')\nbpy.ops.blender_agent.episode_control(action='pause')",
    );
    state = await panelUntil((s) => s.progress?.status === "paused" && s.pending === null, "the pause");
    expect(state.progress!.iteration).toBe(2);

    await press("resume");
    state = await panelUntil((s) => s.progress?.status === "finished", "the end of the episode");
    expect(state.progress!.iteration).toBe(3);
    expect(state.progress!.score!).toBeLessThan(startScore);
    // The accepted edits reached the open scene: written from the scene again, the program is the episode's last.
    const again = await blender.call("scene.program", { scope: "selected" });
    const parameters = (program: string) => program.split("\n").filter((l) => /^[A-Z_][A-Z0-9_]* = /.test(l));
    expect(again.program).not.toBe(text);
    const ended = eventsOf(readEvents(path.join(scratch, "runs", state.progress!.episodeId)), "episode.ended")[0]!;
    expect(parameters(again.program)).toEqual(parameters(ended.finalProgram));

    mkdirSync(OUT, { recursive: true });
    const file = new URL("panel-episode.png", OUT).pathname;
    await live.screenshot(file);
    const shot = await pixels(readFileSync(file).toString("base64"));
    expect([shot.width, shot.height]).toEqual([1280, 800]);
  }, 240_000);

  it("says in the panel, not in a log, that the offline agent needs a goal image", async () => {
    const active = await live.inWindow<boolean>("from blender_agent import episode_state as s\nresult = s.is_active()");
    if (active) {
      await press("stop");
      await panelUntil((s) => s.progress?.status === "stopped" && s.pending === null, "the stop");
    }
    const message = await live.inWindow<string>(
      "s = bpy.context.scene.blender_agent_episode\ns.goal_image = None\ns.provider = 'offline'\n" +
        "try:\n    bpy.ops.blender_agent.episode_start()\n    result = None\n" +
        "except RuntimeError as exc:\n    result = str(exc)\n",
    );
    expect(message).toMatch(/offline agent needs a goal image/);
    expect((await panelState()).error).toMatch(/offline agent needs a goal image/);
  });
});
