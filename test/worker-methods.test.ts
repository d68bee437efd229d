import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { blenderMethods, ErrorCode, type ObjectVisibility } from "../protocol/src/index.js";
import { ObjectAim } from "../sidecar/src/agent/generator/object-aim.js";
import { hiddenObjects } from "../sidecar/src/agent/generator/offline-generator.js";
import { applyValues, findParameters } from "../sidecar/src/agent/generator/program-parameters.js";
import { PoolRenderer } from "../sidecar/src/agent/renderer.js";
import { decodePoints } from "../sidecar/src/geometry/points.js";
import { photometricLoss } from "../sidecar/src/metrics/photometric.js";
import { ADDON_DIR, findBlender } from "../sidecar/src/pool/blender-binary.js";
import type { PoolWorker } from "../sidecar/src/pool/worker-pool.js";
import { type Bridge, pixels, SIMPLE_SCENE, startBridge } from "./helpers/bridge.js";
import { rejection } from "./helpers/expect-rpc-error.js";

const EVERY_KIND = {
  script: readFileSync(new URL("./fixtures/scenes/every_kind.py", import.meta.url), "utf8"),
  name: "every_kind.py",
};
const VIEWS = [{ camera: "Camera1" }, { camera: "Camera2" }];
const SETTINGS = { engine: "WORKBENCH" as const, width: 96, height: 96 };
const MOVE_CUBE = "bpy.data.objects['Cube'].location.x += 1.5\n";

let bridge: Bridge;

/** Photometric loss of two base64 PNGs. */
const pl = (a: string, b: string) => photometricLoss(Buffer.from(a, "base64"), Buffer.from(b, "base64"));

beforeAll(async () => {
  bridge = await startBridge({ size: 1 });
});
afterAll(async () => {
  await bridge?.close();
});

/** Run `fn` on the pool's one worker with the simple scene loaded. */
function onWorker<T>(fn: (w: PoolWorker) => Promise<T>): Promise<T> {
  return bridge.pool.withWorker(async (w) => {
    const sceneId = await bridge.pool.ensureScene(w, SIMPLE_SCENE);
    await bridge.pool.callOn(w, "worker.evaluate", {
      sceneId,
      code: "",
      views: [{ camera: "Camera1" }],
      settings: SETTINGS,
    });
    return fn(w);
  });
}

describe("headless worker methods against real Blender", () => {
  it("session.ping answers with Blender's clock", async () => {
    const result = await bridge.pool.call("session.ping", {});
    expect(Math.abs(result.time * 1000 - Date.now())).toBeLessThan(5000);
  });

  it("scene.load builds a scene from a script and scene.info describes all of it", async () => {
    await onWorker(async (w) => {
      const info = await bridge.pool.callOn(w, "scene.info", {});
      const names = info.objects.map((o) => o.name);
      expect(names).toEqual(["Camera1", "Camera2", "Cube", "Floor", "Sphere", "Sun"]);
      expect(info.totalObjects).toBe(6);
      expect(info.activeCamera).toBe("Camera1");
      expect(info.cameras.map((c) => c.name)).toEqual(["Camera1", "Camera2"]);
      expect(info.lights).toMatchObject([{ name: "Sun", type: "SUN", energy: 3 }]);
      const cube = info.objects.find((o) => o.name === "Cube")!;
      expect(cube.location).toEqual([0, 0, 0.5]);
      expect(cube.shapeKeys?.map((k) => k.name)).toEqual(["Basis", "Squash"]);
      const sphere = info.objects.find((o) => o.name === "Sphere")!;
      expect(sphere.geometryNodes?.[0]?.inputs.find((i) => i.name === "Scale")?.value).toBe(1);
      const material = info.materials.find((m) => m.name === "CubeMaterial")!;
      expect(material.nodes.map((n) => n.type)).toEqual(
        expect.arrayContaining(["ShaderNodeTexNoise", "ShaderNodeValToRGB"]),
      );
      expect(material.links).toContainEqual({ fromNode: "Noise", fromSocket: "Fac", toNode: "Ramp", toSocket: "Fac" });
      const ramp = material.nodes.find((n) => n.name === "Ramp")!;
      expect(ramp.properties.color_ramp).toBeDefined();
      // Paging: a page of two, and the total to page on.
      const page = await bridge.pool.callOn(w, "scene.info", { offset: 2, limit: 2, materials: false });
      expect(page.objects.map((o) => o.name)).toEqual(["Cube", "Floor"]);
      expect(page.materials).toEqual([]);
    });
  });

  it("program.run changes the scene and reports its output", async () => {
    await onWorker(async (w) => {
      const run = await bridge.pool.callOn(w, "program.run", { code: `${MOVE_CUBE}print('moved')\n` });
      expect(run.stdout).toBe("moved\n");
      const info = await bridge.pool.callOn(w, "scene.info", { materials: false });
      expect(info.objects.find((o) => o.name === "Cube")!.location[0]).toBeCloseTo(1.5, 5);
    });
  });

  it("a program that raises reports the exception with the program's own line numbers", async () => {
    const code = "x = 1\ny = 2\nbpy.data.objects['NoSuchObject'].location.x = 1\n";
    const err = await rejection(onWorker((w) => bridge.pool.callOn(w, "program.run", { code })));
    expect(err.code).toBe(ErrorCode.ProgramRaised);
    expect(err.data).toMatchObject({ type: "KeyError", line: 3 });
    const tb = (err.data as { traceback: string }).traceback;
    expect(tb).toContain('File "<program>", line 3');
    expect(tb).toContain("bpy.data.objects['NoSuchObject']");
    expect(tb).not.toContain("program_exec.py");
  });

  it("a syntax error is reported without touching the scene", async () => {
    await onWorker(async (w) => {
      const err = await rejection(bridge.pool.callOn(w, "program.run", { code: `${MOVE_CUBE}def broken(:\n` }));
      expect(err.code).toBe(ErrorCode.ProgramSyntax);
      expect(err.data).toMatchObject({ type: "SyntaxError", line: 2 });
      const info = await bridge.pool.callOn(w, "scene.info", { materials: false });
      expect(info.objects.find((o) => o.name === "Cube")!.location[0]).toBe(0);
    });
  });

  it("render.views renders each camera to a PNG of the requested size", async () => {
    const result = await onWorker((w) => bridge.pool.callOn(w, "render.views", { views: VIEWS, settings: SETTINGS }));
    expect(result.engine).toBe("BLENDER_WORKBENCH");
    expect(result.images.map((i) => i.view)).toEqual(["Camera1", "Camera2"]);
    const first = await pixels(result.images[0]!.png);
    expect([first.width, first.height]).toEqual([96, 96]);
    // The two cameras see the scene from different sides.
    expect(await pl(result.images[0]!.png, result.images[1]!.png)).toBeGreaterThan(1e-4);
  });

  it("render.views from an explicit view matrix (the artist's point of view) works", async () => {
    const info = await onWorker((w) => bridge.pool.callOn(w, "scene.info", { materials: false }));
    const cam1 = info.cameras.find((c) => c.name === "Camera1")!;
    const result = await onWorker((w) =>
      bridge.pool.callOn(w, "render.views", {
        views: [
          { camera: "Camera1" },
          { name: "viewport", matrixWorld: cam1.matrixWorld, lens: cam1.lens, sensorWidth: cam1.sensorWidth },
        ],
        settings: SETTINGS,
      }),
    );
    // Same pose, same lens: the same picture, up to float rounding of the matrix.
    const other = await onWorker((w) =>
      bridge.pool.callOn(w, "render.views", { views: [{ camera: "Camera2" }], settings: SETTINGS }),
    );
    const same = await pl(result.images[0]!.png, result.images[1]!.png);
    const different = await pl(result.images[0]!.png, other.images[0]!.png);
    expect(same).toBeLessThan(different / 100);
  });

  it("render.views puts the scene's own render settings back", async () => {
    const show =
      "r = bpy.context.scene.render\nprint(r.engine, r.resolution_x, r.resolution_y, bpy.context.scene.camera.name)\n";
    await onWorker(async (w) => {
      const before = (await bridge.pool.callOn(w, "program.run", { code: show })).stdout;
      await bridge.pool.callOn(w, "render.views", {
        views: [{ camera: "Camera2" }],
        settings: { engine: "CYCLES", width: 40, height: 30, samples: 1 },
      });
      expect((await bridge.pool.callOn(w, "program.run", { code: show })).stdout).toBe(before);
      expect(before).toMatch(/^BLENDER_EEVEE(_NEXT)? 128 128 Camera1\n$/); // EEVEE Next in 4.2-4.4
    });
  });

  it("render.views names a missing camera and the cameras there are", async () => {
    const err = await rejection(
      onWorker((w) => bridge.pool.callOn(w, "render.views", { views: [{ camera: "Nope" }] })),
    );
    expect(err.code).toBe(ErrorCode.NotFound);
    expect(err.message).toContain("Camera1, Camera2");
  });

  it("geometry.sample returns world-space vertices of the evaluated mesh", async () => {
    const result = await onWorker((w) => bridge.pool.callOn(w, "geometry.sample", { objects: ["Cube", "Sphere"] }));
    const cube = result.objects[0]!;
    expect(cube.totalVertices).toBe(8);
    const pts = decodePoints(cube.points);
    expect(pts.length).toBe(3 * cube.count);
    const zs = Array.from({ length: cube.count }, (_, i) => pts[3 * i + 2]!);
    expect(Math.min(...zs)).toBeCloseTo(0, 5);
    expect(Math.max(...zs)).toBeCloseTo(1, 5);
    const sphere = result.objects[1]!;
    expect(sphere.totalVertices).toBe(42); // an icosphere of subdivision 2
    const sub = await onWorker((w) => bridge.pool.callOn(w, "geometry.sample", { objects: ["Sphere"], maxPoints: 10 }));
    expect(sub.objects[0]!.count).toBeLessThanOrEqual(10);
  });

  it("scene.snapshot and scene.restore return to the saved state", async () => {
    await onWorker(async (w) => {
      const { snapshotId } = await bridge.pool.callOn(w, "scene.snapshot", {});
      await bridge.pool.callOn(w, "program.run", { code: MOVE_CUBE });
      await bridge.pool.callOn(w, "scene.restore", { snapshotId });
      const info = await bridge.pool.callOn(w, "scene.info", { materials: false });
      expect(info.objects.find((o) => o.name === "Cube")!.location[0]).toBe(0);
      const err = await rejection(bridge.pool.callOn(w, "scene.restore", { snapshotId: "missing" }));
      expect(err.code).toBe(ErrorCode.NotFound);
    });
  });

  it("live-only methods are refused by a worker with WrongRole", async () => {
    const err = await rejection(bridge.pool.call("render.viewport", {}));
    expect(err.code).toBe(ErrorCode.WrongRole);
    // And by the add-on itself, when the request gets past the sidecar's own check.
    const raw = await rejection(bridge.pool.withWorker((w) => w.client!.session.request("history.undo", {}, 10_000)));
    expect(raw.code).toBe(ErrorCode.WrongRole);
    expect(raw.message).toMatch(/history\.undo needs a live Blender; this one is a worker/);
  });

  it("the add-on has a handler for every method of the protocol, in both roles (read in Blender)", () => {
    const script = [
      "import json, sys",
      `sys.path.insert(0, ${JSON.stringify(ADDON_DIR)})`,
      "from blender_agent.handlers import build_methods",
      "print('TABLE', json.dumps({role: sorted(build_methods(role)) for role in ('live', 'worker')}))",
    ].join("\n");
    const out = execFileSync(findBlender(), ["-b", "--factory-startup", "--python-expr", script], { encoding: "utf8" });
    const table = JSON.parse(/^TABLE (.*)$/m.exec(out)![1]!) as Record<string, string[]>;
    // Every method a Blender answers (page.update goes to the episode page, not to Blender).
    const methods = Object.entries(blenderMethods)
      .filter(([, spec]) => spec.roles.some((role) => role === "live" || role === "worker"))
      .map(([name]) => name)
      .sort();
    expect(table).toEqual({ live: methods, worker: methods });
  });
});

describe("a fresh worker", () => {
  it("renders its first image to the same bytes as every later one (it warms up before its first render)", async () => {
    const fresh = await startBridge({ size: 1 });
    try {
      // A scene where 3.4's first Workbench render of a process differed from the later ones.
      const views = [{ camera: "Camera1" }];
      const settings = { ...SETTINGS, width: 40, height: 40 };
      const first = await fresh.pool.evaluate({ scene: EVERY_KIND, code: "", views, settings });
      const again = await fresh.pool.call("render.views", { views, settings });
      expect(again.images[0]!.png).toBe(first.images[0]!.png);
    } finally {
      await fresh.close();
    }
  });
});

describe("worker.evaluate: reset, run, render in one request", () => {
  const evaluate = (code: string, engine: "WORKBENCH" | "CYCLES" | "EEVEE" = "WORKBENCH", samples = 4) =>
    bridge.pool.evaluate({ scene: SIMPLE_SCENE, code, views: VIEWS, settings: { ...SETTINGS, engine, samples } });

  it("two different programs render different images; the same program renders identical bytes", async () => {
    const a1 = await evaluate(MOVE_CUBE);
    const b = await evaluate("bpy.data.objects['Sun'].rotation_euler.x = 0.9\n");
    const a2 = await evaluate(MOVE_CUBE);
    expect(a1.images[0]!.png).toBe(a2.images[0]!.png);
    expect(a1.images[1]!.png).toBe(a2.images[1]!.png);
    expect(await pl(a1.images[0]!.png, b.images[0]!.png)).toBeGreaterThan(1e-4);
    expect(a1.timing.totalMs).toBeGreaterThanOrEqual(a1.timing.renderMs);
  });

  it("each evaluation starts from the loaded scene, whatever the previous one did", async () => {
    const start = await evaluate("");
    await evaluate(
      "import bpy\nfor o in list(bpy.data.objects):\n    if o.type == 'MESH': bpy.data.objects.remove(o)\n",
    );
    const again = await evaluate("");
    expect(again.images[0]!.png).toBe(start.images[0]!.png);
  });

  it("Cycles with a fixed seed is repeatable to the byte", async () => {
    const c1 = await evaluate(MOVE_CUBE, "CYCLES", 4);
    const c2 = await evaluate(MOVE_CUBE, "CYCLES", 4);
    expect(c1.engine).toBe("CYCLES");
    expect(c1.images[0]!.png).toBe(c2.images[0]!.png);
  });

  it("EEVEE renders headless and repeatably", async () => {
    const e1 = await evaluate(MOVE_CUBE, "EEVEE", 1);
    const e2 = await evaluate(MOVE_CUBE, "EEVEE", 1);
    expect(e1.engine).toMatch(/^BLENDER_EEVEE/);
    expect(e1.images[0]!.png).toBe(e2.images[0]!.png);
  }, 180_000); // EEVEE Next (4.2+) compiles its shaders at a worker's first render: about a minute on software GL

  it("data the scene builder makes but does not use yet survives into every evaluation", async () => {
    const scene = { script: `${SIMPLE_SCENE.script}\nbpy.data.materials.new("Spare")\n`, name: "spare.py" };
    const code = "bpy.data.objects['Cube'].data.materials[0] = bpy.data.materials['Spare']\n";
    const result = await bridge.pool.evaluate({
      scene,
      code,
      views: [{ camera: "Camera1" }],
      settings: { width: 32, height: 32 },
    });
    expect(result.images).toHaveLength(1);
  });

  it("a failing program in evaluate is a ProgramRaised error, and the next evaluation is unaffected", async () => {
    const err = await rejection(evaluate("raise ValueError('candidate is broken')\n"));
    expect(err.code).toBe(ErrorCode.ProgramRaised);
    expect(err.message).toContain("candidate is broken");
    const ok = await evaluate("");
    expect(ok.images).toHaveLength(2);
  });

  it("a syntax error in evaluate is a ProgramSyntax error naming the line", async () => {
    const err = await rejection(evaluate(`${MOVE_CUBE}x = (1,\n`));
    expect(err.code).toBe(ErrorCode.ProgramSyntax);
    expect(err.message).toMatch(/^SyntaxError at line \d+: /);
    expect(err.data).toMatchObject({ type: "SyntaxError" });
  });
});

describe("program.analyze on a loaded scene: the Blender property each number sets", () => {
  const PROGRAM = [
    "import bpy",
    "from math import radians",
    "SUN_ANGLE = 5.0",
    "SUN = bpy.data.lights['Sun']",
    "SUN.angle = radians(SUN_ANGLE)",
    "SUN.energy = 3.0",
    "cube = bpy.data.objects['Cube']",
    "cube.modifiers.new('Copies', 'ARRAY').count = 3",
    "cube.location.x = -1.25",
    "cube.scale = (0.5, 0.5, 0.5)",
    "half = 0.8 * 0.5",
    "cube.location[1] = half",
    "bpy.data.objects['Sphere'].hide_render = False",
    "LIGHT_KIND = 'SUN'",
    "def set_kind(light, kind):",
    "    light.type = kind",
    "set_kind(SUN, LIGHT_KIND)",
    "match LIGHT_KIND:",
    "    case 'SUN':",
    "        cube.modifiers['Copies'].fit_type = 'FIXED_COUNT'",
    "cube.name = 'Cube'",
    "",
  ].join("\n");

  it("names the property and its limits in the literal's own units; untraceable numbers get none", async () => {
    const { literals } = await bridge.pool.analyze(SIMPLE_SCENE, PROGRAM);
    const at = (text: string) => literals.find((l) => l.text === text)!;
    // radians() carried back: the sun's angle is 0–180 in the program's degrees.
    expect(at("5.0").target).toMatchObject({ property: "SunLight.angle", subtype: "ANGLE", hardMin: 0 });
    expect(at("5.0").target!.hardMax).toBeCloseTo(180, 3);
    expect(at("5.0").target!.scale).toBeCloseTo(Math.PI / 180, 12);
    expect(findParameters([at("5.0")])[0]!.domain).toMatchObject({ angle: "degrees", min: 0 });
    // A light's energy: no hard floor in RNA, but a soft one at zero.
    expect(at("3.0").target).toMatchObject({ property: "SunLight.energy", type: "float", softMin: 0 });
    expect(findParameters([at("3.0")])[0]!.domain.min).toBe(0);
    // An integer count, set straight on the modifier a call returned.
    expect(at("3").target).toMatchObject({ property: "ArrayModifier.count", type: "int", hardMin: 1 });
    // A signed literal assigned to a vector's component, and the elements of a tuple.
    expect(at("-1.25").target).toMatchObject({ property: "Object.location", index: 0, scale: 1 });
    expect(literals.filter((l) => l.text === "0.5" && l.group === "tuple").map((l) => l.target)).toMatchObject([
      { property: "Object.scale", index: 0 },
      { property: "Object.scale", index: 1 },
      { property: "Object.scale", index: 2 },
    ]);
    // 0.8 * 0.5 loses both tags (two literals multiplied): neither is described.
    expect(at("0.8").target).toBeNull();
  });

  it("lists the strings that set an enum, through a function's argument too, with the enum's items", async () => {
    const { enums } = await bridge.pool.analyze(SIMPLE_SCENE, PROGRAM);
    // A case pattern's 'SUN' stays a pattern (the trace still runs: the fit type is reached), and
    // an object's name is a string but no enum.
    expect(enums!.map((e) => [e.name, e.value, e.property])).toEqual([
      ["LIGHT_KIND", "SUN", "SunLight.type"],
      [null, "FIXED_COUNT", "ArrayModifier.fit_type"],
    ]);
    expect(enums![0]!.choices).toEqual(expect.arrayContaining(["POINT", "SUN", "SPOT", "AREA"]));
    expect(enums![1]!.choices).toEqual(["FIXED_COUNT", "FIT_LENGTH", "FIT_CURVE"]);
    const parameters = findParameters([], enums);
    const kind = parameters.find((p) => p.key === "LIGHT_KIND")!;
    expect(kind).toMatchObject({ kind: "enum", domain: { min: 0 } });
    expect(kind.choices![kind.value]).toBe("SUN");
    // The search's edit, another item written back, runs in Blender and sets the light's type.
    const edited = applyValues(PROGRAM, parameters, new Map([["LIGHT_KIND", kind.choices!.indexOf("AREA")]]));
    expect(edited).toContain("LIGHT_KIND = 'AREA'\n");
    const types = await bridge.pool.withWorker(async (w) => {
      await bridge.pool.ensureScene(w, SIMPLE_SCENE, { fresh: true });
      const code = `${edited}print(bpy.data.lights['Sun'].type)`;
      return (await bridge.pool.callOn(w, "program.run", { code })).stdout.trim();
    });
    expect(types).toBe("AREA");
  });

  it("follows a constant's nested tuples to where each number lands: a colour ramp's stops", async () => {
    const ramp = [
      "import bpy",
      "STOPS = [(0.4, (0.02, 0.12, 0.2)), (0.6, (0.3, 0.61, 0.62))]",
      "mat = bpy.data.materials.new('Glaze')",
      "mat.use_nodes = True",
      "elements = mat.node_tree.nodes.new('ShaderNodeValToRGB').color_ramp.elements",
      "elements[0].position, color = STOPS[0]",
      "elements[0].color = (*color, 1.0)",
      "for position, color in STOPS[1:]:",
      "    elements.new(position).color = (*color, 1.0)",
      "",
    ].join("\n");
    const { literals } = await bridge.pool.analyze(SIMPLE_SCENE, ramp);
    const parameters = findParameters(literals);
    const byKey = new Map(parameters.map((p) => [p.key, p]));
    // The second stop's colour, three numbers deep: traced to the element's colour, kept within 0–1.
    for (const [i, value] of [0.3, 0.61, 0.62].entries()) {
      const channel = byKey.get(`STOPS[1][1][${i}]`)!;
      expect(channel.value).toBe(value);
      const literal = literals.find((l) => l === channel.literal)!;
      expect(literal.target).toMatchObject({ property: "ColorRampElement.color", subtype: "COLOR", index: i });
      expect(channel.domain).toMatchObject({ min: 0, max: 1 });
    }
    // The first stop's position, unpacked with its colour into two targets at once: a factor within 0–1.
    expect(literals.find((l) => l === byKey.get("STOPS[0][0]")!.literal)!.target).toMatchObject({
      property: "ColorRampElement.position",
    });
    expect(byKey.get("STOPS[0][0]")!.domain).toMatchObject({ min: 0, max: 1 });
  });

  it("without a scene, it lists the literals only", async () => {
    const { literals } = await bridge.pool.call("program.analyze", { code: PROGRAM });
    expect(literals.every((l) => l.target === undefined)).toBe(true);
  });
});

describe("worker.evaluate with visibility: how much of each object the views see", () => {
  const seenIn = async (code: string) => {
    const r = await bridge.pool.evaluate({
      scene: SIMPLE_SCENE,
      code,
      views: VIEWS,
      settings: { ...SETTINGS, width: 48, height: 48 },
      visibility: true,
    });
    return r.visibility!;
  };

  it("sees the cube; not once it is sunk under the floor or moved out of frame; not asked, says nothing", async () => {
    const start = await seenIn("");
    expect(start.Cube!.seen).toBeGreaterThan(0.5);
    expect(start.Cube!.box[2]).toBeCloseTo(0, 5); // min z: the cube stands on the floor
    expect(start.Sphere!.seen).toBeGreaterThan(0.5);
    const sunk = await seenIn("bpy.data.objects['Cube'].location.z = -2\n");
    expect(sunk.Cube!.seen).toBe(0);
    expect(sunk.Cube!.box[5]).toBeCloseTo(-1.5, 5);
    expect(sunk.Sphere!.seen).toBe(start.Sphere!.seen);
    const away = await seenIn("bpy.data.objects['Cube'].location.x = 500\n");
    expect(away.Cube!.seen).toBe(0);
    const plain = await bridge.pool.evaluate({ scene: SIMPLE_SCENE, code: "", views: VIEWS, settings: SETTINGS });
    expect(plain.visibility).toBeUndefined();
  });

  it("counts the points of an object sunk into another or under the floor as inside, not of one on it", async () => {
    const start = await seenIn("");
    expect([start.Cube!.inside, start.Sphere!.inside]).toEqual([0, 0]);
    const sunk = await seenIn("bpy.data.objects['Sphere'].location = (0.4, 0, 0.5)\n");
    expect(sunk.Sphere!.inside).toBeGreaterThan(0.3);
    const resting = await seenIn("bpy.data.objects['Sphere'].location = (0, 0, 1.5)\n");
    // (The cube under it may count a point or two where the sphere touches its top: the guard
    // asks only of an object the program moved.)
    expect(resting.Sphere!.inside).toBe(0);
    // Set 3 cm into the floor, as furniture stands a little into a rug: less than a tenth of its height.
    const standing = await seenIn("bpy.data.objects['Sphere'].location.z = 0.47\n");
    expect(standing.Sphere!.inside).toBe(0);
    const sinking = await seenIn("bpy.data.objects['Sphere'].location.z = 0.3\n");
    expect(sinking.Sphere!.inside).toBeGreaterThan(0.3);
    const under = await seenIn("bpy.data.objects['Sphere'].location = (2, 1, -2)\n");
    expect(under.Sphere!.inside).toBe(1);
    // How deep: the sphere (radius 0.5, its sample points 2% in) must rise that much to stand on the floor.
    expect(sinking.Sphere!.sunk).toBeCloseTo(0.5 * 0.98 - 0.3, 3);
    expect(under.Sphere!.sunk).toBeCloseTo(2 + 0.5 * 0.98, 3);
    expect(standing.Sphere!.sunk).toBeCloseTo(0.5 * 0.98 - 0.47, 3);
    expect([start.Sphere!.sunk, resting.Sphere!.sunk]).toEqual([0, 0]);
    // And into what: the cube, the floor; nothing when it sank into nothing.
    expect([sunk.Sphere!.sunkInto, sinking.Sphere!.sunkInto]).toEqual(["Cube", "Floor"]);
    expect(resting.Sphere!.sunkInto).toBeUndefined();
  });

  /** A program's screening render on the simple scene (an error when it fails). */
  async function screen(code: string) {
    const renderer = new PoolRenderer(bridge.pool, { scene: SIMPLE_SCENE, views: VIEWS, settings: SETTINGS });
    const outcome = await renderer.screen(code);
    if (!outcome.ok) throw new Error(outcome.error);
    return outcome;
  }

  /** The aim from the start program's screening render to the goal's (its screening render too). */
  function aimOf(start: Awaited<ReturnType<typeof screen>>, startProgram: string, goal: { pngs: Buffer[] }) {
    const startRenders = start.pngs;
    return ObjectAim.find({
      start,
      startProgram,
      startRenders,
      goal: goal.pngs,
      hiddenScreen: screen,
      seenAtStart: 0.2,
    });
  }

  /** How far (in frame shares) each place the aim found for the cube lies from where the goal shows it. */
  function cubeMisses(aim: ObjectAim, goal: { visibility: ObjectVisibility }): number[] {
    return aim.targets
      .filter((t) => t.object === "Cube")
      .map((t) => {
        const [x, y] = goal.visibility.Cube!.frame![t.view]!;
        return Math.hypot(t.x - x, t.y - y);
      });
  }

  it("says where each view sees an object's centre, and the aim finds a moved cube's place in the goal", async () => {
    const start = await screen("");
    const goal = await screen("bpy.data.objects['Cube'].location.x -= 1.2\n");
    const [startCube, goalCube] = [start.visibility.Cube!.frame!, goal.visibility.Cube!.frame!];
    expect(startCube).toHaveLength(VIEWS.length);
    // Moved along x, the cube's centre moves across both views' frames; the sphere's stays.
    for (let view = 0; view < VIEWS.length; view++) {
      const [from, to] = [startCube[view]!, goalCube[view]!];
      expect(Math.hypot(to[0] - from[0], to[1] - from[1])).toBeGreaterThan(0.05);
      expect(goal.visibility.Sphere!.frame![view]).toEqual(start.visibility.Sphere!.frame![view]);
    }

    const aim = await aimOf(start, "", goal);
    const misses = cubeMisses(aim, goal);
    expect(misses.length).toBeGreaterThan(0);
    for (const miss of misses) expect(miss).toBeLessThan(0.04);
    expect(aim.distance(goal.visibility)).toBeLessThan(0.02);
    expect(aim.distance(start.visibility)).toBeGreaterThan(0.05);
    const gone = await screen("bpy.data.objects['Cube'].hide_render = True\n");
    expect(aim.distance(gone.visibility)).toBeGreaterThan(aim.distance(start.visibility));
  });

  it("the aim finds a moved cube's place though a twin of it stands still (by looks alone they tie)", async () => {
    // A twin (the cube's copy, its material and all) stands still: matched by looks alone, the two tie.
    const twin =
      "twin = bpy.data.objects['Cube'].copy()\ntwin.name = 'Twin'\n" +
      "bpy.context.scene.collection.objects.link(twin)\ntwin.location = (0, -1.4, 0.5)\n";
    const start = await screen(twin);
    const goal = await screen(`${twin}bpy.data.objects['Cube'].location.x -= 1.2\n`);
    const aim = await aimOf(start, twin, goal);
    const misses = cubeMisses(aim, goal);
    expect(misses.length).toBeGreaterThan(0);
    for (const miss of misses) expect(miss).toBeLessThan(0.04);
    // The twin stays where it stands.
    for (const t of aim.targets.filter((t) => t.object === "Twin")) {
      const at = start.visibility.Twin!.frame![t.view]!;
      expect(Math.hypot(t.x - at[0], t.y - at[1])).toBeLessThan(0.02);
    }
    // The goal shows the twin as the start does, the moved cube not.
    expect(aim.unchanged.has("Twin")).toBe(true);
    expect(aim.unchanged.has("Cube")).toBe(false);
  });

  it("the offline guard, on the worker's report, names a sphere sunk into the floor, not one on the cube", async () => {
    const start = await seenIn("");
    const sinking = await seenIn("bpy.data.objects['Sphere'].location.z = 0.3\n");
    // Enough of it still shows: only what lies inside the floor tells.
    expect(sinking.Sphere!.seen).toBeGreaterThanOrEqual(0.5 * start.Sphere!.seen);
    expect(hiddenObjects(start, start, sinking)).toEqual(["Sphere"]);
    const resting = await seenIn("bpy.data.objects['Sphere'].location = (0, 0, 1.5)\n");
    expect(hiddenObjects(start, start, resting)).toEqual([]);
  });

  it("does not see an object whose geometry is gone (a count of 0 empties a geometry-nodes object so)", async () => {
    const emptied = await seenIn("bpy.data.objects['Cube'].data.clear_geometry()\n");
    expect(emptied.Cube!.seen).toBe(0);
    expect(emptied.Sphere!.seen).toBeGreaterThan(0.5);
  });
});
