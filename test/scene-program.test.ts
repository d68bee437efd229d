import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ErrorCode, type RenderSettings, type Result } from "../protocol/src/index.js";
import { decodePoints } from "../sidecar/src/geometry/points.js";
import type { PoolWorker } from "../sidecar/src/pool/worker-pool.js";
import { loadTasks } from "../sidecar/src/tasks/task-loader.js";
import { blenderAtLeast } from "./helpers/blender-version.js";
import { type Bridge, startBridge } from "./helpers/bridge.js";
import { rejection } from "./helpers/expect-rpc-error.js";

// scene.program writes an editable program for part of the open scene; running it
// unchanged must change nothing (scene.info and renders), and editing a value must
// change the scene. Real Blender workers.

const EVERY_KIND_PATH = fileURLToPath(new URL("./fixtures/scenes/every_kind.py", import.meta.url));
const EVERY_KIND = { script: readFileSync(EVERY_KIND_PATH, "utf8"), name: "every_kind.py" };
const EVERY_KIND_VIEWS = [{ camera: "Camera1" }, { camera: "Camera2" }];
const SMALL = { width: 40, height: 40, samples: 1, seed: 0 };

let bridge: Bridge;

beforeAll(async () => {
  bridge = await startBridge({ size: 4 });
});
afterAll(async () => {
  await bridge?.close();
});

interface RoundTrip {
  program: Result<"scene.program">;
  before: { info: Result<"scene.info">; pngs: string[] };
  after: { info: Result<"scene.info">; pngs: string[] };
}

/** On a loaded scene with `start` run: the scene's program, then the scene before and after running it. */
async function roundTrip(
  w: PoolWorker,
  scene: { script: string; name: string },
  start: string,
  views: { camera: string }[],
  settings: RenderSettings,
): Promise<RoundTrip> {
  const pool = bridge.pool;
  const sceneId = await pool.ensureScene(w, scene);
  const started = await pool.callOn(w, "worker.evaluate", { sceneId, code: start, views, settings });
  const info = await pool.callOn(w, "scene.info", {});
  const program = await pool.callOn(w, "scene.program", { scope: "scene" });
  await pool.callOn(w, "program.run", { code: program.program });
  const after = await pool.callOn(w, "render.views", { views, settings });
  return {
    program,
    before: { info, pngs: started.images.map((i) => i.png) },
    after: { info: await pool.callOn(w, "scene.info", {}), pngs: after.images.map((i) => i.png) },
  };
}

/** The literal a program gives parameter `name`. */
function parameterValue(program: string, name: string): string | undefined {
  return program.match(new RegExp(`^${name} = (.+?)(?:  #.*)?$`, "m"))?.[1];
}

/** The program with parameter `name` set to `value`. */
function withValue(program: string, name: string, value: string): string {
  const edited = program.replace(new RegExp(`^${name} = .+?((?:  #.*)?)$`, "m"), `${name} = ${value}$1`);
  expect(edited).not.toBe(program);
  return edited;
}

describe("scene → program", () => {
  const everyTask = "on every task scene, the program of the whole scene runs and changes nothing";
  it(everyTask, async () => {
    const { tasks } = loadTasks({});
    expect(tasks.length).toBeGreaterThanOrEqual(92);
    const failures: string[] = [];
    await Promise.all(
      tasks.map((task) =>
        bridge.pool.withWorker(async (w) => {
          const views = task.spec.views.map((camera) => ({ camera }));
          const settings = { ...SMALL, engine: task.spec.render.engine };
          const r = await roundTrip(w, task.scene, task.start, views, settings);
          if (!(r.program.parameters! > 0)) failures.push(`${task.key}: no parameters`);
          try {
            expect(r.after.info).toEqual(r.before.info);
          } catch (err) {
            failures.push(`${task.key}: scene.info differs: ${(err as Error).message.slice(0, 400)}`);
          }
          if (r.after.pngs.some((png, i) => png !== r.before.pngs[i])) failures.push(`${task.key}: renders differ`);
        }),
      ),
    );
    expect(failures).toEqual([]);
  }, 600_000);

  it("on a scene with every kind of data-block and awkward names, round trip exact, every kind written", async () => {
    const r = await bridge.pool.withWorker((w) =>
      roundTrip(w, EVERY_KIND, "", EVERY_KIND_VIEWS, { ...SMALL, engine: "WORKBENCH" }),
    );
    expect(r.after.info).toEqual(r.before.info);
    expect(r.after.pngs).toEqual(r.before.pngs);
    const p = r.program.program;
    // Quoted names are Python string literals; parameters are ASCII UPPER_CASE.
    expect(p).toContain(`bpy.data.objects['Stühl "Ω" \\'it\\'s\\'.001']`);
    expect(p).toContain("bpy.data.objects['立方体']");
    expect(p.match(/^[A-Z_][A-Z0-9_]* = /gm)!.length).toBe(r.program.parameters);
    // Rotations in each mode; Euler in degrees.
    expect(parameterValue(p, "STUHL_IT_S_001_ROTATION")).toBe("(5.729578, 11.459156, 33.3)");
    expect(parameterValue(p, "U7ACB_U65B9_U4F53_ROTATION")).toBe("(0.92388, 0.0, 0.0, 0.382683)");
    expect(parameterValue(p, "AXIS_ANGLE_ROTATION")).toBe("(0.7, 0.0, 0.6, 0.8)");
    expect(parameterValue(p, "HIDDEN_HIDE_RENDER")).toBe("True");
    // Lights by type, cameras by type, world nodes.
    expect(parameterValue(p, "SUN_ANGLE")).toBe("0.08726646");
    expect(parameterValue(p, "SPOT_KEY_SPOT_BLEND")).toBe("0.3");
    expect(parameterValue(p, "AREA_SIZE_Y")).toBe("0.5");
    expect(parameterValue(p, "CAMERA2_ORTHO_SCALE")).toBe("6.5");
    expect(parameterValue(p, "CAMERA1_LENS")).toBe("35.0");
    expect(parameterValue(p, "WORLD_BACKGROUND_STRENGTH")).toBe("0.8");
    // Shape keys, modifiers, geometry-nodes inputs by their names.
    expect(parameterValue(p, "STUHL_IT_S_001_SMILE")).toBe("0.35");
    expect(parameterValue(p, "U7ACB_U65B9_U4F53_SUBDIVISION_LEVELS")).toBe("2");
    expect(parameterValue(p, "STUHL_IT_S_001_BEVEL_SOFT_WIDTH")).toBe("0.07");
    expect(parameterValue(p, "AXIS_ANGLE_LIFT")).toBe("0.25");
    expect(parameterValue(p, "AXIS_ANGLE_OFFSET")).toBe("(0.1, 0.0, 0.05)");
    // Materials: node inputs, links (a node whose inputs share names is reached by index), no-node settings.
    expect(parameterValue(p, "GLAZED_CLAY_V2_NOISE_TEXTURE_SCALE")).toBe("7.5");
    expect(p).toMatch(/^link\(tree, 'Mix', \d+, 'Principled BSDF', 'Base Color'\)$/m);
    // A material without nodes has its own colour and roughness; 5.0 gives every material nodes.
    if (blenderAtLeast(5, 0)) expect(parameterValue(p, "PLAIN_PRINCIPLED_BSDF_ROUGHNESS")).toBe("0.5");
    else expect(parameterValue(p, "PLAIN_ROUGHNESS")).toBe("0.65");
  }, 120_000);

  it("sets a node input that is unavailable where it runs (4.x finds names among available ones)", async () => {
    await bridge.pool.withWorker(async (w) => {
      const pool = bridge.pool;
      await pool.ensureScene(w, EVERY_KIND);
      const { program } = await pool.callOn(w, "scene.program", { scope: "scene" });
      // As in a worker's reopened copy of an artist's scene, where an input's availability can differ.
      const input = `bpy.data.materials["Glazed.Clay 'v2'"].node_tree.nodes["Principled BSDF"].inputs`;
      await pool.callOn(w, "program.run", {
        code: `next(s for s in ${input} if s.name == "Roughness").enabled = False`,
      });
      await pool.callOn(w, "program.run", {
        code: withValue(program, "GLAZED_CLAY_V2_PRINCIPLED_BSDF_ROUGHNESS", "0.125"),
      });
      const read = `print(next(s for s in ${input} if s.name == "Roughness").default_value)`;
      expect((await pool.callOn(w, "program.run", { code: read })).stdout.trim()).toBe("0.125");
    });
  });

  it("editing a value in the program changes that value in the scene, geometry nodes included", async () => {
    await bridge.pool.withWorker(async (w) => {
      const pool = bridge.pool;
      const sceneId = await pool.ensureScene(w, EVERY_KIND);
      const settings = { ...SMALL, engine: "WORKBENCH" as const };
      await pool.callOn(w, "worker.evaluate", { sceneId, code: "", views: [EVERY_KIND_VIEWS[0]!], settings });
      const lifted = async () =>
        decodePoints((await pool.callOn(w, "geometry.sample", { objects: ["axis.angle"] })).objects[0]!.points);
      const before = await lifted();
      const { program } = await pool.callOn(w, "scene.program", { scope: "scene" });
      let edited = withValue(program, "STUHL_IT_S_001_SMILE", "1.0");
      edited = withValue(edited, "AXIS_ANGLE_LIFT", "1.25");
      edited = withValue(edited, "SUN_ENERGY", "4.0");
      edited = withValue(edited, "AXIS_ANGLE_OFFSET", "(0.0, 0.5, 0.0)");
      await pool.callOn(w, "program.run", { code: edited });
      // Saved and opened again, as the artist's file would be: the vector input keeps its new value.
      const { snapshotId } = await pool.callOn(w, "scene.snapshot", {});
      await pool.callOn(w, "scene.restore", { snapshotId });
      const info = await pool.callOn(w, "scene.info", {});
      const quoted = info.objects.find((o) => o.name.startsWith("Stühl"))!;
      expect(quoted.shapeKeys!.find((k) => k.name === "Smile 😀")!.value).toBe(1);
      expect(info.lights.find((l) => l.name === "Sün")!.energy).toBe(4);
      const inputs = info.objects.find((o) => o.name === "axis.angle")!.geometryNodes![0]!.inputs;
      expect(inputs.find((i) => i.name === "Offset")!.value).toEqual([0, 0.5, 0]);
      // The geometry-nodes inputs moved the evaluated mesh by the change in Lift and Offset (in the object's frame).
      const after = await lifted();
      const moved = Math.hypot(...[0, 1, 2].map((i) => after[i]! - before[i]!));
      expect(moved).toBeCloseTo(Math.hypot(-0.1, 0.5, 1.0 - 0.05), 4);
    });
  }, 120_000);

  it("covers the selected objects, a collection, or a Text the artist wrote; says what is wrong", async () => {
    await bridge.pool.withWorker(async (w) => {
      const pool = bridge.pool;
      const sceneId = await pool.ensureScene(w, EVERY_KIND);
      await pool.callOn(w, "worker.evaluate", {
        sceneId,
        code: "for o in bpy.data.objects: o.select_set(False)\n",
        views: [EVERY_KIND_VIEWS[0]!],
        settings: { ...SMALL, engine: "WORKBENCH" },
      });
      const none = await rejection(pool.callOn(w, "scene.program", {}));
      expect(none.code).toBe(ErrorCode.NotFound);
      expect(none.message).toMatch(/the selection has no objects/);

      await pool.callOn(w, "program.run", { code: "bpy.data.objects['Sün'].select_set(True)\n" });
      const selected = await pool.callOn(w, "scene.program", { text: "Agent program" });
      expect(selected.objects).toEqual(["Sün"]);
      expect(selected.program).toMatch(/^SUN_ENERGY = 2\.5$/m);
      expect(selected.program).not.toContain("Camera1");
      expect(selected.text).toBe("Agent program");
      const text = await pool.callOn(w, "scene.program", { scope: "text", name: "Agent program" });
      expect(text).toMatchObject({ program: selected.program, parameters: null, objects: [] });

      const collection = await pool.callOn(w, "scene.program", { scope: "collection", name: "Props.v2" });
      expect(collection.objects).toEqual(["axis.angle", "child of axis"]);

      const missing = await rejection(pool.callOn(w, "scene.program", { scope: "collection", name: "Nope" }));
      expect(missing.message).toMatch(/no collection named 'Nope'/);
      const unnamed = await rejection(pool.callOn(w, "scene.program", { scope: "collection" }));
      expect(unnamed.code).toBe(ErrorCode.InvalidParams);
      expect(unnamed.message).toMatch(/name is required/);
    });
  }, 120_000);
});
