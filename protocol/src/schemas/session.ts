import { z } from "zod";
import { Role } from "./common.js";

/** Blender → sidecar, the first message on every connection. */
export const HelloParams = z.object({
  role: Role,
  protocolVersion: z.string().regex(/^\d+\.\d+$/),
  token: z.string().min(1),
  blenderVersion: z.string(),
  /** Path of the open .blend file, or "" when unsaved. */
  file: z.string(),
  /** Set by workers the sidecar started, so it can pair the connection with its process. */
  workerId: z.string().optional(),
  pid: z.number().int().optional(),
});
export const HelloResult = z.object({
  sessionId: z.string(),
  protocolVersion: z.string(),
});

/** Sidecar → Blender: a no-op round trip (health check, latency benchmark). */
export const PingParams = z.object({}).strict();
export const PingResult = z.object({
  /** Blender's wall clock, seconds since the epoch. */
  time: z.number(),
});
