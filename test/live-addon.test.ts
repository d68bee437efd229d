import { writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ErrorCode } from "../protocol/src/index.js";
import { BlenderClient } from "../sidecar/src/hub/blender-client.js";
import { Hub } from "../sidecar/src/hub/hub-server.js";
import { BlenderRpcError } from "../sidecar/src/hub/rpc-error.js";
import { WorkerPool } from "../sidecar/src/pool/worker-pool.js";
import { pixels } from "./helpers/bridge.js";
import { type LiveBlender, previewThenRun, startLiveBlender } from "./helpers/live-blender.js";
import { testOutput } from "./helpers/test-output.js";

let hub: Hub;
let live: LiveBlender;
let blender: BlenderClient;
let pool: WorkerPool;

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

const runLive = (code: string, options: { label?: string; timeoutMs?: number } = {}) =>
  previewThenRun(pool, blender, code, options);

async function cubeX(): Promise<number> {
  const info = await blender.call("scene.info", { materials: false });
  return info.objects.find((o) => o.name === "Cube")!.location[0];
}

/** Pixel position of a world point in a viewport image, from its view and projection matrices. */
function project(
  p: [number, number, number],
  view: number[],
  proj: number[],
  width: number,
  height: number,
): [number, number] {
  const mul = (m: number[], v: number[]) =>
    [0, 1, 2, 3].map((r) => m[4 * r]! * v[0]! + m[4 * r + 1]! * v[1]! + m[4 * r + 2]! * v[2]! + m[4 * r + 3]! * v[3]!);
  const clip = mul(proj, mul(view, [...p, 1]));
  const [x, y, w] = [clip[0]!, clip[1]!, clip[3]!];
  return [Math.round(((x / w + 1) / 2) * width), Math.round((1 - (y / w + 1) / 2) * height)];
}

/** Mean absolute RGB difference (0–255) of a 7×7 patch around (x, y) in two images. */
function patchDifference(a: Buffer, b: Buffer, width: number, [x, y]: [number, number]): number {
  let sum = 0;
  let n = 0;
  for (let dy = -3; dy <= 3; dy++) {
    for (let dx = -3; dx <= 3; dx++) {
      const i = 3 * ((y + dy) * width + (x + dx));
      for (let c = 0; c < 3; c++) sum += Math.abs(a[i + c]! - b[i + c]!);
      n += 3;
    }
  }
  return sum / n;
}

describe("the add-on in an interactive Blender window (xvfb)", () => {
  it("connects as live and describes the artist's scene", async () => {
    expect(live.session.hello).toMatchObject({ role: "live", blenderVersion: expect.stringMatching(/^\d+\.\d+/) });
    expect(await cubeX()).toBe(0);
  });

  it("a program moves the cube, scene.info shows it, one undo puts it back", async () => {
    const run = await runLive("bpy.data.objects['Cube'].location.x += 3\n", { label: "Agent: move cube" });
    expect(run.ok).toBe(true);
    expect(await cubeX()).toBe(3);
    expect(await blender.call("history.undo", { steps: 1 })).toEqual({ undone: 1 });
    expect(await cubeX()).toBe(0);
  });

  it("render.viewport shows the moved cube where it now is", async () => {
    const before = await blender.call("render.viewport", {});
    await runLive("bpy.data.objects['Cube'].location.x += 3\n");
    const after = await blender.call("render.viewport", {});
    writeFileSync(path.join(testOutput(), "viewport-after-move.png"), Buffer.from(after.png, "base64"));
    const [pb, pa] = [await pixels(before.png), await pixels(after.png)];
    expect([pa.width, pa.height]).toEqual([after.width, after.height]);
    // Not blank: the image has real contrast.
    const [lo, hi] = pa.data.reduce(([l, h], v) => [Math.min(l, v), Math.max(h, v)], [255, 0]);
    expect(hi - lo).toBeGreaterThan(100);
    const { width, height } = after;
    const oldSpot = project([0, 0, 0], after.viewMatrix, after.projectionMatrix, width, height);
    const newSpot = project([3, 0, 0], after.viewMatrix, after.projectionMatrix, width, height);
    expect(patchDifference(pb.data, pa.data, width, newSpot)).toBeGreaterThan(15); // the cube arrived here
    expect(patchDifference(pb.data, pa.data, width, oldSpot)).toBeGreaterThan(15); // and left here
    expect(patchDifference(pb.data, pa.data, width, [20, height - 20])).toBeLessThan(2); // elsewhere nothing changed
    await blender.call("history.undo", {});
    expect(await cubeX()).toBe(0);
  });

  it("a program that raises part-way leaves the scene as it was", async () => {
    // It runs cleanly in the (headless) worker and fails only in the artist's window.
    const code =
      "bpy.data.objects['Cube'].location.x = 5\nif not bpy.app.background:\n    raise RuntimeError('half done')\n";
    const err = await runLive(code).catch((e: unknown) => e as BlenderRpcError);
    expect(err).toBeInstanceOf(BlenderRpcError);
    expect((err as BlenderRpcError).code).toBe(ErrorCode.ProgramRaised);
    expect(await cubeX()).toBe(0);
  });

  const pastDeadline =
    "a program past its deadline is stopped inside Blender, rolled back, and Blender answers again at once";
  it(pastDeadline, async () => {
    // Each runs at once in the headless worker that previews it, and hangs only in the window.
    const hangs = {
      loop: "bpy.data.objects['Cube'].location.x = 4\nif not bpy.app.background:\n    while True:\n        pass\n",
      sleep: "import time\nbpy.data.objects['Cube'].location.x = 4\nif not bpy.app.background:\n    time.sleep(600)\n",
    };
    for (const code of Object.values(hangs)) {
      await pool.call("program.run", { code });
      const started = performance.now();
      const err = await blender
        .call("program.run", { code, label: "Agent: slow", timeoutMs: 1500 })
        .catch((e: unknown) => e as BlenderRpcError);
      const took = performance.now() - started;
      expect(err).toBeInstanceOf(BlenderRpcError);
      expect((err as BlenderRpcError).code).toBe(ErrorCode.Timeout);
      expect((err as BlenderRpcError).message).toMatch(/ran past its deadline of 1\.5 s and was stopped/);
      // Stopped at its deadline, not after the program's 600 s (the margin absorbs a loaded CI machine).
      expect(took).toBeLessThan(1500 + 3000);
      const ping = performance.now();
      await blender.call("session.ping", {});
      expect(performance.now() - ping).toBeLessThan(2000);
      expect(await cubeX()).toBe(0);
    }
  });

  it("scene.snapshot and scene.restore bring the live scene back, and the add-on stays connected", async () => {
    const { snapshotId } = await blender.call("scene.snapshot", {});
    await runLive("bpy.data.objects['Cube'].location.x = 7\n");
    expect(await cubeX()).toBe(7);
    await blender.call("scene.restore", { snapshotId });
    expect(await cubeX()).toBe(0);
    expect((await blender.call("session.ping", {})).time).toBeGreaterThan(0);
  });

  it("a program that never ran in a worker of this sidecar run is refused before it reaches Blender", async () => {
    const err = await blender
      .call("program.run", { code: "bpy.data.objects['Cube'].location.x = 9\n" })
      .catch((e: unknown) => e as BlenderRpcError);
    expect(err).toBeInstanceOf(BlenderRpcError);
    expect((err as BlenderRpcError).code).toBe(ErrorCode.NotPreviewed);
    expect(await cubeX()).toBe(0);
  });

  it("worker-only methods are refused by the live Blender", async () => {
    const err = await blender
      .call("worker.evaluate", { sceneId: "x", code: "", views: [{ camera: "Camera" }] })
      .catch((e: unknown) => e);
    expect((err as BlenderRpcError).code).toBe(ErrorCode.WrongRole);
  });

  it("keeps a screenshot of the Blender window (test-output/, not in git)", async () => {
    const file = path.join(testOutput(), "blender-window.png");
    await live.screenshot(file);
    const shot = await pixels((await import("node:fs")).readFileSync(file).toString("base64"));
    expect(shot.width).toBeGreaterThan(800);
  });
});
