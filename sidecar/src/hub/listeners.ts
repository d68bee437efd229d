import { mkdtempSync, rmSync } from "node:fs";
import http from "node:http";
import https from "node:https";
import type { AddressInfo, Socket } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";

export type UpgradeHandler = (req: http.IncomingMessage, socket: Socket, head: Buffer) => void;
/** Answers a plain HTTP request (the episode page's files); none: every request gets 426. */
export type RequestHandler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

/** Slow clients get this long to send their upgrade request (slowloris). */
const HEADERS_TIMEOUT_MS = 10_000;

/** A certificate and its key, PEM: the TCP listener then speaks TLS (wss://). */
export interface TlsFiles {
  cert: string;
  key: string;
}

/**
 * An HTTP(S) server that hands WebSocket upgrades on, and plain requests to `onRequest`
 * when it says so (else 426).
 */
function upgradeServer(onUpgrade: UpgradeHandler, tls?: TlsFiles, onRequest?: () => RequestHandler | undefined) {
  const options = { headersTimeout: HEADERS_TIMEOUT_MS, requestTimeout: HEADERS_TIMEOUT_MS };
  const respond = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const handler = onRequest?.();
    if (handler) return handler(req, res);
    res
      .writeHead(426, { "Content-Type": "text/plain" })
      .end("Upgrade Required: this is the Blender Agent sidecar's WebSocket endpoint\n");
  };
  const server = tls
    ? https.createServer({ ...options, cert: tls.cert, key: tls.key }, respond)
    : http.createServer(options, respond);
  server.on("upgrade", (req, socket, head) => onUpgrade(req, socket as Socket, head));
  return server;
}

function listen(
  server: http.Server,
  target: { host: string; port: number } | { path: string },
  describe: (err: NodeJS.ErrnoException) => Error,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) => reject(describe(err));
    server.once("error", onError);
    server.listen(target, () => {
      server.off("error", onError);
      resolve();
    });
  });
}

/** The TCP listener Blenders, pages and clients reach: `ws://host:port`, or `wss://` with TLS. */
export async function listenTcp(
  host: string,
  port: number,
  onUpgrade: UpgradeHandler,
  tls?: TlsFiles,
  onRequest?: () => RequestHandler | undefined,
): Promise<http.Server> {
  const server = upgradeServer(onUpgrade, tls, onRequest);
  await listen(server, { host, port }, (err) =>
    err.code === "EADDRINUSE"
      ? new Error(`port ${port} on ${host} is already in use: is another sidecar running? Choose another with --port.`)
      : err,
  );
  return server;
}

export function tcpUrl(server: http.Server): string {
  const address = server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  return `${server instanceof https.Server ? "wss" : "ws"}://${host}:${address.port}`;
}

/**
 * A Unix socket in a folder only this user can enter, for the workers this sidecar starts:
 * a sandboxed worker has no network at all, and reaches the sidecar through this file.
 */
export async function listenLocal(
  onUpgrade: UpgradeHandler,
): Promise<{ server: http.Server; socketPath: string; close(): Promise<void> }> {
  const dir = mkdtempSync(path.join(tmpdir(), "blender-agent-hub-")); // mode 0700
  const socketPath = path.join(dir, "workers.sock");
  const server = upgradeServer(onUpgrade);
  await listen(server, { path: socketPath }, (err) => err);
  return {
    server,
    socketPath,
    async close() {
      await closeServer(server);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Stop listening and drop every connection still open (upgraded ones are the hub's to close). */
export function closeServer(server: http.Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
