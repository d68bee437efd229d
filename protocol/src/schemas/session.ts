import { z } from "zod";
import { PeerRole } from "./common.js";

/** 32 random bytes, base64url without padding: one side's fresh challenge in the handshake. */
export const Nonce = z
  .string()
  .regex(/^[A-Za-z0-9_-]{43}$/, "a nonce is 32 random bytes, base64url without padding (43 characters)");
/** HMAC-SHA256 of the handshake transcript keyed by the token (see handshake.ts), lowercase hex. */
export const Proof = z.string().regex(/^[0-9a-f]{64}$/, "a proof is an HMAC-SHA256, 64 lowercase hex digits");

/**
 * Blender → sidecar, the first message on every connection. It carries no secret: only
 * what the sidecar needs to pick the key (role, worker id) and the Blender's nonce.
 */
export const HelloParams = z.object({
  role: PeerRole,
  protocolVersion: z.string().regex(/^\d+\.\d+$/),
  nonce: Nonce,
  /** Set by workers the sidecar started: it picks that worker's own one-time key. */
  workerId: z.string().min(1).max(64).optional(),
});
/** The sidecar's nonce, and its proof that it holds the key (the Blender checks it first). */
export const HelloResult = z.object({
  protocolVersion: z.string(),
  nonce: Nonce,
  proof: Proof,
});

/** Blender → sidecar, once the sidecar's proof checked out: the Blender's own proof, and who it is. */
export const AuthenticateParams = z.object({
  proof: Proof,
  blenderVersion: z.string().max(200),
  /** Path of the open .blend file, or "" when unsaved. */
  file: z.string().max(4096),
  pid: z.number().int().optional(),
});
export const AuthenticateResult = z.object({
  sessionId: z.string(),
});

/** Sidecar → Blender: a no-op round trip (health check, latency benchmark). */
export const PingParams = z.object({}).strict();
export const PingResult = z.object({
  /** Blender's wall clock, seconds since the epoch. */
  time: z.number(),
});
