import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { agentOptions } from "../sidecar/src/agent/agent-options.js";
import { readEvents } from "../sidecar/src/agent/record/episode-record.js";
import { eventsOf } from "../sidecar/src/agent/record/events.js";
import { LiveEpisodes } from "../sidecar/src/episodes/live-episodes.js";
import { BlenderClient } from "../sidecar/src/hub/blender-client.js";
import { Hub } from "../sidecar/src/hub/hub-server.js";
import { WorkerPool } from "../sidecar/src/pool/worker-pool.js";
import { AgentPanel, PANEL_TASK, panelGoalImage, parameters } from "./helpers/agent-panel.js";
import { type LiveBlender, startLiveBlender } from "./helpers/live-blender.js";

// The artist's whole episode from the Agent panel, in a real Blender window under xvfb
// (on the task scene of PANEL_TASK): the panel's fields are filled and its buttons pressed
// in the window, as an artist would.

let hub: Hub;
let live: LiveBlender;
let pool: WorkerPool;
let panel: AgentPanel;
let goalFile: string;
const scratch = mkdtempSync(path.join(tmpdir(), "panel-episode-"));

beforeAll(async () => {
  hub = await Hub.start({ port: 0 });
  hub.handle("agent.options", () => agentOptions({}));
  [live, pool] = await Promise.all([startLiveBlender(hub), WorkerPool.start(hub, { size: 2 })]);
  new LiveEpisodes(pool, path.join(scratch, "runs")).serve(hub);
  panel = new AgentPanel(live);
  goalFile = await panelGoalImage(pool, scratch);
});
afterAll(async () => {
  await pool?.close();
  await live?.stop();
  await hub?.close();
});

describe(`an episode from the Agent panel (real Blender window, xvfb, ${PANEL_TASK})`, () => {
  const wholeEpisode =
    "starts offline on a task scene built without its start program, steps, pauses, resumes, and gets closer";
  it(wholeEpisode, async () => {
    await panel.buildTaskScene();
    const blender = new BlenderClient(live.session);
    await panel.start(goalFile, "s.depth = 3\ns.start_paused = True\ns.ask_before_applying = False");
    let state = await panel.until((s) => s.progress?.status === "ready" && s.pending === null, "a paused start");
    expect(state.progress).toMatchObject({ iteration: 0, depth: 3 });
    const startScore = state.progress!.startScore!;
    expect(startScore).toBeGreaterThan(0);
    // The program the agent edits was written from the selection, into a Text the artist can read.
    const text = await live.inWindow<string>("result = bpy.data.texts['Agent program'].as_string()");
    expect(text).toMatch(/^CHAIR_LOCATION = /m);
    expect(text).not.toMatch(/^DESK_LOCATION = /m);

    await panel.press("step");
    state = await panel.until((s) => s.progress?.status === "paused" && s.progress.iteration === 1, "one step");

    // Resume, and Pause at once (as fast as a hand can): the iteration in flight ends, then it waits.
    await live.inWindow(
      "bpy.ops.blender_agent.episode_control(action='resume')\nbpy.ops.blender_agent.episode_control(action='pause')",
    );
    state = await panel.until((s) => s.progress?.status === "paused" && s.pending === null, "the pause");
    expect(state.progress!.iteration).toBe(2);

    await panel.press("resume");
    state = await panel.until((s) => s.progress?.status === "finished", "the end of the episode");
    expect(state.progress!.iteration).toBe(3);
    expect(state.progress!.score!).toBeLessThan(startScore);
    // The accepted edits reached the open scene: written from the scene again, the program is the episode's last.
    const again = await blender.call("scene.program", { scope: "selected" });
    expect(again.program).not.toBe(text);
    const ended = eventsOf(readEvents(path.join(scratch, "runs", state.progress!.episodeId)), "episode.ended")[0]!;
    expect(parameters(again.program)).toEqual(parameters(ended.finalProgram));

    await panel.screenshot("panel-episode.png");
  }, 240_000);

  it("says in the panel, not in a log, that the offline agent needs a goal image", async () => {
    const active = await live.inWindow<boolean>("from blender_agent import episode_state as s\nresult = s.is_active()");
    if (active) {
      await panel.press("stop");
      await panel.until((s) => s.progress?.status === "stopped" && s.pending === null, "the stop");
    }
    const message = await live.inWindow<string>(
      "s = bpy.context.scene.blender_agent_episode\ns.goal_image = None\ns.provider = 'offline'\n" +
        "try:\n    bpy.ops.blender_agent.episode_start()\n    result = None\n" +
        "except RuntimeError as exc:\n    result = str(exc)\n",
    );
    expect(message).toMatch(/offline agent needs a goal image/);
    expect((await panel.state()).error).toMatch(/offline agent needs a goal image/);
  });

  const askFirst =
    "asks before applying: a rejected edit leaves the scene, an accepted one is one undo step, and Revert " +
    "episode goes back to the start keeping the artist's own edit";
  it(askFirst, async () => {
    await panel.buildTaskScene();
    const blender = new BlenderClient(live.session);
    const sceneNow = async () => parameters((await blender.call("scene.program", { scope: "selected" })).program);
    const atStart = await sceneNow();
    await panel.start(goalFile, "s.depth = 8\ns.start_paused = False\ns.ask_before_applying = True");
    const proposalAfter = (iteration: number) =>
      panel
        .until(
          (s) => (s.progress?.proposal?.iteration ?? 0) > iteration,
          `an edit to decide on after iteration ${iteration}`,
        )
        .then((s) => s.progress!.proposal!);

    // The first edit the agent picks waits, named in the panel; Reject: the scene stays as it was.
    const first = await proposalAfter(0);
    expect(first.changes.length).toBeGreaterThan(0);
    expect(await sceneNow()).toEqual(atStart);
    await panel.press("reject");
    const second = await proposalAfter(first.iteration);
    expect(await sceneNow()).toEqual(atStart);
    const runs = path.join(scratch, "runs", (await panel.state()).progress!.episodeId);
    const rejected = eventsOf(readEvents(runs), "iteration.ended").find((e) => e.iteration === first.iteration)!;
    expect(rejected).toMatchObject({ winner: "incumbent", rejected: expect.any(String) });
    await panel.screenshot("panel-ask-before-applying.png");

    // Accept: the edit reaches the scene, as one undo step named after it.
    await panel.press("accept");
    await panel.until((s) => s.progress!.iteration >= second.iteration, "the accepted edit");
    const accepted = await sceneNow();
    for (const change of second.changes) expect(accepted.get(change.name)).toBe(change.to);

    // The artist turns the chair themself (an undo step of their own), then presses Revert episode.
    await live.inWindow(
      "bpy.data.objects['Chair'].rotation_euler[2] += 0.5\nbpy.ops.ed.undo_push(message='Turn the chair')",
    );
    const edited = await sceneNow();
    await live.inWindow("bpy.ops.blender_agent.episode_revert(keep='ASK')");
    const asked = await panel.until((s) => s.artistEdits !== null, "the revert's question");
    expect(asked.artistEdits!.map((c) => c.name)).toEqual(["CHAIR_ROTATION"]);
    expect(asked.progress!.status).toBe("stopped");
    await panel.screenshot("panel-revert-question.png");

    // Keep my edits: the agent's values go back to the start, the artist's turn stays.
    await live.inWindow("bpy.ops.blender_agent.episode_revert(keep='KEEP')");
    const reverted = await panel.until(
      (s) => s.pending === null && s.artistEdits === null && /Reverted/.test(s.progress!.message),
      "the revert",
    );
    expect(reverted.progress!.message).toMatch(/keeping your edits/);
    const after = await sceneNow();
    expect(after).toEqual(new Map([...atStart, ["CHAIR_ROTATION", edited.get("CHAIR_ROTATION")!]]));

    // Undo once: the revert is one step; the scene is as it was before it.
    await live.inWindow("bpy.ops.ed.undo()");
    expect(await sceneNow()).toEqual(edited);
  }, 300_000);
});
