import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { PROJECT_ROOT } from "../project-root.js";
import { CATEGORIES, type Category, TaskSpec } from "./task-schema.js";
import { taskMatcher } from "./task-selection.js";

export const TASKS_DIR = path.join(PROJECT_ROOT, "tasks");

/** A task read from disk: its spec, its two programs and its scene builder. */
export interface Task {
  spec: TaskSpec;
  /** "category/id", how people and logs name a task. */
  key: string;
  dir: string;
  start: string;
  goal: string;
  scene: { script: string; name: string };
}

/** A task folder that could not be read, with what was wrong. */
export interface TaskLoadError {
  key: string;
  error: string;
}

export interface TaskSelection {
  category?: string;
  /** Tasks in the shared grammar (see taskMatcher): ids, keys, categories, globs, comma-separated. */
  task?: string;
  /** A task root laid out as tasks/ (default: this project's tasks/). */
  root?: string;
}

/** Helpers every scene builder can use (tasks/scenes/scene_kit.py). */
const SCENE_KIT = "scene_kit.py";

/**
 * The kit a task root's builders run after: the root's own scenes/scene_kit.py, or this
 * project's when the root has none, so a task set of its own (tasks/heldout/) needs no copy.
 */
export function sceneKitPath(root: string): string {
  const own = path.join(root, "scenes", SCENE_KIT);
  return existsSync(own) ? own : path.join(TASKS_DIR, "scenes", SCENE_KIT);
}

/**
 * The kit, then the builder compiled under its own name, so a builder's traceback
 * names its own file and lines. A JSON string is a valid Python string literal.
 */
function composeSceneScript(kit: string, builder: string, name: string): string {
  return `${kit}\n\nexec(compile(${JSON.stringify(builder)}, ${JSON.stringify(name)}, "exec"))\n`;
}

function readTask(root: string, category: Category, id: string, kit: string): Task {
  const dir = path.join(root, category, id);
  const file = (name: string) => {
    const p = path.join(dir, name);
    if (!existsSync(p)) throw new Error(`missing ${name}`);
    return readFileSync(p, "utf8");
  };
  let json: unknown;
  try {
    json = JSON.parse(file("task.json"));
  } catch (err) {
    throw new Error(`task.json: ${(err as Error).message}`);
  }
  const parsed = TaskSpec.safeParse(json);
  if (!parsed.success) throw new Error(`task.json: ${z.prettifyError(parsed.error)}`);
  const spec = parsed.data;
  if (spec.id !== id) throw new Error(`task.json id "${spec.id}" differs from its folder name "${id}"`);
  if (spec.category !== category)
    throw new Error(`task.json category "${spec.category}" differs from its folder "${category}"`);
  const scenePath = path.join(root, spec.scene);
  if (!existsSync(scenePath)) throw new Error(`scene ${spec.scene} does not exist`);
  return {
    spec,
    key: `${category}/${id}`,
    dir,
    start: file("start.py"),
    goal: file("goal.py"),
    scene: {
      script: composeSceneScript(kit, readFileSync(scenePath, "utf8"), path.basename(scenePath)),
      name: path.basename(scenePath),
    },
  };
}

/** Every selected task, sorted by key; folders that fail to load are returned as errors. */
export function loadTasks(selection: TaskSelection = {}): { tasks: Task[]; errors: TaskLoadError[] } {
  const root = selection.root ?? TASKS_DIR;
  if (!existsSync(root)) throw new Error(`no task folder at ${root}`);
  if (selection.category !== undefined && !(CATEGORIES as readonly string[]).includes(selection.category)) {
    throw new Error(`unknown category "${selection.category}"; choose one of ${CATEGORIES.join(", ")}`);
  }
  const kit = readFileSync(sceneKitPath(root), "utf8");
  const tasks: Task[] = [];
  const errors: TaskLoadError[] = [];
  const matcher = selection.task === undefined ? undefined : taskMatcher(selection.task);
  for (const category of CATEGORIES) {
    if (selection.category && category !== selection.category) continue;
    const categoryDir = path.join(root, category);
    if (!existsSync(categoryDir)) continue;
    for (const id of readdirSync(categoryDir).sort()) {
      if (matcher && !matcher.matches(`${category}/${id}`)) continue;
      try {
        tasks.push(readTask(root, category, id, kit));
      } catch (err) {
        errors.push({ key: `${category}/${id}`, error: (err as Error).message });
      }
    }
  }
  const unmatched = matcher?.unmatched() ?? [];
  if (unmatched.length) {
    const where = selection.category ? ` in ${selection.category}` : "";
    throw new Error(
      `no task matches ${unmatched.map((p) => `"${p}"`).join(", ")}${where} ` +
        "(give ids, category/id keys, categories or globs such as desk-*, separated by commas)",
    );
  }
  return { tasks, errors };
}
