import { describe, expect, it } from "vitest";
import { selectTasks } from "../../sidecar/src/bench/task-selection.js";
import { loadTasks } from "../../sidecar/src/tasks/task-loader.js";

// One grammar for every command that takes tasks (tasks:validate, tasks:sheet, run, bench).
const keys = (task: string, category?: string) => loadTasks({ task, category }).tasks.map((t) => t.key);

describe("selecting tasks", () => {
  it("takes ids, keys, categories and globs, separated by commas", () => {
    expect(keys("desk-chair-tuck-in")).toEqual(["placement/desk-chair-tuck-in"]);
    expect(keys("placement/desk-chair-tuck-in,face-smile")).toEqual([
      "placement/desk-chair-tuck-in",
      "blendshape/face-smile",
    ]);
    const desks = keys("desk-*");
    expect(desks.length).toBeGreaterThan(1);
    expect(desks.every((k) => k.startsWith("placement/desk-"))).toBe(true);
    expect(keys("lighting")).toEqual(loadTasks({ category: "lighting" }).tasks.map((t) => t.key));
    expect(keys("*-smile", "blendshape")).toEqual(["blendshape/face-smile"]);
    expect(selectTasks("geometry/coil-*").map((t) => t.key)).toEqual(keys("coil-*"));
  });

  it("names every part that matches no task", () => {
    expect(() => keys("desk-chair-tuck-in,nosuch,also-*")).toThrow(/no task matches "nosuch", "also-\*"/);
    expect(() => keys("face-smile", "placement")).toThrow(/no task matches "face-smile" in placement/);
  });
});
