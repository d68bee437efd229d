import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EpisodeConfig } from "../sidecar/src/agent/episode-config.js";
import { resumeEpisode, startLiveEpisode } from "../sidecar/src/agent/episode-setup.js";
import { readEvents } from "../sidecar/src/agent/record/episode-record.js";
import { eventsOf } from "../sidecar/src/agent/record/events.js";
import { programHash } from "../sidecar/src/agent/record/recording.js";
import { BlenderClient } from "../sidecar/src/hub/blender-client.js";
import { Hub } from "../sidecar/src/hub/hub-server.js";
import { findBlender } from "../sidecar/src/pool/blender-binary.js";
import { WorkerPool } from "../sidecar/src/pool/worker-pool.js";
import { episodeDirOf, runCli } from "./helpers/cli.js";
import {
  type LaunchedBlender,
  type LiveBlender,
  launchLiveBlender,
  previewThenRun,
  startLiveBlender,
} from "./helpers/live-blender.js";

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
  // A second camera, looking down, so depth along the first camera's line of sight is not ambiguous.
  await previewThenRun(
    pool,
    blender,
    "import bpy\ncam = bpy.data.objects.new('Camera2', bpy.data.cameras.new('Camera2'))\n" +
      "bpy.context.scene.collection.objects.link(cam)\ncam.location = (0.5, 0.25, 12.0)\n",
    {
      label: "test: add a top camera",
    },
  );
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

/** An episode moving the live cube to GOAL; the goal is rendered by a worker from a snapshot of the live scene. */
async function startCubeEpisode(depth: number, { viewport = false } = {}) {
  const cameras = viewport ? undefined : ["Camera", "Camera2"];
  const { path: blendPath } = await blender.call("scene.snapshot", {});
  const goalProgram = PROGRAM.replace("(0.0, 0.0, 0.0)", `(${GOAL.join(", ")})`);
  // Without cameras the episode renders from the artist's viewport, so the goal must too.
  const views = cameras
    ? cameras.map((camera) => ({ camera }))
    : [(await blender.call("render.viewport", { scale: 1 })).view];
  const goal = await pool.evaluate({ scene: { blendPath }, code: goalProgram, views, settings: SETTINGS });
  return startLiveEpisode({
    pool,
    live: blender,
    program: PROGRAM,
    goalImages: goal.images.map((i) => Buffer.from(i.png, "base64")),
    cameras,
    settings: SETTINGS,
    config: EpisodeConfig.parse({ breadth: 6, depth }),
    runsDir: mkdtempSync(path.join(os.tmpdir(), "agent-live-")),
  });
}

/** A TCP port nobody listens on now, so a sidecar and then a hub of the test's can take it in turn. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

const distance = (a: number[], b: number[]) => Math.hypot(...a.map((v, i) => v - b[i]!));

describe("an episode on the artist's open scene (interactive Blender under xvfb)", () => {
  const undoableEdits =
    "moves the live cube toward the goal, one undo step per accepted edit, and Ctrl+Z takes them all back";
  it(undoableEdits, async () => {
    const episode = await startCubeEpisode(8);
    let accepted = 0;
    episode.events.on("iteration.ended", (s) => (accepted += s.winner === "incumbent" ? 0 : 1));
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

  const resumesLive =
    "resumes a live episode on the open Blender: " +
    "the scene is brought back to the incumbent, and new edits still arrive";
  it(resumesLive, async () => {
    const first = await startCubeEpisode(4);
    const before = await first.run();
    expect(before.status).toBe("finished");
    const reached = await cubeLocation();
    expect(distance(reached, [0, 0, 0])).toBeGreaterThan(0);

    // Without the live Blender, the resume refuses rather than editing nothing.
    await expect(resumeEpisode(pool, first.dir)).rejects.toThrow(/live Blender/);

    // Meanwhile the artist reset the cube, and the Blender that saved the snapshot "restarted" (it is gone).
    await previewThenRun(pool, blender, PROGRAM, { label: "test: the artist resets the cube" });
    const { setup } = first.input.meta as { setup: { scene: { blendPath: string } } };
    rmSync(setup.scene.blendPath);
    const resumed = await resumeEpisode(pool, first.dir, { live: blender, config: { depth: 10 } });
    expect(await cubeLocation()).toEqual(reached);
    const reattached = readEvents(first.dir).find((e) => e.type === "live.reattached")!;
    expect(reattached).toMatchObject({ newSnapshot: true, pushedIteration: 4 });

    let accepted = 0;
    resumed.events.on("iteration.ended", (s) => (accepted += s.winner === "incumbent" ? 0 : 1));
    const after = await resumed.run();
    expect(after.status).toBe("finished");
    expect(accepted).toBeGreaterThan(0);
    expect(distance(await cubeLocation(), GOAL)).toBeLessThan(distance(reached, GOAL));
  });

  const tamperedIncumbent =
    "a tampered record's incumbent runs in a worker first, " +
    "and one that fails there never reaches the artist's Blender";
  it(tamperedIncumbent, async () => {
    const first = await startCubeEpisode(2);
    expect((await first.run()).status).toBe("finished");
    const reached = await cubeLocation();
    // Someone edits events.jsonl: the incumbent becomes a program that leaves a mark where it
    // runs and then fails, with a render line for it so the record still reads.
    const marker = path.join(mkdtempSync(path.join(os.tmpdir(), "tampered-")), "ran-in-the-artists-blender");
    const evil = `open(${JSON.stringify(marker)}, "w").write("x")\nraise RuntimeError("tampered")\n`;
    const file = path.join(first.dir, "events.jsonl");
    const events = readFileSync(file, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const last = events.filter((e) => e.type === "iteration.ended").at(-1)!;
    const rendered = events.find(
      (e) => e.type === "program.rendered" && e.hash === programHash(last.program as string),
    )!;
    events.push({ ...rendered, hash: programHash(evil) });
    last.program = evil;
    writeFileSync(file, `${events.map((e) => JSON.stringify(e)).join("\n")}\n`);

    await previewThenRun(pool, blender, PROGRAM, { label: "test: the artist resets the cube" });
    const err = await resumeEpisode(pool, first.dir, { live: blender }).catch((e: Error) => e);
    expect((err as Error).message).toMatch(
      /recorded incumbent .* failed in a worker.*nothing was run in your Blender/s,
    );
    expect(existsSync(marker), "the tampered program ran in the artist's Blender").toBe(false);
    expect(await cubeLocation()).toEqual([0, 0, 0]);
    expect(reached).not.toEqual([0, 0, 0]);
  });

  it("without cameras renders from the artist's viewport, and still moves the cube toward the goal", async () => {
    await previewThenRun(pool, blender, PROGRAM, { label: "test: the cube back at the origin" });
    const episode = await startCubeEpisode(6, { viewport: true });
    expect(episode.input.goal.views).toEqual([expect.stringMatching(/viewport/i)]);
    const summary = await episode.run();
    expect(summary.status).toBe("finished");
    expect(summary.finalScore!).toBeLessThan(summary.startScore! * 0.5);
    expect(distance(await cubeLocation(), GOAL)).toBeLessThan(distance([0, 0, 0], GOAL));
  });

  const cliLiveResume =
    "npm start -- run --live waits for the add-on and edits the open scene; " +
    "killed, --resume waits for it again and goes on";
  it(cliLiveResume, async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "agent-live-cli-"));
    // The goal: Blender's default scene (what the second window opens) with the cube at GOAL.
    const defaultScene = path.join(dir, "default.blend");
    spawnSync(findBlender(), [
      "-b",
      "--factory-startup",
      "--python-expr",
      `import bpy; bpy.ops.wm.save_as_mainfile(filepath=${JSON.stringify(defaultScene)})`,
    ]);
    const goalProgram = PROGRAM.replace("(0.0, 0.0, 0.0)", `(${GOAL.join(", ")})`);
    const goal = await pool.evaluate({
      scene: { blendPath: defaultScene },
      code: goalProgram,
      views: [{ camera: "Camera" }],
      settings: SETTINGS,
    });
    writeFileSync(path.join(dir, "goal.png"), Buffer.from(goal.images[0]!.png, "base64"));
    writeFileSync(path.join(dir, "setup.py"), PROGRAM);

    const port = await freePort();
    const token = "live-cli-test-token-0123456789";
    const bridge = ["--port", String(port), "--token", token, "--workers", "1", "--runs", dir];
    const args = [
      "--live",
      "--program",
      path.join(dir, "setup.py"),
      "--goal-image",
      path.join(dir, "goal.png"),
      "--cameras",
      "Camera",
      "--size",
      "96",
      "--samples",
      "1",
      "--depth",
      "6",
      "--breadth",
      "6",
      ...bridge,
    ];
    let window: LaunchedBlender | undefined;
    try {
      const killed = await runCli(
        args,
        (line, child) => {
          const asked = /^ {2}URL: +(ws:\/\/\S+)$/.exec(line);
          if (asked) window = launchLiveBlender(asked[1]!, token); // the artist connects
          if (line.startsWith("iteration 2/")) process.kill(-child.pid!, "SIGKILL");
        },
        90_000,
      );
      expect(killed.signal, killed.out).toBe("SIGKILL");
      expect(killed.out).toMatch(/live Blender connected/);
      const record = path.join(dir, episodeDirOf(killed.out));

      // The add-on reconnects by itself to the resumed sidecar on the same port.
      const resumed = await runCli(["--resume", record, ...bridge], undefined, 90_000);
      expect(resumed.code, resumed.out).toBe(0);
      expect(resumed.out).toMatch(/live Blender connected/);
      const events = readEvents(record);
      expect(events.filter((e) => e.type === "iteration.ended").map((e) => e.iteration)).toEqual([1, 2, 3, 4, 5, 6]);
      expect(events.find((e) => e.type === "live.reattached")).toMatchObject({ newSnapshot: false });
      const ended = eventsOf(events, "episode.ended").at(-1)!;
      expect(ended.finalScore!).toBeLessThan(ended.startScore! * 0.5);

      // The artist's scene holds the episode's result: look at it through a hub of our own on that port.
      const after = await Hub.start({ port, token });
      try {
        const session = await after.waitForSession((s) => s.role === "live", 30_000, "the live Blender to reconnect");
        const info = await new BlenderClient(session).call("scene.info", { materials: false });
        const cube = info.objects.find((o) => o.name === "Cube")!.location;
        expect(distance(cube, GOAL)).toBeLessThan(distance([0, 0, 0], GOAL));
      } finally {
        await after.close();
      }
    } finally {
      await window?.stop();
    }
  }, 240_000);

  it("refuses a goal with a different number of images than views, naming both", async () => {
    const png = Buffer.from("89504e470d0a1a0a", "hex");
    const err = await startLiveEpisode({
      pool,
      live: blender,
      program: PROGRAM,
      goalImages: [png, png],
      cameras: ["Camera"],
      settings: SETTINGS,
      config: EpisodeConfig.parse({}),
    }).catch((e: Error) => e);
    expect((err as Error).message).toMatch(/2 goal image\(s\) for 1 view\(s\) \(Camera\)/);
  });
});
