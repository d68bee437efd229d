import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadTasks, sceneKitPath, TASKS_DIR } from "../../sidecar/src/tasks/task-loader.js";

const PROJECT_KIT = path.join(TASKS_DIR, "scenes", "scene_kit.py");

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
