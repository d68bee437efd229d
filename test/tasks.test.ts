import { spawn } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GOAL_CACHE_DIR, goalCacheKey, writeGoalRenders } from "../sidecar/src/tasks/goal-cache.js";
import { loadTasks, TASKS_DIR } from "../sidecar/src/tasks/task-loader.js";
import { CATEGORIES, TaskSpec } from "../sidecar/src/tasks/task-schema.js";
import { validateTask } from "../sidecar/src/tasks/validate-task.js";
import { type Bridge, startBridge } from "./helpers/bridge.js";

const GOOD = {
  id: "x",
  category: "placement",
  instruction: "Move the mug to the left.",
  difficulty: "easy",
  scene: "scenes/tabletop.py",
  render: { engine: "WORKBENCH", width: 64, height: 64 },
  views: ["Camera1", "Camera2"],
};

describe("task files", () => {
  it("every task.json in tasks/ matches the schema and its folder; each category has 12 tasks or more", () => {
    const { tasks, errors } = loadTasks();
    expect(errors).toEqual([]);
    for (const t of tasks) expect(t.start).not.toBe(t.goal);
    for (const category of CATEGORIES) {
      const mine = tasks.filter((t) => t.spec.category === category);
      expect(mine.length, category).toBeGreaterThanOrEqual(12);
      expect(new Set(mine.map((t) => t.spec.difficulty)), category).toEqual(new Set(["easy", "medium", "hard"]));
    }
  });

  it("the schema says what is wrong with a bad task", () => {
    expect(TaskSpec.safeParse(GOOD).success).toBe(true);
    const oneView = TaskSpec.safeParse({ ...GOOD, views: ["Camera1"] });
    expect(oneView.error?.issues[0]?.message).toMatch(/at least two views/);
    const noChamfer = TaskSpec.safeParse({ ...GOOD, category: "geometry" });
    expect(noChamfer.error?.issues[0]?.message).toMatch(/Chamfer/);
    expect(TaskSpec.safeParse({ ...GOOD, id: "Bad Id" }).success).toBe(false);
    expect(TaskSpec.safeParse({ ...GOOD, scene: "../etc/passwd.py" }).success).toBe(false);
    expect(TaskSpec.safeParse({ ...GOOD, extra: 1 }).success).toBe(false);
  });
});

/** Run an npm script of this project; resolves with its exit code and output. */
function npmRun(args: string[]): Promise<{ code: number | null; out: string }> {
  const child = spawn("npm", ["run", "--silent", ...args], {
    env: { ...process.env, BLENDER_AGENT_LOG_LEVEL: "warn" },
  });
  let out = "";
  child.stdout.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr.on("data", (d: Buffer) => (out += d.toString()));
  return new Promise((resolve) => child.on("exit", (code) => resolve({ code, out })));
}

/** One placement task on one worker: what the CLI tests run. */
const ONE_TASK = ["--category", "placement", "--task", "tabletop-mug-left", "--workers", "1"];

describe("the task commands, as a user runs them", () => {
  it("tasks:validate prints a line per task and the summary, and exits 0 when all pass", async () => {
    const { code, out } = await npmRun(["tasks:validate", "--", ...ONE_TASK]);
    expect(out).toMatch(/\[ {2}1\/1\] placement\/tabletop-mug-left +ok/);
    expect(out).toContain("1 of 1 tasks valid");
    expect(code).toBe(0);
  });

  it("tasks:validate --tasks-dir validates a task root of its own (the held-out set)", async () => {
    const heldout = ["--tasks-dir", "tasks/heldout", "--task", "placement/picnic-set-out", "--workers", "1"];
    const { code, out } = await npmRun(["tasks:validate", "--", ...heldout]);
    expect(out).toMatch(/\[ {2}1\/1\] placement\/picnic-set-out +ok/);
    expect(code).toBe(0);
  });

  it("tasks:validate names a bad flag and exits non-zero", async () => {
    const { code, out } = await npmRun(["tasks:validate", "--", "--category", "sculpting"]);
    expect(out).toMatch(/category/);
    expect(code).toBe(2);
  });

  it("tasks:sheet writes a contact sheet with a row per task (start and goal, both views)", async () => {
    const out = mkdtempSync(path.join(tmpdir(), "sheet-"));
    try {
      const run = await npmRun(["tasks:sheet", "--", ...ONE_TASK, "--out", out]);
      expect(run.code).toBe(0);
      const meta = await sharp(path.join(out, "placement.png")).metadata();
      expect(meta.width).toBe(4 * 192); // start and goal for two views
      expect(meta.height).toBeGreaterThan(192);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});

describe("the validator against real Blender", () => {
  let bridge: Bridge;
  let root: string;
  beforeAll(async () => {
    bridge = await startBridge({ size: 1 });
    root = mkdtempSync(path.join(tmpdir(), "tasks-"));
  });
  afterAll(async () => {
    await bridge?.close();
    rmSync(root, { recursive: true, force: true });
  });

  it.each(CATEGORIES.map((c) => [c]))("passes the first %s task", async (category) => {
    const { tasks } = loadTasks({ category });
    const report = await validateTask(bridge.pool, tasks[0]!);
    expect(report.failures).toEqual([]);
    expect(report.startGoalPL).toBeGreaterThan(0);
  });

  it("fails a task whose goal looks like its start, and one whose goal raises, saying which", async () => {
    const { tasks } = loadTasks({ category: "placement" });
    const source = tasks[0]!;
    cpSync(path.join(TASKS_DIR, "scenes"), path.join(root, "scenes"), { recursive: true });
    const copy = (id: string, goal: string) => {
      const dir = path.join(root, "placement", id);
      cpSync(source.dir, dir, { recursive: true });
      writeFileSync(path.join(dir, "task.json"), JSON.stringify({ ...source.spec, id }));
      writeFileSync(path.join(dir, "goal.py"), goal);
    };
    copy("same", `${source.start}\n# nothing changes\n`);
    copy("raises", `${source.start}\nraise RuntimeError("goal is broken")\n`);
    const { tasks: bad, errors } = loadTasks({ root });
    expect(errors).toEqual([]);
    const [raises, same] = await Promise.all(bad.map((t) => validateTask(bridge.pool, t)));
    expect(same!.ok).toBe(false);
    expect(same!.failures[0]).toMatch(/start and goal look the same/);
    expect(raises!.ok).toBe(false);
    expect(raises!.failures[0]).toMatch(/goal\.py fails: RuntimeError: goal is broken/);
  });

  it("fails a goal whose render no longer matches the cached goal render", async () => {
    const { tasks } = loadTasks({ category: "placement" });
    const task = { ...tasks[0]!, goal: `${tasks[0]!.goal}\n# a variant only this test uses\n` };
    const first = await validateTask(bridge.pool, task);
    expect(first.failures).toEqual([]);
    const version = await bridge.pool.withWorker(async (w) => w.client!.session.hello!.blenderVersion);
    const dir = path.join(GOAL_CACHE_DIR, goalCacheKey(task, version));
    expect(existsSync(dir)).toBe(true);
    try {
      const stale = task.spec.views.map((v) => readFileSync(path.join(dir, `${v}.png`)));
      writeGoalRenders(task, version, [stale[1]!, stale[0]!]); // swap the views: a wrong cache
      const second = await validateTask(bridge.pool, task);
      expect(second.failures).toContain(
        "the goal render differs from the cached one for the same scene, program, settings and Blender",
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
