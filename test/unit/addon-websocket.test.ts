import { spawn, spawnSync } from "node:child_process";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { type WebSocket, WebSocketServer } from "ws";

const ADDON_TESTS = fileURLToPath(new URL("../../blender-addon/tests/", import.meta.url));

interface Run {
  server: WebSocketServer;
  socket: WebSocket;
  /** Resolves with the JSON line the Python client printed when its connection ended. */
  ended: Promise<Record<string, unknown>>;
}

let servers: WebSocketServer[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  servers = [];
});

/** Start a `ws` server and the add-on's Python client against it; resolve once connected. */
async function connectPythonClient(fragmentSize = 0, maxBytes = 64 * 1024 * 1024): Promise<Run> {
  const server = new WebSocketServer({ host: "127.0.0.1", port: 0 });
  servers.push(server);
  await new Promise((r) => server.once("listening", r));
  const url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  const ended = runPythonClient(url, fragmentSize, maxBytes);
  const socket = await new Promise<WebSocket>((r) => server.once("connection", r));
  return { server, socket, ended };
}

/** Run the echo client; resolves with the JSON line it printed when its connection ended. */
function runPythonClient(url: string, fragmentSize: number, maxBytes: number): Promise<Record<string, unknown>> {
  const child = spawn("python3", [`${ADDON_TESTS}ws_echo_client.py`, url, String(fragmentSize), String(maxBytes)]);
  let out = "";
  child.stdout.on("data", (d: Buffer) => (out += d.toString()));
  return new Promise((resolve) =>
    child.on("exit", () => resolve(out.trim() ? (JSON.parse(out.trim()) as Record<string, unknown>) : {})),
  );
}

function nextMessage(socket: WebSocket): Promise<string> {
  return new Promise((resolve) => socket.once("message", (data) => resolve(data.toString())));
}

describe("the add-on's RFC 6455 client against the ws server", () => {
  it("runs the add-on's plain-python unit tests", () => {
    const run = spawnSync("python3", ["-m", "unittest", "discover", "-s", ADDON_TESTS], { encoding: "utf8" });
    expect(run.stderr).toMatch(/OK\s*$/);
    expect(run.status).toBe(0);
  });

  it("echoes small, 16-bit-length and 64-bit-length messages, and non-ASCII text", async () => {
    const { socket } = await connectPythonClient();
    for (const text of ["hi", "x".repeat(1000), "y".repeat(70_000), "héllo — ✓ 🎨"]) {
      const reply = nextMessage(socket);
      socket.send(text);
      expect(await reply).toBe(text);
    }
    socket.close();
  });

  it("reassembles a fragmented message and fragments its own large sends", async () => {
    const { socket } = await connectPythonClient(16_384);
    const text = Array.from({ length: 200_000 }, (_, i) => String.fromCharCode(97 + (i % 26))).join("");
    const reply = nextMessage(socket);
    socket.send(text.slice(0, 50_000), { fin: false });
    socket.send(text.slice(50_000, 120_000), { fin: false });
    socket.send(text.slice(120_000), { fin: true });
    expect(await reply).toBe(text);
    socket.close();
  });

  it("answers a ping with a pong carrying the same payload", async () => {
    const { socket } = await connectPythonClient();
    const pong = new Promise<string>((r) => socket.once("pong", (data) => r(data.toString())));
    socket.ping("are-you-there");
    expect(await pong).toBe("are-you-there");
    socket.close();
  });

  it("completes a close the server starts, reporting its code and reason", async () => {
    const { socket, ended } = await connectPythonClient();
    const closed = new Promise<number>((r) => socket.once("close", (code) => r(code)));
    socket.close(4001, "go away");
    expect(await ended).toEqual({ closed: 4001, reason: "go away" });
    expect(await closed).toBe(4001);
  });

  it("starts a close handshake itself", async () => {
    const { socket, ended } = await connectPythonClient();
    const closed = new Promise<[number, string]>((r) =>
      socket.once("close", (code, reason) => r([code, reason.toString()])),
    );
    socket.send("close-me");
    expect(await closed).toEqual([1000, "bye"]);
    expect((await ended).closed).toBe(1000);
  });

  it("closes with 1007 on invalid UTF-8 and 1009 on a message over its limit", async () => {
    const bad = await connectPythonClient();
    const badClose = new Promise<number>((r) => bad.socket.once("close", (code) => r(code)));
    bad.socket.send(Buffer.from([0x68, 0xff, 0xfe]), { binary: false });
    expect(await badClose).toBe(1007);

    const small = await connectPythonClient(0, 1024);
    const bigClose = new Promise<number>((r) => small.socket.once("close", (code) => r(code)));
    small.socket.send("z".repeat(2048));
    expect(await bigClose).toBe(1009);
    expect(await small.ended).toMatchObject({ closed: 1009 });
  });

  it("reports a refused upgrade with its HTTP status", async () => {
    const server = new WebSocketServer({
      host: "127.0.0.1",
      port: 0,
      verifyClient: (_info, done) => done(false, 403, "no"),
    });
    servers.push(server);
    await new Promise((r) => server.once("listening", r));
    const url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    expect(await runPythonClient(url, 0, 1000)).toMatchObject({ handshakeError: 403 });
  });
});
