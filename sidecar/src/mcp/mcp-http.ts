import { randomUUID, timingSafeEqual } from "node:crypto";
import type http from "node:http";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { isInitializeRequest } from "@modelcontextprotocol/sdk/types.js";
import type { Hub } from "../hub/hub-server.js";
import { logger } from "../log.js";
import { createMcpServer, type McpContext } from "./mcp-server.js";

const log = logger("mcp");

/** The path MCP answers on, on the hub's own address. */
export const MCP_PATH = "/mcp";
/** A request body past this is refused (a goal image or a program rides in it). */
const MAX_BODY_BYTES = 32 * 1024 * 1024;
/** Open MCP sessions at once; a client that leaks sessions cannot grow the sidecar without bound. */
const MAX_SESSIONS = 32;
/** A session nobody has used for this long is closed (clients may never send DELETE). */
const IDLE_SESSION_MS = 30 * 60_000;

function refuse(res: http.ServerResponse, status: number, message: string, headers: Record<string, string> = {}) {
  res.writeHead(status, { "Content-Type": "text/plain", ...headers }).end(`${message}\n`);
}

function holdsToken(req: http.IncomingMessage, token: string): boolean {
  const given = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1];
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function readBody(req: http.IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error(`the request is larger than ${MAX_BODY_BYTES} bytes`));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => {
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString("utf8")));
      } catch {
        reject(new Error("the request body is not JSON"));
      }
    });
    req.on("error", reject);
  });
}

/**
 * MCP over streamable HTTP on the hub's own address, at /mcp. Every request carries the
 * session token as a bearer token (compared in constant time, never logged), and a
 * browser's Origin must be the sidecar's own, so no web page can drive the artist's
 * Blender (the hub has already refused a Host that is not this sidecar's).
 */
export function serveMcpHttp(hub: Hub, ctx: McpContext): void {
  const sessions = new Map<string, StreamableHTTPServerTransport>();
  const lastUsed = new Map<string, number>();
  setInterval(() => {
    for (const [id, at] of lastUsed)
      if (Date.now() - at > IDLE_SESSION_MS) {
        log.info(`MCP session ${id.slice(0, 8)} idle for ${IDLE_SESSION_MS / 60_000} min; closed`);
        void sessions.get(id)?.close();
      }
  }, 60_000).unref();
  hub.serveHttp(MCP_PATH, (req, res) => {
    const origin = req.headers.origin;
    if (origin !== undefined && !hub.ownOrigins.includes(origin))
      return refuse(res, 403, `origin ${origin} may not use this sidecar`);
    if (!holdsToken(req, hub.token))
      return refuse(res, 401, "send the session token: Authorization: Bearer <token>", {
        "WWW-Authenticate": 'Bearer realm="blender-agent"',
      });
    void handle(req, res).catch((err: Error) => {
      if (!res.headersSent) refuse(res, 400, err.message);
    });
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const id = req.headers["mcp-session-id"];
    const known = typeof id === "string" ? sessions.get(id) : undefined;
    if (known) lastUsed.set(id as string, Date.now());
    if (req.method !== "POST") {
      if (!known) return refuse(res, id ? 404 : 400, id ? "no such MCP session" : "no MCP session id");
      return known.handleRequest(req, res);
    }
    const body = await readBody(req);
    if (known) return known.handleRequest(req, res, body);
    if (id) return refuse(res, 404, "no such MCP session (it ended; initialize a new one)");
    if (!isInitializeRequest(body)) return refuse(res, 400, "the first request of an MCP session is initialize");
    if (sessions.size >= MAX_SESSIONS) return refuse(res, 503, `${MAX_SESSIONS} MCP sessions are open already`);
    const transport: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (sessionId) => {
        sessions.set(sessionId, transport);
        lastUsed.set(sessionId, Date.now());
        log.info(`MCP session ${sessionId.slice(0, 8)} opened over HTTP`);
      },
    });
    transport.onclose = () => {
      if (!transport.sessionId) return;
      sessions.delete(transport.sessionId);
      lastUsed.delete(transport.sessionId);
    };
    await createMcpServer(ctx, "http").connect(transport);
    await transport.handleRequest(req, res, body);
  }
}
