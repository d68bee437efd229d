import { z } from "zod";
import { Name } from "./common.js";

export const GeometrySampleParams = z
  .object({
    objects: z.array(Name).min(1).max(256),
    /** Upper bound per object; larger meshes are subsampled with a fixed stride. */
    maxPoints: z.number().int().min(1).max(1_000_000).default(50_000),
  })
  .strict();

export const SampledObject = z.object({
  name: Name,
  /** Vertices of the evaluated mesh (modifiers and geometry nodes applied). */
  totalVertices: z.number().int(),
  count: z.number().int(),
  /** World-space xyz triples as little-endian float32, base64. */
  points: z.string(),
});

export const GeometrySampleResult = z.object({ objects: z.array(SampledObject) });
