import { z } from "zod";

/** A Blender data-block name (objects, cameras, materials...). */
export const Name = z.string().min(1).max(255);

export const Vec3 = z.tuple([z.number(), z.number(), z.number()]);
/** A 4×4 matrix, row-major (Blender's `Matrix` row order), 16 numbers. */
export const Matrix4 = z.array(z.number()).length(16);

/** PNG bytes, base64-encoded. Images travel in the message, never through shared files. */
export const PngBase64 = z.string().min(1).describe("PNG image, base64");

/** JSON value of a socket default or custom property, as Blender exposes it. */
export const JsonValue: z.ZodType<unknown> = z.lazy(() =>
  z.union([z.null(), z.boolean(), z.number(), z.string(), z.array(JsonValue), z.record(z.string(), JsonValue)]),
);

/**
 * What a peer of the sidecar is; its role decides which methods it answers and may call.
 * A Blender (the artist's, live, or a headless worker), or the episode page in a browser.
 */
export const PeerRole = z.enum(["live", "worker", "page"]);
export type PeerRole = z.infer<typeof PeerRole>;
