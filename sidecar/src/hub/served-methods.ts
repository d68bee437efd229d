import { JSONRPCErrorException } from "json-rpc-2.0";
import { z } from "zod";
import {
  ErrorCode,
  type ServedMethod,
  type SidecarParams,
  type SidecarResult,
  sidecarMethods,
} from "../../../protocol/src/index.js";
import type { PeerSession } from "./peer-session.js";

export type MethodHandler<M extends ServedMethod> = (
  params: SidecarParams<M>,
  peer: PeerSession,
) => SidecarResult<M> | Promise<SidecarResult<M>>;

const HANDSHAKE = new Set<string>(["session.hello", "session.authenticate"]);

/**
 * The sidecar's own methods as peers call them, behind three checks in this order: the
 * peer has authenticated (else Unauthorized), its role is one the method lists in
 * protocol/src/methods.ts (else WrongRole), its params match the method's schema (else
 * Invalid params, naming the field). Then the handler, registered by whoever serves that
 * method (the episode API, the agent's options). A method of the protocol nobody
 * registered is Method not found, with the reason.
 */
export class ServedMethods {
  private readonly handlers = new Map<ServedMethod, MethodHandler<ServedMethod>>();

  handle<M extends ServedMethod>(method: M, handler: MethodHandler<M>): void {
    if (this.handlers.has(method)) throw new Error(`${method} already has a handler`);
    this.handlers.set(method, handler as unknown as MethodHandler<ServedMethod>);
  }

  /** Answer every served method on this peer's connection, through the checks above. */
  install(peer: PeerSession): void {
    for (const method of Object.keys(sidecarMethods) as ServedMethod[]) {
      if (HANDSHAKE.has(method)) continue;
      peer.server.addMethod(method, (params: unknown) => this.call(method, params, peer));
    }
  }

  private async call(method: ServedMethod, params: unknown, peer: PeerSession): Promise<unknown> {
    const spec = sidecarMethods[method];
    if (!peer.role)
      throw new JSONRPCErrorException(
        `${method}: say session.hello and session.authenticate first`,
        ErrorCode.Unauthorized,
      );
    if (!(spec.roles as readonly string[]).includes(peer.role))
      throw new JSONRPCErrorException(
        `${method} is not for a ${peer.role} peer (only ${spec.roles.join(", ")})`,
        ErrorCode.WrongRole,
      );
    const handler = this.handlers.get(method);
    if (!handler) throw new JSONRPCErrorException(`${method} is not served by this sidecar`, ErrorCode.MethodNotFound);
    const parsed = spec.params.safeParse(params ?? {});
    if (!parsed.success)
      throw new JSONRPCErrorException(
        `Invalid params for ${method}: ${z.prettifyError(parsed.error)}`,
        ErrorCode.InvalidParams,
      );
    try {
      return await handler(parsed.data as SidecarParams<ServedMethod>, peer);
    } catch (err) {
      if (err instanceof JSONRPCErrorException) throw err;
      throw new JSONRPCErrorException(`${method} failed: ${(err as Error).message}`, ErrorCode.InternalError);
    }
  }
}
