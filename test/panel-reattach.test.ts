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
import { AgentPanel, panelGoalImage, parameters } from "./helpers/agent-panel.js";
import { type LiveBlender, startLiveBlender } from "./helpers/live-blender.js";

// An episode outlives what goes away under it: the artist's Blender closing mid-episode,
// and the sidecar restarting. Real Blender windows under xvfb; the panel's buttons pressed.

let hub: Hub;
let live: LiveBlender;
let pool: WorkerPool;
let goalFile: string;
const scratch = mkdtempSync(path.join(tmpdir(), "panel-reattach-"));
const runs = path.join(scratch, "runs");

/** A sidecar: the hub with the agent's options, the workers, the episode API; its token fixed, as a token file does. */
async function startSidecar(port = 0, token?: string): Promise<void> {
  hub = await Hub.start({ port, token });
  hub.handle("agent.options", () => agentOptions({}));
  const starting = WorkerPool.start(hub, { size: 2 });
  new LiveEpisodes(starting, runs).serve(hub); // as `serve` does: before the workers are ready
  pool = await starting;
}

beforeAll(async () => {
  await startSidecar();
  live = await startLiveBlender(hub);
  goalFile = await panelGoalImage(pool, scratch);
});
afterAll(async () => {
  await pool?.close();
  await live?.stop();
  await hub?.close();
});

/** Iterations: enough that the episode is still under way when what it runs on goes away (one takes ~1.5 s). */
const DEPTH = 12;

/** Start an offline episode from the panel on the task's scene (built anew); its id, once under way. */
async function episodeUnderWay(panel: AgentPanel): Promise<string> {
  // Rebuilding the scene in a window that has shown many progress images once crashed Blender:
  // its preview job read an image file while the next progress rewrote it.
  await panel.buildTaskScene();
  const before = (await panel.state()).progress?.episodeId;
  await panel.start(goalFile, `s.depth = ${DEPTH}\ns.start_paused = False\ns.ask_before_applying = False`);
  const state = await panel.until(
    (s) => s.progress !== null && s.progress.episodeId !== before && s.progress.iteration >= 1,
    "the first iteration",
  );
  return state.progress!.episodeId;
}

/** Resume the offered episode from the panel and wait for its end; the scene then shows its last program. */
async function resumeToTheEnd(panel: AgentPanel, id: string): Promise<void> {
  await panel.live.inWindow(`bpy.ops.blender_agent.episode_attach(episode_id=${JSON.stringify(id)})`);
  const done = await panel.until((s) => s.progress?.status === "finished", "the resumed episode's end", 120_000);
  expect(done.progress).toMatchObject({ episodeId: id, iteration: DEPTH });
  const events = readEvents(path.join(runs, id));
  expect(eventsOf(events, "live.reattached")).toHaveLength(1);
  expect(eventsOf(events, "episode.ended").at(-1)).toMatchObject({ reason: "depth", iterations: DEPTH });
  const ended = eventsOf(events, "episode.ended").at(-1)!;
  const blender = new BlenderClient(await hub.waitForSession((s) => s.role === "live" && !s.closed, 5000, "Blender"));
  const scene = await blender.call("scene.program", { scope: "selected" });
  expect(parameters(scene.program)).toEqual(parameters(ended.finalProgram));
}

describe("an episode outlives its Blender and its sidecar (real Blender windows, xvfb)", () => {
  const blenderClosed =
    "Blender closed mid-episode: the episode pauses with its record complete; a Blender opened again " +
    "offers Resume in the panel, and it finishes there";
  it(blenderClosed, async () => {
    const id = await episodeUnderWay(new AgentPanel(live));
    await live.kill();
    // The iteration in flight ends, then the episode waits: its record says so, and nothing failed.
    const deadline = Date.now() + 60_000;
    while (!eventsOf(readEvents(path.join(runs, id)), "episode.paused").length) {
      if (Date.now() > deadline) {
        const seen = readEvents(path.join(runs, id)).map((e) => e.type);
        throw new Error(`the episode did not pause after its Blender closed; its record: ${seen.join(", ")}`);
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    const events = readEvents(path.join(runs, id));
    expect(eventsOf(events, "episode.failed")).toEqual([]);
    const paused = eventsOf(events, "episode.paused")[0]!;
    expect(eventsOf(events, "iteration.ended").map((e) => e.iteration)).toEqual(
      Array.from({ length: paused.iteration }, (_, i) => i + 1),
    );

    // The artist opens Blender again (the scene as it was) and connects: the panel offers the episode.
    live = await startLiveBlender(hub);
    const panel = new AgentPanel(live);
    await panel.buildTaskScene();
    const offered = await panel.until((s) => s.offers.length > 0, "an offer to resume");
    expect(offered.offers[0]).toMatchObject({ episodeId: id, iteration: paused.iteration, depth: DEPTH });
    expect(offered.note).toMatch(/Blender went away/);
    await panel.screenshot("panel-resume-offer.png");
    await resumeToTheEnd(panel, id);
  }, 300_000);

  const sidecarRestarted =
    "the sidecar restarted: the panel says so, reconnects by itself, and Resume goes on from the record";
  it(sidecarRestarted, async () => {
    const panel = new AgentPanel(live);
    const id = await episodeUnderWay(panel);
    await panel.press("pause");
    await panel.until((s) => s.progress?.status === "paused" && s.pending === null, "the pause");
    const { port } = new URL(hub.url);
    const token = hub.token;
    await pool.close();
    await hub.close();
    await startSidecar(Number(port), token);
    const told = await panel.until((s) => s.note !== null && s.offers.length > 0, "the reconnect", 60_000);
    expect(told.note).toMatch(/sidecar restarted/);
    expect(told.offers[0]!.episodeId).toBe(id);
    await panel.screenshot("panel-sidecar-restarted.png");
    await resumeToTheEnd(panel, id);
  }, 300_000);
});
