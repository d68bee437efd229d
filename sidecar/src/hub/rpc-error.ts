import { ErrorCode, errorCodeName } from "../../../protocol/src/index.js";

/** A failed call to a Blender, with the JSON-RPC code that says what kind of failure. */
export class BlenderRpcError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly data?: unknown,
    readonly method?: string,
  ) {
    super(message);
    this.name = `BlenderRpcError(${errorCodeName(code)})`;
  }

  is(name: keyof typeof ErrorCode): boolean {
    return this.code === ErrorCode[name];
  }
}

/** Turn a failed call into the message and traceback a record or report keeps. */
export function describeFailure(err: unknown): { error: string; traceback?: string } {
  if (err instanceof BlenderRpcError) {
    const traceback = (err.data as { traceback?: string } | undefined)?.traceback;
    return traceback ? { error: err.message, traceback } : { error: err.message };
  }
  return { error: (err as Error).message };
}
