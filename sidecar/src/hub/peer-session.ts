import { EventEmitter } from "node:events";
import type { JSONRPCRequest, JSONRPCResponse } from "json-rpc-2.0";
import { createJSONRPCErrorResponse, JSONRPCClient, JSONRPCErrorException, JSONRPCServer } from "json-rpc-2.0";
import type WebSocket from "ws";
import { ErrorCode } from "../../../protocol/src/index.js";
import type { Logger } from "../log.js";
import type { PeerIdentity } from "./authenticator.js";
import { BlenderRpcError } from "./rpc-error.js";

/** WebSocket close code for "policy violation": bad token, wrong version, no hello. */
export const CLOSE_POLICY = 1008;

/**
 * One connected peer (today always a Blender, live or worker): JSON-RPC in both
 * directions over one WebSocket.
 *
 * The transport (this class) knows nothing of the methods; the hub installs the
 * sidecar's own methods (the handshake) on `server`, and typed calls to a Blender go
 * through `BlenderClient`. Events: `authenticated` (the handshake succeeded); `close`
 * (code, reason); `response` (every reply received, including ones to requests sent raw).
 */
export class PeerSession extends EventEmitter {
  readonly server: JSONRPCServer;
  private readonly client: JSONRPCClient;
  /** Who the peer is, once it has authenticated. */
  hello: PeerIdentity | undefined;
  closed = false;
  closeReason = "";
  /** Set when the peer sent a message over the hub's size limit (ws then closes). */
  private overLimit = false;

  constructor(
    readonly id: string,
    private readonly ws: WebSocket,
    private readonly log: Logger,
  ) {
    super();
    // Refusals are thrown on purpose and logged where they happen; keep the library quiet.
    this.server = new JSONRPCServer({ errorListener: (message) => this.log.debug(message) });
    this.client = new JSONRPCClient((payload) => this.send(payload));
    ws.on("message", (data, isBinary) => this.onMessage(data, isBinary));
    ws.on("close", (code, reason) => this.onClose(code, reason.toString()));
    ws.on("error", (err: Error & { code?: string }) => {
      if (err.code === "WS_ERR_UNSUPPORTED_MESSAGE_LENGTH") {
        this.overLimit = true;
        if (this.hello) this.log.error(`${this.label} sent a message over the size limit; connection closed (1009)`);
        else
          this.log.warn(
            `${this.label} sent a message over the limit for peers that have not said hello; connection closed (1009)`,
          );
      } else {
        this.log.warn(`${this.label}: ${err.message}`);
      }
    });
  }

  get role() {
    return this.hello?.role;
  }

  get label(): string {
    const h = this.hello;
    if (!h) return `session ${this.id} (no hello yet)`;
    // A worker's own pid may be its sandbox's (the pool labels it with the real one).
    if (h.role === "page") return `page ${this.id}`;
    return h.role === "worker" ? `worker ${h.workerId ?? "?"}` : `live Blender ${h.blenderVersion}`;
  }

  private send(payload: unknown): void {
    if (this.closed)
      throw new BlenderRpcError(ErrorCode.BlenderGone, `${this.label} is disconnected (${this.closeReason})`);
    this.ws.send(JSON.stringify(payload));
  }

  private onMessage(data: WebSocket.RawData, isBinary: boolean): void {
    if (isBinary) {
      this.send(
        createJSONRPCErrorResponse(
          null,
          ErrorCode.InvalidRequest,
          "Invalid Request: binary frames are not part of the protocol",
        ),
      );
      return;
    }
    let message: unknown;
    try {
      message = JSON.parse(data.toString());
    } catch (err) {
      this.log.warn(`${this.label} sent invalid JSON: ${(err as Error).message}`);
      this.send(createJSONRPCErrorResponse(null, ErrorCode.ParseError, `Parse error: ${(err as Error).message}`));
      return;
    }
    const items = Array.isArray(message) ? message : [message];
    const isResponse =
      items.length > 0 && items.every((m) => isObject(m) && !("method" in m) && ("result" in m || "error" in m));
    if (isResponse) {
      this.emit("response", message);
      this.client.receive(message as JSONRPCResponse | JSONRPCResponse[]);
      return;
    }
    void this.answer(message).then(
      (reply) => {
        if (reply !== null && !this.closed) this.send(reply);
      },
      (err: unknown) => this.log.error(`${this.label}: handling a request failed: ${String(err)}`),
    );
  }

  /** The reply to a request or batch; a batch is answered item by item, always as an array. */
  private async answer(message: unknown): Promise<unknown> {
    if (!Array.isArray(message)) return this.answerOne(message);
    if (message.length === 0)
      return createJSONRPCErrorResponse(null, ErrorCode.InvalidRequest, "Invalid Request: empty batch");
    const replies = (await Promise.all(message.map((m) => this.answerOne(m)))).filter((r) => r !== null);
    return replies.length ? replies : null;
  }

  private answerOne(request: unknown): PromiseLike<unknown> {
    // The RPC library expects an object; anything else (null, a number, a nested batch) is ours to refuse.
    if (!isObject(request))
      return Promise.resolve(
        createJSONRPCErrorResponse(null, ErrorCode.InvalidRequest, "Invalid Request: expected an object"),
      );
    return this.server.receive(request as unknown as JSONRPCRequest);
  }

  private onClose(code: number, reason: string): void {
    this.closed = true;
    this.closeReason = this.overLimit ? "message over the size limit" : `code ${code}${reason ? `: ${reason}` : ""}`;
    this.client.rejectAllPendingRequests(`${this.label} disconnected (${this.closeReason})`);
    this.emit("close", code, reason);
  }

  /** Send a request and wait for its result (unvalidated; see BlenderClient). */
  async request(method: string, params: unknown, timeoutMs: number): Promise<unknown> {
    if (this.closed)
      throw new BlenderRpcError(
        ErrorCode.BlenderGone,
        `${this.label} is disconnected (${this.closeReason})`,
        undefined,
        method,
      );
    try {
      return await this.client
        .timeout(timeoutMs, (id) =>
          createJSONRPCErrorResponse(
            id,
            ErrorCode.Timeout,
            `${method} got no answer from ${this.label} within ${timeoutMs} ms`,
          ),
        )
        .request(method, params as Record<string, unknown>);
    } catch (err) {
      if (err instanceof BlenderRpcError) throw err;
      // A pending request rejected by the close carries no code of its own (0).
      if (err instanceof JSONRPCErrorException && !(this.closed && err.code === 0)) {
        throw new BlenderRpcError(err.code, err.message, err.data, method);
      }
      if (this.overLimit) {
        throw new BlenderRpcError(
          ErrorCode.TooLarge,
          `${this.label}'s reply to ${method} was over the hub's message size limit`,
          undefined,
          method,
        );
      }
      throw new BlenderRpcError(ErrorCode.BlenderGone, (err as Error).message, undefined, method);
    }
  }

  /** Send a notification (no reply expected); dropped quietly once the peer is gone. */
  notify(method: string, params: unknown): void {
    if (!this.closed) this.client.notify(method, params as Record<string, unknown>);
  }

  /** Send raw text (tests of the Blender side's handling of malformed input use this). */
  sendRaw(text: string): void {
    this.ws.send(text);
  }

  close(code = 1000, reason = ""): void {
    if (this.ws.readyState === this.ws.OPEN || this.ws.readyState === this.ws.CONNECTING)
      this.ws.close(code, closeReason(reason));
  }

  terminate(): void {
    this.ws.terminate();
  }
}

/** The most a close frame's reason may hold: 125 bytes of payload less the 2-byte code. */
const MAX_CLOSE_REASON_BYTES = 123;

/** A close reason cut to fit a close frame, by UTF-8 bytes and on a character boundary. */
export function closeReason(text: string): string {
  const bytes = Buffer.from(text);
  if (bytes.length <= MAX_CLOSE_REASON_BYTES) return text;
  let end = MAX_CLOSE_REASON_BYTES - 3; // room for the 3-byte "…"
  while (end > 0 && (bytes[end]! & 0xc0) === 0x80) end -= 1; // never inside a character
  return `${bytes.subarray(0, end).toString()}…`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
