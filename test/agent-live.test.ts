import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EpisodeConfig } from "../sidecar/src/agent/episode-config.js";
import { startLiveEpisode } from "../sidecar/src/agent/episode-setup.js";
import { BlenderClient } from "../sidecar/src/hub/blender-client.js";
import { Hub } from "../sidecar/src/hub/hub-server.js";
import { WorkerPool } from "../sidecar/src/pool/worker-pool.js";
import { type LiveBlender, startLiveBlender } from "./helpers/live-blender.js";

const PROGRAM = `import bpy

CUBE_LOCATION = (0.0, 0.0, 0.0)
bpy.data.objects["Cube"].location = CUBE_LOCATION
`;
const GOAL = [1.0, 0.5, 0.0];
const SETTINGS = { engine: "WORKBENCH" as const, width: 96, height: 96, samples: 1, seed: 0 };

let hub: Hub;
let live: LiveBlender;
let pool: WorkerPool;
let blender: BlenderClient;

beforeAll(async () => {
  hub = await Hub.start({ port: 0 });
  [live, pool] = await Promise.all([startLiveBlender(hub), WorkerPool.start(hub, { size: 1 })]);
  blender = new BlenderClient(live.session);
});
afterAll(async () => {
  await pool?.close();
  await live?.stop();
  await hub?.close();
});

async function cubeLocation(): Promise<number[]> {
  const info = await blender.call("scene.info", { materials: false });
  return info.objects.find((o) => o.name === "Cube")!.location;
}

const distance = (a: number[], b: number[]) => Math.hypot(...a.map((v, i) => v - b[i]!));

describe("an episode on the artist's open scene (interactive Blender under xvfb)", () => {
  it("moves the live cube toward the goal, one undo step per accepted edit, and Ctrl+Z takes them all back", async () => {
    // A second camera, looking down, so depth along the first camera's line of sight is not ambiguous.
    await blender.call("program.run", {
      code: "import bpy\ncam = bpy.data.objects.new('Camera2', bpy.data.cameras.new('Camera2'))\nbpy.context.scene.collection.objects.link(cam)\ncam.location = (0.5, 0.25, 12.0)\n",
      label: "test: add a top camera",
    });
    // The goal: the same scene with the cube elsewhere, rendered by a worker from a snapshot of the live scene.
    const { path: blendPath } = await blender.call("scene.snapshot", {});
    const goalProgram = PROGRAM.replace("(0.0, 0.0, 0.0)", `(${GOAL.join(", ")})`);
    const goal = await pool.evaluate({ scene: { blendPath }, code: goalProgram, views: [{ camera: "Camera" }, { camera: "Camera2" }], settings: SETTINGS });
    const goalImages = goal.images.map((i) => Buffer.from(i.png, "base64"));

    const episode = await startLiveEpisode({
      pool,
      live: blender,
      program: PROGRAM,
      goalImages,
      cameras: ["Camera", "Camera2"],
      settings: SETTINGS,
      config: EpisodeConfig.parse({ breadth: 6, depth: 8 }),
      runsDir: mkdtempSync(path.join(os.tmpdir(), "agent-live-")),
    });
    let accepted = 0;
    episode.on("iteration", (s: { winner: string }) => (accepted += s.winner === "incumbent" ? 0 : 1));
    const summary = await episode.run();
    expect(summary.status).toBe("finished");
    expect(accepted).toBeGreaterThan(0);
    expect(summary.finalScore!).toBeLessThan(summary.startScore! * 0.5);

    const moved = await cubeLocation();
    expect(distance(moved, GOAL)).toBeLessThan(distance([0, 0, 0], GOAL) * 0.5);
    const { undone } = await blender.call("history.undo", { steps: accepted });
    expect(undone).toBe(accepted);
    expect(await cubeLocation()).toEqual([0, 0, 0]);
  });

  it("refuses a goal with a different number of images than views, naming both", async () => {
    const png = Buffer.from("89504e470d0a1a0a", "hex");
    const err = await startLiveEpisode({ pool, live: blender, program: PROGRAM, goalImages: [png, png], cameras: ["Camera"], settings: SETTINGS, config: EpisodeConfig.parse({}) }).catch((e: Error) => e);
    expect((err as Error).message).toMatch(/2 goal image\(s\) for 1 view\(s\) \(Camera\)/);
  });
});
