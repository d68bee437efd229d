import type WebSocket from "ws";

/**
 * Set the largest message one connection may send.
 *
 * `ws` has one `maxPayload` per server and declined a per-connection setter
 * (websockets/ws#1473), but we need a small limit until a peer has proved it holds the
 * token and the full one after. So this sets the limit that ws's own receiver checks on
 * every frame: a peer over it is closed with 1009 and the rest of its bytes are drained,
 * never buffered. hostile-peers.test.ts fails if a ws release moves the field.
 */
export function setMessageLimit(ws: WebSocket, bytes: number): void {
  const receiver = (ws as unknown as { _receiver?: { _maxPayload?: unknown } })._receiver;
  if (typeof receiver?._maxPayload !== "number")
    throw new Error("this ws release does not expose its receiver's message limit; update setMessageLimit");
  receiver._maxPayload = bytes;
}
