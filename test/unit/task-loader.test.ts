import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadTasks, sceneKitPath, TASKS_DIR } from "../../sidecar/src/tasks/task-loader.js";
import { CATEGORIES } from "../../sidecar/src/tasks/task-schema.js";

const PROJECT_KIT = path.join(TASKS_DIR, "scenes", "scene_kit.py");
const HELDOUT = path.join(TASKS_DIR, "heldout");

/** A task root of its own with one placement task on its own scene builder, and no scene kit. */
function writeRoot(root: string): void {
  mkdirSync(path.join(root, "scenes"), { recursive: true });
  writeFileSync(path.join(root, "scenes", "own_room.py"), 'add_box("Crate", (0.4, 0.4, 0.4), (0.0, 0.0, 0.0))\n');
  const dir = path.join(root, "placement", "crate-left");
  mkdirSync(dir, { recursive: true });
  const spec = {
    id: "crate-left",
    category: "placement",
    instruction: "Move the crate to the left.",
    difficulty: "easy",
    scene: "scenes/own_room.py",
    render: { engine: "WORKBENCH", width: 64, height: 64 },
    views: ["Camera1", "Camera2"],
  };
  writeFileSync(path.join(dir, "task.json"), JSON.stringify(spec));
  writeFileSync(path.join(dir, "start.py"), 'bpy.data.objects["Crate"].location = (0.5, 0.0, 0.0)\n');
  writeFileSync(path.join(dir, "goal.py"), 'bpy.data.objects["Crate"].location = (-0.5, 0.0, 0.0)\n');
}

describe("loading a task root of its own", () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), "task-root-"));
    writeRoot(root);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it("runs its builders after the project's scene kit when the root has none", () => {
    expect(sceneKitPath(root)).toBe(PROJECT_KIT);
    const { tasks, errors } = loadTasks({ root });
    expect(errors).toEqual([]);
    expect(tasks.map((t) => t.key)).toEqual(["placement/crate-left"]);
    const script = tasks[0]!.scene.script;
    expect(script.startsWith(readFileSync(PROJECT_KIT, "utf8"))).toBe(true);
    expect(script).toContain('add_box(\\"Crate\\"');
    expect(tasks[0]!.scene.name).toBe("own_room.py");
  });

  it("runs them after the root's own kit when it has one", () => {
    const own = path.join(root, "scenes", "scene_kit.py");
    writeFileSync(own, "def add_box(*args):\n    pass\n");
    expect(sceneKitPath(root)).toBe(own);
    const { tasks, errors } = loadTasks({ root });
    expect(errors).toEqual([]);
    expect(tasks[0]!.scene.script.startsWith("def add_box(*args):\n    pass\n")).toBe(true);
    expect(tasks[0]!.scene.script).not.toContain(readFileSync(PROJECT_KIT, "utf8"));
  });

  it("names a task root that does not exist", () => {
    expect(() => loadTasks({ root: path.join(root, "nosuch") })).toThrow(/no task folder at .*nosuch/);
  });
});

describe("the held-out task set (tasks/heldout/)", () => {
  it("is a root of its own: 2 tasks per category on scenes of its own, after the project's kit", () => {
    const { tasks, errors } = loadTasks({ root: HELDOUT });
    expect(errors).toEqual([]);
    for (const category of CATEGORIES)
      expect(tasks.filter((t) => t.spec.category === category).length, category).toBe(2);
    expect(sceneKitPath(HELDOUT)).toBe(PROJECT_KIT);
    const projectScenes = new Set(readdirSync(path.join(TASKS_DIR, "scenes")));
    expect(tasks.filter((t) => projectScenes.has(t.scene.name)).map((t) => t.key)).toEqual([]);
  });

  it("is not in the task set, and shares no key with it (bench results and records are kept by key)", () => {
    const { tasks: set, errors } = loadTasks();
    expect(errors).toEqual([]);
    expect(set.filter((t) => t.dir.startsWith(HELDOUT)).map((t) => t.key)).toEqual([]);
    const keys = new Set(set.map((t) => t.key));
    expect(
      loadTasks({ root: HELDOUT })
        .tasks.filter((t) => keys.has(t.key))
        .map((t) => t.key),
    ).toEqual([]);
  });
});
