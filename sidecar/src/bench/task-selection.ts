import { loadTasks, type Task } from "../tasks/task-loader.js";

/** Tasks named by `--tasks` in the shared grammar (see tasks/task-selection.ts); all tasks when absent. */
export function selectTasks(spec: string | undefined, root?: string): Task[] {
  const { tasks, errors } = loadTasks({ task: spec, root });
  if (errors.length) {
    throw new Error(`the task set has broken tasks: ${errors.map((e) => `${e.key} (${e.error})`).join("; ")}`);
  }
  return tasks;
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
