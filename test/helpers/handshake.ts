import { PROTOCOL_VERSION } from "../../protocol/src/index.js";
import type { RawPeer } from "./raw-peer.js";

/** Say a good hello as a live Blender would; resolves with the session, throws if refused. */
export async function authenticate(peer: RawPeer, token: string, role: "live" | "worker" = "live"): Promise<{ sessionId: string }> {
  const reply = await peer.request("session.hello", { role, protocolVersion: PROTOCOL_VERSION, token, blenderVersion: "test", file: "" });
  if (!reply || reply.error) throw new Error(`hello refused: ${JSON.stringify(reply?.error)}`);
  return reply.result as { sessionId: string };
}
