import { randomBytes, randomUUID } from "node:crypto";
import { EventEmitter } from "node:events";
import type { IncomingMessage, Server } from "node:http";
import { JSONRPCErrorException } from "json-rpc-2.0";
import type WebSocket from "ws";
import { WebSocketServer } from "ws";
import { z } from "zod";
import { ErrorCode, HELLO_TIMEOUT_MS, MAX_MESSAGE_BYTES, type ServedMethod } from "../../../protocol/src/index.js";
import { logger } from "../log.js";
import { Admission, PreAuthLimits } from "./admission.js";
import { Authenticator, type Challenge, HandshakeRefusal } from "./authenticator.js";
import { closeServer, listenLocal, listenTcp, type RequestHandler, tcpUrl, type UpgradeHandler } from "./listeners.js";
import { setMessageLimit } from "./message-limit.js";
import { CLOSE_POLICY, PeerSession } from "./peer-session.js";
import { type MethodHandler, ServedMethods } from "./served-methods.js";

export const HubOptions = z
  .object({
    host: z.string().default("127.0.0.1"),
    port: z.number().int().min(0).max(65535).default(0),
    /** Session token; a random one is made when absent. */
    token: z.string().min(16).optional(),
    /** Browser origins allowed to connect besides the sidecar's own (the page it serves). Others are refused. */
    allowedOrigins: z.array(z.string()).default([]),
    /** Largest message from an authenticated peer. */
    maxMessageBytes: z.number().int().positive().default(MAX_MESSAGE_BYTES),
    helloTimeoutMs: z.number().int().positive().default(HELLO_TIMEOUT_MS),
    /** Also listen on a private Unix socket, for the workers this sidecar starts (not on Windows). */
    workerSocket: z.boolean().default(true),
    /** PEM certificate and key: serve wss:// (required off loopback, unless insecureNetwork). */
    tls: z
      .object({ cert: z.string().min(1), key: z.string().min(1) })
      .strict()
      .optional(),
    /** Serve plain ws:// on a non-loopback address anyway: the network sees every scene. */
    insecureNetwork: z.boolean().default(false),
    /** Smaller limits for peers that have not authenticated yet. */
    preAuth: PreAuthLimits.prefault({}),
  })
  .strict();
export type HubOptions = z.input<typeof HubOptions>;

const log = logger("hub");

/** Workers that may be starting at once on the Unix socket (a pool has at most 64). */
const LOCAL_PENDING_CONNECTIONS = 128;

/**
 * The WebSocket server every Blender connects to. A connection becomes a session once
 * both sides have proved they hold the token (session.hello, session.authenticate: see
 * protocol/src/handshake.ts) with a compatible protocol version; anything else is answered
 * with a clear error and closed (code 1008).
 * Emits `session` (PeerSession) once a peer has authenticated.
 */
export class Hub extends EventEmitter {
  readonly sessions = new Map<string, PeerSession>();
  private readonly authenticator: Authenticator;
  private readonly served = new ServedMethods();
  private readonly options: z.output<typeof HubOptions>;
  /** Limits for peers on TCP, and for the workers' own Unix socket (see admissionFor). */
  private readonly admission: Admission;
  private readonly localAdmission: Admission;
  private wss!: WebSocketServer;
  private tcp!: Server;
  private local: Awaited<ReturnType<typeof listenLocal>> | undefined;
  /** Plain HTTP requests by path prefix, longest first: the episode page ("/"), MCP ("/mcp"). */
  private readonly httpRoutes: { prefix: string; handler: RequestHandler }[] = [];

  private constructor(options: z.output<typeof HubOptions>) {
    super();
    this.options = options;
    this.admission = new Admission(options.preAuth);
    // The Unix socket is reachable only by this user and the sandboxed workers, and a pool
    // starts all its workers at once: a cap sized for a large pool, the same other limits.
    this.localAdmission = new Admission({
      ...options.preAuth,
      maxPendingConnections: Math.max(options.preAuth.maxPendingConnections, LOCAL_PENDING_CONNECTIONS),
    });
    this.authenticator = new Authenticator(options.token ?? randomBytes(24).toString("base64url"));
  }

  static async start(options: HubOptions = {}): Promise<Hub> {
    const parsed = HubOptions.parse(options);
    if (!isLoopback(parsed.host) && !parsed.tls && !parsed.insecureNetwork) {
      throw new Error(
        `${parsed.host} is not a loopback address: ` +
          `every scene, render and program would cross the network in the clear. ` +
          `Give --tls-cert and --tls-key to serve wss://, or --insecure-network to accept that.`,
      );
    }
    if (!isLoopback(parsed.host) && !parsed.tls)
      log.warn(
        `serving plain ws:// on ${parsed.host} (--insecure-network): ` +
          `anyone on the network can watch every scene, render and program`,
      );
    const hub = new Hub(parsed);
    await hub.listen();
    return hub;
  }

  /** The session token a live Blender proves it holds (never sent on the wire). */
  get token(): string {
    return this.authenticator.token;
  }

  get url(): string {
    return tcpUrl(this.tcp);
  }

  /** The address of the episode page and of MCP over HTTP (plain requests go to `serveHttp` routes). */
  get pageUrl(): string {
    return this.url.replace(/^ws/, "http");
  }

  /**
   * The origins a page served by this hub has: its own address, and the loopback names
   * when it listens on loopback. A page of any other origin (a DNS-rebound one included:
   * its origin names the attacker's host) is refused.
   */
  get ownOrigins(): string[] {
    const { port } = new URL(this.url);
    const scheme = this.options.tls ? "https" : "http";
    const hosts = isLoopback(this.options.host) ? ["127.0.0.1", "localhost", "[::1]"] : [this.options.host];
    return hosts.map((h) => `${scheme}://${h}:${port}`);
  }

  /**
   * Answer plain HTTP requests on the TCP listener whose path is `prefix` or below it with
   * `handler` (the episode page at "/", MCP at "/mcp"); the longest prefix wins. Requests
   * whose Host is not this sidecar's own never reach a handler (421).
   */
  serveHttp(prefix: string, handler: RequestHandler): void {
    this.httpRoutes.push({ prefix, handler });
    this.httpRoutes.sort((a, b) => b.prefix.length - a.prefix.length);
  }

  private routeHttp(): RequestHandler | undefined {
    if (this.httpRoutes.length === 0) return undefined;
    return (req, res) => {
      // Only under this sidecar's own names: a DNS-rebound name (an attacker's page that now
      // resolves to loopback) is refused before any route sees the request.
      const hosts = this.ownOrigins.map((o) => new URL(o).host);
      if (!req.headers.host || !hosts.includes(req.headers.host)) {
        res
          .writeHead(421, { "Content-Type": "text/plain" })
          .end(`this sidecar answers only as ${hosts.join(" or ")}\n`);
        return;
      }
      const path = (req.url ?? "/").split("?")[0]!;
      const route = this.httpRoutes.find(
        (r) => r.prefix === "/" || path === r.prefix || path.startsWith(`${r.prefix}/`),
      );
      if (route) return route.handler(req, res);
      res.writeHead(404, { "Content-Type": "text/plain" }).end("not found\n");
    };
  }

  /** The Unix socket the workers this sidecar starts connect through (none on Windows). */
  get workerSocket(): string | undefined {
    return this.local?.socketPath;
  }

  private async listen(): Promise<void> {
    this.wss = new WebSocketServer({
      noServer: true,
      maxPayload: this.options.maxMessageBytes,
      verifyClient: (info, done) => this.verifyClient(info.req, done),
    });
    this.wss.on("connection", (ws, req) => this.accept(ws, req));
    const upgrade: UpgradeHandler = (req, socket, head) =>
      this.wss.handleUpgrade(req, socket, head, (ws) => this.wss.emit("connection", ws, req));
    this.tcp = await listenTcp(this.options.host, this.options.port, upgrade, this.options.tls, () => this.routeHttp());
    if (this.options.workerSocket && process.platform !== "win32") {
      try {
        this.local = await listenLocal(upgrade);
      } catch (err) {
        await closeServer(this.tcp);
        throw err;
      }
    }
    log.info(`listening on ${this.url}${this.local ? ` and, for workers, ${this.local.socketPath}` : ""}`);
  }

  /**
   * At the upgrade. Browsers send an Origin header; Blender's client does not: origins other
   * than the sidecar's own and those allowed are refused. Then the limits on peers that have
   * not authenticated.
   */
  private verifyClient(req: IncomingMessage, done: (ok: boolean, code?: number, message?: string) => void): void {
    const origin = req.headers.origin;
    if (origin !== undefined && !this.options.allowedOrigins.includes(origin) && !this.ownOrigins.includes(origin)) {
      log.warn(`refused a connection from browser origin ${origin}`);
      done(false, 403, `origin ${origin} is not allowed`);
      return;
    }
    const refusal = this.admissionFor(req).check(peerAddress(req));
    if (refusal) {
      log.warn(`refused a connection from ${peerAddress(req)}: ${refusal.message}`);
      done(false, refusal.status, refusal.message);
      return;
    }
    done(true);
  }

  private admissionFor(req: IncomingMessage): Admission {
    return req.socket.remoteAddress === undefined ? this.localAdmission : this.admission;
  }

  private accept(ws: WebSocket, req: IncomingMessage): void {
    const session = new PeerSession(randomUUID().slice(0, 8), ws, log);
    log.debug(`connection ${session.id} from ${peerAddress(req)}`);
    const settle = this.admissionFor(req).opened(peerAddress(req));
    try {
      setMessageLimit(ws, this.options.preAuth.maxMessageBytes);
    } catch (err) {
      log.error((err as Error).message);
      ws.terminate();
    }
    const helloTimer = setTimeout(() => {
      log.warn(`connection ${session.id} did not authenticate within ${this.options.helloTimeoutMs} ms; closing`);
      session.close(CLOSE_POLICY, "no session.hello and session.authenticate received in time");
    }, this.options.helloTimeoutMs);
    // The handshake's two steps; every other method refuses a peer that has not done them.
    this.served.install(session);
    let challenge: Challenge | undefined;
    session.server.addMethod("session.hello", (params: unknown) =>
      this.handshakeStep(session, () => {
        if (challenge)
          throw new HandshakeRefusal("session.hello was already received on this connection", ErrorCode.InvalidRequest);
        const answer = this.authenticator.hello(params);
        challenge = answer.challenge;
        return answer.result;
      }),
    );
    session.server.addMethod("session.authenticate", (params: unknown) =>
      this.handshakeStep(session, () => {
        if (!challenge) throw new HandshakeRefusal("say session.hello first", ErrorCode.InvalidRequest);
        if (session.hello)
          throw new HandshakeRefusal("this connection is already authenticated", ErrorCode.InvalidRequest);
        session.hello = this.authenticator.authenticate(challenge, params);
        return this.admit(session);
      }),
    );
    session.once("authenticated", () => {
      clearTimeout(helloTimer);
      settle("authenticated");
      setMessageLimit(ws, this.options.maxMessageBytes);
    });
    session.once("close", (code: number, reason: string) => {
      clearTimeout(helloTimer);
      settle("failed"); // no-op once authenticated
      // A worker closed by its pool (1001, going away) is routine; anything else is news.
      const level = session.role === "worker" && code === 1001 ? "debug" : "info";
      if (this.sessions.delete(session.id))
        log[level](`${session.label} disconnected (code ${code}${reason ? `: ${reason}` : ""})`);
    });
  }

  /** Run one step of the handshake; a refusal answers the peer and closes the connection (1008). */
  private handshakeStep<T>(session: PeerSession, step: () => T): T {
    try {
      return step();
    } catch (err) {
      if (!(err instanceof HandshakeRefusal)) throw err;
      log.warn(`refused connection ${session.id}: ${err.message}`);
      setImmediate(() => session.close(CLOSE_POLICY, err.message));
      throw new JSONRPCErrorException(err.message, err.code);
    }
  }

  /** The handshake succeeded: the peer becomes a session others can use. */
  private admit(session: PeerSession): { sessionId: string } {
    const who = session.hello!;
    session.emit("authenticated");
    this.sessions.set(session.id, session);
    // A page's "blenderVersion" is its browser's user agent: the label says enough.
    if (who.role === "page") log.info(`${session.label} connected`);
    else log.info(`${session.label} connected (Blender ${who.blenderVersion}${who.file ? `, ${who.file}` : ""})`);
    setImmediate(() => this.emit("session", session));
    return { sessionId: session.id };
  }

  /**
   * Serve one of the protocol's sidecar methods to every peer whose role it lists (see
   * ServedMethods for the checks before `handler` runs).
   */
  handle<M extends ServedMethod>(method: M, handler: MethodHandler<M>): void {
    this.served.handle(method, handler);
  }

  /** A one-time key for a worker about to start (see Authenticator). */
  expectWorker(workerId: string): string {
    return this.authenticator.expectWorker(workerId);
  }

  forgetWorker(workerId: string): void {
    this.authenticator.forgetWorker(workerId);
  }

  /** Resolve with the first session (already connected or coming) that matches. */
  waitForSession(
    match: (s: PeerSession) => boolean,
    timeoutMs: number,
    what = "a Blender session",
  ): Promise<PeerSession> {
    for (const s of this.sessions.values()) if (match(s)) return Promise.resolve(s);
    return new Promise((resolve, reject) => {
      const onSession = (s: PeerSession) => {
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
    const closed = Promise.all(
      open.map((c) => new Promise((resolve) => (c.readyState === c.CLOSED ? resolve(null) : c.once("close", resolve)))),
    );
    await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, graceMs).unref())]);
    for (const client of this.wss.clients) client.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    await Promise.all([closeServer(this.tcp), this.local?.close()]);
  }
}

/** The peer's address, for limits and logs ("local socket" for Unix sockets). */
function peerAddress(req: IncomingMessage): string {
  return req.socket.remoteAddress ?? "local socket";
}

/** Whether `host` is only reachable from this machine. */
export function isLoopback(host: string): boolean {
  return host === "localhost" || host === "::1" || /^127(\.\d{1,3}){3}$/.test(host);
}
