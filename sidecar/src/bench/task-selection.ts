import { loadTasks, type Task } from "../tasks/task-loader.js";
import { CATEGORIES } from "../tasks/task-schema.js";

/** `*` matches any run of characters; nothing else is special. */
function globToRegExp(glob: string): RegExp {
  return new RegExp(
    `^${glob
      .split("*")
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
      .join(".*")}$`,
  );
}

/**
 * Tasks named by `--tasks`: a category ("placement"), a glob over "category/id" keys
 * ("placement/desk-*", "*-easy"), or comma-separated mixes of both. All tasks when absent.
 */
export function selectTasks(spec: string | undefined): Task[] {
  const { tasks, errors } = loadTasks();
  if (errors.length)
    throw new Error(`the task set has broken tasks: ${errors.map((e) => `${e.key} (${e.error})`).join("; ")}`);
  if (!spec) return tasks;
  const picked = new Set<Task>();
  for (const part of spec
    .split(",")
    .map((p) => p.trim())
    .filter(Boolean)) {
    const re = (CATEGORIES as readonly string[]).includes(part) ? globToRegExp(`${part}/*`) : globToRegExp(part);
    const matched = tasks.filter((t) => re.test(t.key));
    if (matched.length === 0)
      throw new Error(
        `--tasks "${part}" matches no task (tasks are named category/id, e.g. placement/desk-chair-tuck-in)`,
      );
    for (const t of matched) picked.add(t);
  }
  return tasks.filter((t) => picked.has(t));
}

export interface Shard {
  index: number;
  count: number;
}

export function parseShard(text: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(text);
  const index = Number(m?.[1]);
  const count = Number(m?.[2]);
  if (!m || count < 1 || index < 1 || index > count)
    throw new Error(`--shard takes i/n with 1 ≤ i ≤ n (e.g. 2/4); got "${text}"`);
  return { index, count };
}

/** Every n-th task by key order, from the i-th: the same split on every machine. */
export function shardOf(tasks: readonly Task[], shard: Shard): Task[] {
  return [...tasks].sort((a, b) => a.key.localeCompare(b.key)).filter((_, i) => i % shard.count === shard.index - 1);
}
