/**
 * JSON-RPC error codes. The standard range is JSON-RPC 2.0's own; the project range
 * (-32000 to -32019, inside the spec's "server error" block) marks failures that happen
 * inside Blender or in the sidecar's handling of a Blender. The Python add-on gets these
 * numbers from `blender_agent/protocol.py`, generated from here (`npm run protocol:schema`).
 */
export const ErrorCode = {
  // JSON-RPC 2.0 standard codes
  ParseError: -32700,
  InvalidRequest: -32600,
  MethodNotFound: -32601,
  InvalidParams: -32602,
  InternalError: -32603,
  // Project range: Blender-side failures
  /** The program raised an exception while running. `data` is a ProgramFailure. */
  ProgramRaised: -32000,
  /** The program has a syntax error; nothing was executed. `data` is a ProgramFailure. */
  ProgramSyntax: -32001,
  /** A render failed (no such camera, engine unavailable, write error). */
  RenderFailed: -32002,
  /** The request did not finish in time; a worker that timed out is replaced. */
  Timeout: -32003,
  /** The Blender is busy with another request, or the pool has no free worker in time. */
  Busy: -32004,
  /** A named object, camera, scene or snapshot does not exist. */
  NotFound: -32005,
  /** The method exists but not for this role (e.g. `render.viewport` on a worker). */
  WrongRole: -32006,
  /** The Blender process died or its connection closed while a request was in flight. */
  BlenderGone: -32007,
  /** The session was refused: bad token, protocol version mismatch, or no hello. */
  Unauthorized: -32008,
  /** A message exceeded the size limit. */
  TooLarge: -32009,
  /** The reply from Blender did not match the protocol's result schema. */
  BadResult: -32010,
  /** A worker ran out of its memory cap; it is replaced. */
  OutOfMemory: -32011,
  /** A program for the artist's Blender that has not run cleanly in a worker of this sidecar run. */
  NotPreviewed: -32012,
} as const;

export type ErrorCodeName = keyof typeof ErrorCode;

export function errorCodeName(code: number): string {
  const entry = Object.entries(ErrorCode).find(([, v]) => v === code);
  return entry ? entry[0] : `Error${code}`;
}
