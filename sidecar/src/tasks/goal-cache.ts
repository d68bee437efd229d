import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { PROJECT_ROOT } from "../project-root.js";
import type { Task } from "./task-loader.js";

export const GOAL_CACHE_DIR = path.join(PROJECT_ROOT, ".cache", "goal-renders");

/**
 * Goal renders on disk, keyed by what determines them: the scene script, the goal
 * program, the render settings, the views and the Blender version. A change to any of
 * them is a new key, so a stale render is never served.
 */
export function goalCacheKey(task: Task, blenderVersion: string): string {
  const { render, views } = task.spec;
  return createHash("sha256")
    .update(JSON.stringify({ scene: task.scene.script, goal: task.goal, render, views, blenderVersion }))
    .digest("hex")
    .slice(0, 24);
}

function viewPath(key: string, view: string): string {
  return path.join(GOAL_CACHE_DIR, key, `${view}.png`);
}

/** The cached goal renders, one PNG per view in the task's order, or undefined. */
export function readGoalRenders(task: Task, blenderVersion: string): Buffer[] | undefined {
  const key = goalCacheKey(task, blenderVersion);
  const paths = task.spec.views.map((v) => viewPath(key, v));
  return paths.every((p) => existsSync(p)) ? paths.map((p) => readFileSync(p)) : undefined;
}

export function writeGoalRenders(task: Task, blenderVersion: string, pngs: readonly Buffer[]): void {
  const key = goalCacheKey(task, blenderVersion);
  mkdirSync(path.join(GOAL_CACHE_DIR, key), { recursive: true });
  task.spec.views.forEach((view, i) => {
    const target = viewPath(key, view);
    writeFileSync(`${target}.tmp`, pngs[i]!); // write then rename: a crash never leaves half a PNG
    renameSync(`${target}.tmp`, target);
  });
}
