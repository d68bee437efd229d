import { randomBytes, randomUUID, timingSafeEqual } from "node:crypto";
import { EventEmitter } from "node:events";
import type { IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { JSONRPCErrorException } from "json-rpc-2.0";
import { WebSocketServer } from "ws";
import type WebSocket from "ws";
import { z } from "zod";
import {
  ErrorCode,
  HELLO_TIMEOUT_MS,
  HelloParams,
  MAX_MESSAGE_BYTES,
  PROTOCOL_VERSION,
  protocolCompatible,
} from "../../../protocol/src/index.js";
import { logger } from "../log.js";
import { Admission, PreAuthLimits } from "./admission.js";
import { BlenderSession, CLOSE_POLICY } from "./blender-session.js";
import { setMessageLimit } from "./message-limit.js";

export const HubOptions = z
  .object({
    host: z.string().default("127.0.0.1"),
    port: z.number().int().min(0).max(65535).default(0),
    /** Session token; a random one is made when absent. */
    token: z.string().min(16).optional(),
    /** Browser origins allowed to connect (e.g. the dashboard's). Others are refused. */
    allowedOrigins: z.array(z.string()).default([]),
    /** Largest message from an authenticated peer. */
    maxMessageBytes: z.number().int().positive().default(MAX_MESSAGE_BYTES),
    helloTimeoutMs: z.number().int().positive().default(HELLO_TIMEOUT_MS),
    /** Smaller limits for peers that have not authenticated yet. */
    preAuth: PreAuthLimits.prefault({}),
  })
  .strict();
export type HubOptions = z.input<typeof HubOptions>;

const log = logger("hub");

/**
 * The WebSocket server every Blender connects to. A connection becomes a session once
 * its `session.hello` carries the right token and a compatible protocol version;
 * anything else is answered with a clear error and closed (code 1008).
 * Emits `session` (BlenderSession) after a good hello.
 */
export class Hub extends EventEmitter {
  readonly sessions = new Map<string, BlenderSession>();
  readonly token: string;
  private readonly options: z.output<typeof HubOptions>;
  private readonly admission: Admission;
  private wss!: WebSocketServer;

  private constructor(options: z.output<typeof HubOptions>) {
    super();
    this.options = options;
    this.admission = new Admission(options.preAuth);
    this.token = options.token ?? randomBytes(24).toString("base64url");
  }

  static async start(options: HubOptions = {}): Promise<Hub> {
    const hub = new Hub(HubOptions.parse(options));
    await hub.listen();
    return hub;
  }

  get url(): string {
    const address = this.wss.address() as AddressInfo;
    const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
    return `ws://${host}:${address.port}`;
  }

  private listen(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.wss = new WebSocketServer({
        host: this.options.host,
        port: this.options.port,
        maxPayload: this.options.maxMessageBytes,
        verifyClient: (info, done) => this.verifyClient(info.req, done),
      });
      this.wss.once("listening", () => {
        log.info(`listening on ${this.url}`);
        resolve();
      });
      this.wss.once("error", (err: NodeJS.ErrnoException) => {
        reject(
          err.code === "EADDRINUSE"
            ? new Error(`port ${this.options.port} on ${this.options.host} is already in use: is another sidecar running? Choose another with --port.`)
            : err,
        );
      });
      this.wss.on("connection", (ws, req) => this.accept(ws, req));
    });
  }

  /**
   * At the upgrade. Browsers send an Origin header; Blender's client does not: unknown
   * origins are refused. Then the limits on peers that have not authenticated.
   */
  private verifyClient(req: IncomingMessage, done: (ok: boolean, code?: number, message?: string) => void): void {
    const origin = req.headers.origin;
    if (origin !== undefined && !this.options.allowedOrigins.includes(origin)) {
      log.warn(`refused a connection from browser origin ${origin}`);
      return done(false, 403, `origin ${origin} is not allowed`);
    }
    const refusal = this.admission.check(peerAddress(req));
    if (refusal) {
      log.warn(`refused a connection from ${peerAddress(req)}: ${refusal.message}`);
      return done(false, refusal.status, refusal.message);
    }
    done(true);
  }

  private accept(ws: WebSocket, req: IncomingMessage): void {
    const session = new BlenderSession(randomUUID().slice(0, 8), ws, log);
    log.debug(`connection ${session.id} from ${peerAddress(req)}`);
    const settle = this.admission.opened(peerAddress(req));
    try {
      setMessageLimit(ws, this.options.preAuth.maxMessageBytes);
    } catch (err) {
      log.error((err as Error).message);
      ws.terminate();
    }
    const helloTimer = setTimeout(() => {
      log.warn(`connection ${session.id} sent no hello within ${this.options.helloTimeoutMs} ms; closing`);
      session.close(CLOSE_POLICY, "no session.hello received in time");
    }, this.options.helloTimeoutMs);
    // Until the hello succeeds, the only method this side answers is session.hello.
    session.server.addMethod("session.hello", (params: unknown) => {
      clearTimeout(helloTimer);
      return this.hello(session, params);
    });
    session.once("authenticated", () => {
      settle("authenticated");
      setMessageLimit(ws, this.options.maxMessageBytes);
    });
    session.once("close", (code: number, reason: string) => {
      clearTimeout(helloTimer);
      settle("failed"); // no-op once authenticated
      // A worker closed by its pool (1001, going away) is routine; anything else is news.
      const level = session.role === "worker" && code === 1001 ? "debug" : "info";
      if (this.sessions.delete(session.id)) log[level](`${session.label} disconnected (code ${code}${reason ? `: ${reason}` : ""})`);
    });
  }

  private hello(session: BlenderSession, params: unknown) {
    const refuse = (message: string, code: number = ErrorCode.Unauthorized): never => {
      log.warn(`refused connection ${session.id}: ${message}`);
      setImmediate(() => session.close(CLOSE_POLICY, message));
      throw new JSONRPCErrorException(message, code);
    };
    if (session.hello) refuse("session.hello was already received on this connection", ErrorCode.InvalidRequest);
    const parsed = HelloParams.safeParse(params);
    if (!parsed.success) return refuse(`invalid session.hello: ${z.prettifyError(parsed.error)}`, ErrorCode.InvalidParams);
    const hello = parsed.data;
    if (!tokensEqual(hello.token, this.token)) return refuse("wrong session token");
    if (!protocolCompatible(hello.protocolVersion, PROTOCOL_VERSION)) {
      return refuse(`protocol version ${hello.protocolVersion} is not compatible with the sidecar's ${PROTOCOL_VERSION}; update the add-on or the sidecar`);
    }
    session.hello = hello;
    session.emit("authenticated");
    this.sessions.set(session.id, session);
    log.info(`${session.label} connected (Blender ${hello.blenderVersion}${hello.file ? `, ${hello.file}` : ""})`);
    setImmediate(() => this.emit("session", session));
    return { sessionId: session.id, protocolVersion: PROTOCOL_VERSION };
  }

  /** Resolve with the first session (already connected or coming) that matches. */
  waitForSession(match: (s: BlenderSession) => boolean, timeoutMs: number, what = "a Blender session"): Promise<BlenderSession> {
    for (const s of this.sessions.values()) if (match(s)) return Promise.resolve(s);
    return new Promise((resolve, reject) => {
      const onSession = (s: BlenderSession) => {
        if (!match(s)) return;
        clearTimeout(timer);
        this.off("session", onSession);
        resolve(s);
      };
      const timer = setTimeout(() => {
        this.off("session", onSession);
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
      }, timeoutMs);
      this.on("session", onSession);
    });
  }

  /** Close every connection (politely, then by force after `graceMs`) and stop listening. */
  async close(graceMs = 1000): Promise<void> {
    const open = [...this.wss.clients];
    for (const client of open) client.close(1001, "sidecar shutting down");
    const closed = Promise.all(open.map((c) => new Promise((resolve) => (c.readyState === c.CLOSED ? resolve(null) : c.once("close", resolve)))));
    await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, graceMs).unref())]);
    for (const client of this.wss.clients) client.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }
}

function tokensEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}

/** The peer's address, for limits and logs ("local socket" for Unix sockets). */
function peerAddress(req: IncomingMessage): string {
  return req.socket.remoteAddress ?? "local socket";
}
