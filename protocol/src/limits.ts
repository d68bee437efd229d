/**
 * Bounds on the wire. A message over `MAX_MESSAGE_BYTES` closes the connection with
 * WebSocket code 1009; both peers enforce it.
 */
export const MAX_MESSAGE_BYTES = 64 * 1024 * 1024;
/** A connection that has not said a valid hello within this time is closed. */
export const HELLO_TIMEOUT_MS = 5_000;
