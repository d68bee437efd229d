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
