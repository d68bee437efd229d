import { z } from "zod";
import type { TaskSelection } from "../tasks/task-loader.js";
import { CATEGORIES } from "../tasks/task-schema.js";

/** The flags that pick tasks, shared by tasks:validate and tasks:sheet: which ones, from which task root. */
export const taskFlagShape = {
  category: z.enum(CATEGORIES).optional(),
  task: z.string().min(1).optional(),
  "tasks-dir": z.string().min(1).optional(),
};

export const TASK_FLAG_OPTIONS = {
  category: { type: "string" },
  task: { type: "string" },
  "tasks-dir": { type: "string" },
} as const;

export function taskSelectionFrom(flags: { category?: string; task?: string; "tasks-dir"?: string }): TaskSelection {
  return { category: flags.category, task: flags.task, root: flags["tasks-dir"] };
}
