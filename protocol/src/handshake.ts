import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/**
 * Mutual authentication without sending the token. The Blender says hello with a nonce;
 * the sidecar answers with its own nonce and a proof over both; the Blender checks that
 * proof before it sends anything else, then proves itself the same way. Each proof is an
 * HMAC-SHA256, keyed by the token (a worker's own one-time key for workers), of a
 * transcript that names the side proving, so one side's proof is never valid for the other.
 * The add-on mirrors this in `blender_agent/transport/handshake.py` (a test keeps them equal).
 */
export type ProofSide = "sidecar" | "blender";

export interface Transcript {
  role: string;
  workerId?: string;
  blenderNonce: string;
  sidecarNonce: string;
}

const LABEL = "blender-agent-handshake-v2";

export function handshakeProof(key: string, side: ProofSide, t: Transcript): string {
  const message = [LABEL, side, t.role, t.workerId ?? "", t.blenderNonce, t.sidecarNonce].join("\n");
  return createHmac("sha256", key).update(message).digest("hex");
}

/** Constant-time comparison of a proof received with the one expected. */
export function proofMatches(expected: string, received: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(received);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function newNonce(): string {
  return randomBytes(32).toString("base64url");
}
