import { handshakeProof, newNonce, PROTOCOL_VERSION, proofMatches } from "../../protocol/src/index.js";
import type { RawPeer } from "./raw-peer.js";

/**
 * The whole handshake as a live Blender does it: hello with a nonce, check the sidecar's
 * proof, then prove. Resolves with the session; throws if either side is refused.
 */
export async function authenticate(
  peer: RawPeer,
  token: string,
  role: "live" | "worker" = "live",
  workerId?: string,
): Promise<{ sessionId: string }> {
  const blenderNonce = newNonce();
  const hello = await peer.request("session.hello", {
    role,
    protocolVersion: PROTOCOL_VERSION,
    nonce: blenderNonce,
    workerId,
  });
  if (!hello || hello.error) throw new Error(`hello refused: ${JSON.stringify(hello?.error)}`);
  const { nonce: sidecarNonce, proof } = hello.result as { nonce: string; proof: string };
  if (!proofMatches(handshakeProof(token, "sidecar", { role, workerId, blenderNonce, sidecarNonce }), proof))
    throw new Error("the sidecar's proof does not match the token");
  const auth = await peer.request("session.authenticate", {
    proof: handshakeProof(token, "blender", { role, workerId, blenderNonce, sidecarNonce }),
    blenderVersion: "test",
    file: "",
  });
  if (!auth || auth.error) throw new Error(`authenticate refused: ${JSON.stringify(auth?.error)}`);
  return auth.result as { sessionId: string };
}
