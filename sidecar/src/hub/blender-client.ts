import { z } from "zod";
import { ErrorCode, blenderMethods } from "../../../protocol/src/index.js";
import type { BlenderMethod, ParamsIn, Result } from "../../../protocol/src/index.js";
import type { BlenderSession } from "./blender-session.js";
import { BlenderRpcError } from "./rpc-error.js";

export interface CallOptions {
  timeoutMs?: number;
}

export const DEFAULT_TIMEOUT_MS = 60_000;

/**
 * Typed calls to one Blender, live or worker: params are checked against `protocol/`
 * before they are sent, results after they arrive. Nothing unvalidated gets through.
 */
export class BlenderClient {
  constructor(readonly session: BlenderSession) {}

  async call<M extends BlenderMethod>(method: M, params: ParamsIn<M>, options: CallOptions = {}): Promise<Result<M>> {
    const spec = blenderMethods[method];
    const parsedParams = spec.params.safeParse(params);
    if (!parsedParams.success) {
      throw new BlenderRpcError(
        ErrorCode.InvalidParams,
        `invalid params for ${method}: ${z.prettifyError(parsedParams.error)}`,
        parsedParams.error.issues,
        method,
      );
    }
    const role = this.session.role;
    if (role && !(spec.roles as readonly string[]).includes(role)) {
      throw new BlenderRpcError(ErrorCode.WrongRole, `${method} needs a ${spec.roles.join(" or ")} Blender; ${this.session.label} is ${role}`, undefined, method);
    }
    const raw = await this.session.request(method, parsedParams.data, options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    const parsedResult = spec.result.safeParse(raw);
    if (!parsedResult.success) {
      throw new BlenderRpcError(
        ErrorCode.BadResult,
        `${this.session.label} answered ${method} with a result that does not match the protocol: ${z.prettifyError(parsedResult.error)}`,
        parsedResult.error.issues,
        method,
      );
    }
    return parsedResult.data as Result<M>;
  }
}
