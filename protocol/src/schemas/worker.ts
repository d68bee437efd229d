import { z } from "zod";
import { ProgramSource } from "./program.js";
import { RenderedView, RenderSettings, View } from "./render.js";

/** The agent loop's hot path: reset to a loaded scene, run a program, render views. */
export const EvaluateParams = z
  .object({
    sceneId: z.string().min(1),
    code: ProgramSource,
    views: z.array(View).min(1).max(16),
    settings: RenderSettings.default({ engine: "WORKBENCH", width: 256, height: 256, samples: 16, seed: 0 }),
    /** Also say how much of each object the views see (`visibility` in the result). */
    visibility: z.boolean().optional(),
  })
  .strict();

/**
 * Per object that renders (meshes, curves, text, metaballs): `seen`, the share of sample
 * points of its bounding box that some view sees, unhidden by any other object (0 when it
 * has left every view or something covers it), `inside`, the share of those points that
 * lie within another object deeper than a tenth of the object's height, `sunk`, how deep
 * the deepest of them lies (metres up to the top of what it sank into, 0 when none) and
 * `sunkInto`, the object that is (all three absent from workers and records made before
 * them), `box`, its world-space bounding box
 * (min x, y, z, max x, y, z), so a caller can tell which objects a program moved, and
 * `frame`, where each view's frame has the box's centre ([x, y] from the top left, in
 * shares of the frame's width and height; null behind the camera; absent from workers
 * made before it).
 */
export const ObjectVisibility = z.record(
  z.string(),
  z.object({
    seen: z.number().min(0).max(1),
    inside: z.number().min(0).max(1).optional(),
    sunk: z.number().min(0).optional(),
    sunkInto: z.string().optional(),
    box: z.array(z.number()).length(6),
    frame: z.array(z.tuple([z.number(), z.number()]).nullable()).optional(),
  }),
);
export type ObjectVisibility = z.infer<typeof ObjectVisibility>;

export const EvaluateResult = z.object({
  images: z.array(RenderedView),
  engine: z.string(),
  stdout: z.string(),
  timing: z.object({ resetMs: z.number(), programMs: z.number(), renderMs: z.number(), totalMs: z.number() }),
  visibility: ObjectVisibility.optional(),
});

export const UndoParams = z.object({ steps: z.number().int().min(1).max(100).default(1) }).strict();
export const UndoResult = z.object({ undone: z.number().int() });
