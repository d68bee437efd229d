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
  })
  .strict();

export const EvaluateResult = z.object({
  images: z.array(RenderedView),
  engine: z.string(),
  stdout: z.string(),
  timing: z.object({ resetMs: z.number(), programMs: z.number(), renderMs: z.number(), totalMs: z.number() }),
});

export const UndoParams = z.object({ steps: z.number().int().min(1).max(100).default(1) }).strict();
export const UndoResult = z.object({ undone: z.number().int() });
