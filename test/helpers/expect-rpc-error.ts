import { expect } from "vitest";
import { BlenderRpcError } from "../../sidecar/src/hub/rpc-error.js";

/** Await a promise that must fail with a BlenderRpcError, and return that error. */
export async function rejection(promise: Promise<unknown>): Promise<BlenderRpcError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(BlenderRpcError);
  return err as BlenderRpcError;
}
