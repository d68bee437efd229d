import { z } from "zod";
import { Matrix4, Name, PngBase64 } from "./common.js";

export const Engine = z.enum(["WORKBENCH", "EEVEE", "CYCLES"]);
export type Engine = z.infer<typeof Engine>;

/** A view is a camera object in the scene, or an explicit camera (e.g. the artist's viewport). */
export const View = z.union([
  z.object({ camera: Name }).strict(),
  z
    .object({
      name: z.string().min(1).max(64),
      matrixWorld: Matrix4,
      projection: z.enum(["PERSP", "ORTHO"]).default("PERSP"),
      lens: z.number().positive().default(50),
      sensorWidth: z.number().positive().default(36),
      orthoScale: z.number().positive().default(6),
      clipStart: z.number().positive().default(0.01),
      clipEnd: z.number().positive().default(1000),
    })
    .strict(),
]);
export type View = z.input<typeof View>;

export const RenderSettings = z
  .object({
    engine: Engine.default("WORKBENCH"),
    width: z.number().int().min(8).max(4096).default(256),
    height: z.number().int().min(8).max(4096).default(256),
    /** Cycles samples or EEVEE TAA samples; ignored by Workbench. */
    samples: z.number().int().min(1).max(4096).default(16),
    /** Cycles seed; fixed so renders are repeatable. */
    seed: z.number().int().min(0).default(0),
  })
  .strict();
export type RenderSettings = z.input<typeof RenderSettings>;

export const RenderViewsParams = z
  .object({
    views: z.array(View).min(1).max(16),
    settings: RenderSettings.default({ engine: "WORKBENCH", width: 256, height: 256, samples: 16, seed: 0 }),
  })
  .strict();

export const RenderedView = z.object({
  view: z.string(),
  png: PngBase64,
  width: z.number().int(),
  height: z.number().int(),
  renderMs: z.number(),
});
export type RenderedView = z.infer<typeof RenderedView>;

export const RenderViewsResult = z.object({
  images: z.array(RenderedView),
  /** The engine identifier Blender actually used (e.g. BLENDER_EEVEE_NEXT on 4.2+). */
  engine: z.string(),
  renderMs: z.number(),
});

export const RenderViewportParams = z
  .object({
    /** Scale the viewport's own size; 1 = the size the artist sees. */
    scale: z.number().positive().max(4).default(1),
  })
  .strict();

export const RenderViewportResult = z.object({
  png: PngBase64,
  width: z.number().int(),
  height: z.number().int(),
  /** A view that a worker can render from the same point of view. */
  view: View,
  /** World → view and view → clip matrices of the viewport, row-major. */
  viewMatrix: Matrix4,
  projectionMatrix: Matrix4,
});
