import { z } from "zod";
import type { BlenderMethod, Params, ParamsIn, Result } from "../../../protocol/src/index.js";
import { blenderMethods, ErrorCode } from "../../../protocol/src/index.js";
import type { PeerSession } from "./peer-session.js";
import { wasPreviewed } from "./previewed-programs.js";
import { BlenderRpcError } from "./rpc-error.js";

export interface CallOptions {
  timeoutMs?: number;
}

export const DEFAULT_TIMEOUT_MS = 60_000;
/** Beyond a live program's own deadline, how long its (Timeout) answer may take to arrive. */
const LIVE_REPLY_MARGIN_MS = 5_000;

/**
 * Typed calls to one Blender, live or worker: params are checked against `protocol/`
 * before they are sent, results after they arrive. Nothing unvalidated gets through.
 */
export class BlenderClient {
  constructor(readonly session: PeerSession) {}

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
      throw new BlenderRpcError(
        ErrorCode.WrongRole,
        `${method} needs a ${spec.roles.join(" or ")} Blender; ${this.session.label} is ${role}`,
        undefined,
        method,
      );
    }
    let timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    if (method === "program.run" && role === "live") {
      const run = parsedParams.data as Params<"program.run">;
      if (!wasPreviewed(run.code)) {
        throw new BlenderRpcError(
          ErrorCode.NotPreviewed,
          "this program has not run cleanly in a worker of this sidecar run, " +
            "so it does not run in the artist's Blender: preview it in a worker first",
          undefined,
          method,
        );
      }
      // The add-on stops the program at its deadline; the answer then still needs to arrive.
      timeoutMs = run.timeoutMs + LIVE_REPLY_MARGIN_MS;
    }
    const raw = await this.session.request(method, parsedParams.data, timeoutMs);
    const parsedResult = spec.result.safeParse(raw);
    if (!parsedResult.success) {
      throw new BlenderRpcError(
        ErrorCode.BadResult,
        `${this.session.label} answered ${method} with a result that does not match the protocol: ` +
          `${z.prettifyError(parsedResult.error)}`,
        parsedResult.error.issues,
        method,
      );
    }
    return parsedResult.data as Result<M>;
  }

  /** A notification (a method whose result is null): validated like a call, not waited on. */
  notify<M extends BlenderMethod>(method: M, params: ParamsIn<M>): void {
    const parsed = blenderMethods[method].params.safeParse(params);
    if (!parsed.success) throw new Error(`invalid params for ${method}: ${z.prettifyError(parsed.error)}`);
    this.session.notify(method, parsed.data);
  }
}
