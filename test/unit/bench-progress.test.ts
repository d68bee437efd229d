import { describe, expect, it } from "vitest";
import { BenchProgress } from "../../sidecar/src/bench/progress.js";
import type { ResultRow } from "../../sidecar/src/bench/results.js";
import type { Task } from "../../sidecar/src/tasks/task-loader.js";
import { loadTasks } from "../../sidecar/src/tasks/task-loader.js";

const tasksOf = (category: string, n: number): Task[] => loadTasks({ category }).tasks.slice(0, n);

function row(task: Task, wallMs: number, pl: number | null): ResultRow {
  const none = { start: null, selected: null, best: null };
  return {
    task: task.key,
    category: task.spec.category,
    difficulty: "easy",
    config: "c",
    status: "ok",
    noWorkingProgram: false,
    metrics: { pl: { start: null, selected: pl, best: pl }, ssim: none, nclip: none, cd: none },
    unavailable: {},
    iterations: 1,
    queries: { generation: 0, verification: 0 },
    tokens: { input: 0, output: 0 },
    costUsd: null,
    wallMs,
    episode: "e",
  };
}

describe("the benchmark's progress line", () => {
  it("weighs each task left by its category's measured time, and an unmeasured category at the slowest", () => {
    const [p1, p2, p3] = tasksOf("placement", 3);
    const [l1, l2] = tasksOf("lighting", 2);
    const [g1] = tasksOf("geometry", 1);
    const progress = new BenchProgress([p1!, p2!, p3!, l1!, l2!, g1!], 2);
    expect(progress.etaMs()).toBeUndefined();
    progress.add(row(p1!, 1_000, 2e-3));
    progress.add(row(l1!, 30_000, 5e-2));
    // Left: 2 placement at 1 s, 1 lighting at 30 s, 1 geometry (unmeasured: the slowest, 30 s); 2 at once.
    expect(progress.etaMs()).toBe((2 * 1_000 + 30_000 + 30_000) / 2);
  });

  it("gives mean PL per category, scaled as the summary tables are", () => {
    const [p1, p2] = tasksOf("placement", 2);
    const [m1] = tasksOf("material", 1);
    const progress = new BenchProgress([p1!, p2!, m1!], 1);
    expect(progress.meanPL()).toBe("PL n/a");
    progress.add(row(p1!, 1, 1e-3));
    progress.add(row(p2!, 1, 3e-3));
    progress.add(row(m1!, 1, 4e-2));
    expect(progress.meanPL()).toBe("PL placement 2.00, material 4.00");
  });
});
