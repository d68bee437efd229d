import { z } from "zod";
import { Name, RenderSettings } from "../../../protocol/src/index.js";

export const CATEGORIES = ["placement", "lighting", "material", "blendshape", "geometry"] as const;
export const Category = z.enum(CATEGORIES);
export type Category = z.infer<typeof Category>;

/** Categories whose goals are ambiguous in depth from one view. */
const NEEDS_TWO_VIEWS: readonly Category[] = ["placement", "geometry"];
/** Categories scored with Chamfer distance on named objects. */
const NEEDS_CHAMFER: readonly Category[] = ["blendshape", "geometry"];

/** `tasks/<category>/<id>/task.json`. */
export const TaskSpec = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "lower-case letters, digits and dashes"),
    category: Category,
    /** One line that describes the change, for text-goal mode. */
    instruction: z
      .string()
      .min(10)
      .max(300)
      .refine((s) => !s.includes("\n"), "one line"),
    difficulty: z.enum(["easy", "medium", "hard"]),
    /** The scene-building script, relative to the task root, tasks/ by default (e.g. "scenes/tabletop.py"). */
    scene: z.string().regex(/^scenes\/[a-z0-9_]+\.py$/, 'a script under tasks/scenes/, e.g. "scenes/tabletop.py"'),
    render: RenderSettings,
    /** Camera objects the scene builder creates; BlenderGym names them Camera1, Camera2. */
    views: z.array(Name).min(1).max(8),
    /** Objects whose evaluated meshes are compared by Chamfer distance. */
    chamferObjects: z.array(Name).default([]),
  })
  .strict()
  .superRefine((task, ctx) => {
    if (NEEDS_TWO_VIEWS.includes(task.category) && task.views.length < 2) {
      ctx.addIssue({
        code: "custom",
        path: ["views"],
        message: `${task.category} tasks need at least two views so depth is not ambiguous`,
      });
    }
    if (NEEDS_CHAMFER.includes(task.category) && task.chamferObjects.length === 0) {
      ctx.addIssue({
        code: "custom",
        path: ["chamferObjects"],
        message: `${task.category} tasks are scored by Chamfer distance: name the objects`,
      });
    }
  });
export type TaskSpec = z.output<typeof TaskSpec>;
