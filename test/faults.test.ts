import { spawn } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ErrorCode, handshakeProof, newNonce, PROTOCOL_VERSION } from "../protocol/src/index.js";
import { Hub } from "../sidecar/src/hub/hub-server.js";
import { findBlender, WORKER_ENTRY } from "../sidecar/src/pool/blender-binary.js";
import { WorkerPool } from "../sidecar/src/pool/worker-pool.js";
import { type Bridge, SIMPLE_SCENE, startBridge } from "./helpers/bridge.js";
import { rejection } from "./helpers/expect-rpc-error.js";
import { rawPeer } from "./helpers/raw-peer.js";

let bridge: Bridge;

beforeAll(async () => {
  bridge = await startBridge({ size: 1 });
});
afterAll(async () => {
  await bridge?.close();
});

/** Send raw text to the worker and wait for the reply with `id` (null for parse errors). */
function rawExchange(
  text: string,
  id: string | null,
): Promise<{ error?: { code: number; message: string }; result?: unknown }> {
  return bridge.pool.withWorker(async (w) => {
    const session = w.client!.session;
    const reply = new Promise<{ error?: { code: number; message: string } }>((resolve) => {
      const onResponse = (message: { id?: unknown }) => {
        if (message.id !== id) return;
        session.off("response", onResponse);
        resolve(message as { error?: { code: number; message: string } });
      };
      session.on("response", onResponse);
    });
    session.sendRaw(text);
    return reply;
  });
}

function currentPid(): Promise<number | undefined> {
  return bridge.pool.withWorker(async (w) => w.process.pid);
}

const hello = (overrides: Record<string, unknown>) =>
  JSON.stringify({
    jsonrpc: "2.0",
    id: 1,
    method: "session.hello",
    params: { role: "live", protocolVersion: PROTOCOL_VERSION, nonce: newNonce(), ...overrides },
  });

describe("bad input reaching Blender is answered, never fatal", () => {
  it("invalid JSON gets a parse error (-32700)", async () => {
    const reply = await rawExchange("{this is not json", null);
    expect(reply.error?.code).toBe(ErrorCode.ParseError);
  });

  it("an unknown method gets -32601 naming it", async () => {
    const reply = await rawExchange(
      JSON.stringify({ jsonrpc: "2.0", id: "u1", method: "scene.explode", params: {} }),
      "u1",
    );
    expect(reply.error?.code).toBe(ErrorCode.MethodNotFound);
    expect(reply.error?.message).toContain("scene.explode");
  });

  it("params that fail the schema are refused before sending, and by Blender if sent anyway", async () => {
    const err = await rejection(bridge.pool.call("program.run", { code: 42 as unknown as string }));
    expect(err.code).toBe(ErrorCode.InvalidParams);
    expect(err.message).toMatch(/code/);
    const reply = await rawExchange(
      JSON.stringify({ jsonrpc: "2.0", id: "p1", method: "program.run", params: { code: 42 } }),
      "p1",
    );
    expect(reply.error?.code).toBe(ErrorCode.InvalidParams);
  });

  it("a batch is answered item by item", async () => {
    const batch = [
      { jsonrpc: "2.0", id: "b1", method: "session.ping", params: {} },
      { jsonrpc: "2.0", id: "b2", method: "nope", params: {} },
    ];
    const reply = await bridge.pool.withWorker(async (w) => {
      const session = w.client!.session;
      const got = new Promise<unknown>((resolve) => session.once("response", resolve));
      session.sendRaw(JSON.stringify(batch));
      return got;
    });
    expect(Array.isArray(reply)).toBe(true);
    const [ping, nope] = reply as Array<{ id: string; result?: unknown; error?: { code: number } }>;
    expect(ping).toMatchObject({ id: "b1", result: { time: expect.any(Number) } });
    expect(nope).toMatchObject({ id: "b2", error: { code: ErrorCode.MethodNotFound } });
  });
});

describe("programs that hang or kill Blender", () => {
  it("a program that never ends times out; the worker is replaced and the pool serves the next call", async () => {
    const pidBefore = await currentPid();
    const err = await rejection(
      bridge.pool.call("program.run", { code: "while True:\n    pass\n" }, { timeoutMs: 2000 }),
    );
    expect(err.code).toBe(ErrorCode.Timeout);
    expect(err.message).toMatch(/killed and replaced/);
    const ping = await bridge.pool.call("session.ping", {});
    expect(ping.time).toBeGreaterThan(0);
    expect(await currentPid()).not.toBe(pidBefore);
  });

  const killsBlender =
    "a program that kills Blender fails that call; the worker is replaced and the pool serves the next call";
  it(killsBlender, async () => {
    const pidBefore = await currentPid();
    const err = await rejection(bridge.pool.call("program.run", { code: "import os\nos._exit(1)\n" }));
    expect(err.code).toBe(ErrorCode.BlenderGone);
    expect(err.message).toMatch(/exited with code 1 during program\.run; it was replaced/);
    const result = await bridge.pool.evaluate({
      scene: SIMPLE_SCENE,
      code: "",
      views: [{ camera: "Camera1" }],
      settings: { width: 32, height: 32 },
    });
    expect(result.images).toHaveLength(1);
    expect(await currentPid()).not.toBe(pidBefore);
  });
});

describe("the hub refuses what it should, clearly", () => {
  /** A worker started by hand with `key` on its stdin; resolves with its exit code and output. */
  function startWorker(workerId: string, key: string | undefined) {
    const child = spawn(findBlender(), [
      "-b",
      "--factory-startup",
      "--python-exit-code",
      "1",
      "--python",
      WORKER_ENTRY,
      "--",
      "--url",
      bridge.hub.url,
      "--worker-id",
      workerId,
    ]);
    child.stdin.end(key === undefined ? "" : `${key}\n`);
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (out += d.toString()));
    return new Promise<{ code: number | null; out: string }>((resolve) =>
      child.on("exit", (code) => resolve({ code, out })),
    );
  }

  it("a worker the sidecar did not start, or with the wrong key, is refused and exits saying why", async () => {
    const stranger = await startWorker("intruder", "some-key");
    expect(stranger.out).toContain("no worker intruder is expected");
    expect(stranger.code).toBe(3);
    bridge.hub.expectWorker("w-expected");
    const wrongKey = await startWorker("w-expected", "not-its-key");
    expect(wrongKey.out).toContain("did not prove it holds the token");
    expect(wrongKey.code).toBe(3);
    expect(
      [...bridge.hub.sessions.values()].some((s) => ["intruder", "w-expected"].includes(s.hello?.workerId ?? "")),
    ).toBe(false);
    bridge.hub.forgetWorker("w-expected");
  });

  it("a worker started without a key on its stdin says so", async () => {
    const { code, out } = await startWorker("x", undefined);
    expect(out).toContain("no worker key on stdin");
    expect(code).not.toBe(0);
  });

  it("a Blender speaking another protocol version is refused with the versions named", async () => {
    const script = [
      "import sys, time",
      `sys.path.insert(0, ${JSON.stringify(WORKER_ENTRY.replace(/worker_main\.py$/, ""))})`,
      "from blender_agent.transport.connection import Connection",
      `c = Connection(${JSON.stringify(bridge.hub.url)}, {'role': 'live', 'protocolVersion': '9.0'}, ` +
        `${JSON.stringify(bridge.hub.token)}, reconnect=False, log=lambda m: None)`,
      "c.start()",
      "c._thread.join(10)",
      "print('STATE', c.state, '|', c.detail)",
    ].join("\n");
    const child = spawn(findBlender(), ["-b", "--factory-startup", "--python-expr", script]);
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    await new Promise((resolve) => child.on("exit", resolve));
    expect(out).toMatch(/STATE refused \| protocol version 9\.0 is not compatible with the sidecar's 2\.\d/);
  });

  it("a peer's invalid JSON gets a parse error; a hello without a nonce is refused (1008)", async () => {
    const peer = await rawPeer(bridge.hub.url);
    peer.ws.send("{nope");
    expect(await peer.next()).toMatchObject({ error: { code: ErrorCode.ParseError } });
    peer.ws.send(hello({ nonce: undefined }));
    expect(await peer.next()).toMatchObject({
      id: 1,
      error: { code: ErrorCode.InvalidParams, message: expect.stringContaining("nonce") },
    });
    expect((await peer.closed)[0]).toBe(1008);
  });

  it("an add-on from before the handshake (token in its hello) is told to update", async () => {
    const peer = await rawPeer(bridge.hub.url);
    peer.ws.send(
      hello({ protocolVersion: "1.0", token: bridge.hub.token, nonce: undefined, blenderVersion: "3.4.1", file: "" }),
    );
    expect(await peer.next()).toMatchObject({
      id: 1,
      error: {
        code: ErrorCode.Unauthorized,
        message: expect.stringMatching(/1\.0 is not compatible .* update the add-on/),
      },
    });
    expect((await peer.closed)[0]).toBe(1008);
  });

  const unprovenPeer =
    "a peer that cannot prove it holds the token is refused (1008); authenticate before hello is refused";
  it(unprovenPeer, async () => {
    const peer = await rawPeer(bridge.hub.url);
    const blenderNonce = newNonce();
    const reply = (await peer.request("session.hello", {
      role: "live",
      protocolVersion: PROTOCOL_VERSION,
      nonce: blenderNonce,
    })) as { result: { nonce: string } };
    const guess = handshakeProof("a-guessed-token-of-some-length", "blender", {
      role: "live",
      blenderNonce,
      sidecarNonce: reply.result.nonce,
    });
    expect(await peer.request("session.authenticate", { proof: guess, blenderVersion: "x", file: "" })).toMatchObject({
      error: { code: ErrorCode.Unauthorized, message: "wrong session token" },
    });
    expect((await peer.closed)[0]).toBe(1008);

    const early = await rawPeer(bridge.hub.url);
    expect(
      await early.request("session.authenticate", { proof: "0".repeat(64), blenderVersion: "x", file: "" }),
    ).toMatchObject({ error: { code: ErrorCode.InvalidRequest, message: "say session.hello first" } });
    expect((await early.closed)[0]).toBe(1008);
  });

  it("a request before hello is refused; no hello at all times out with 1008", async () => {
    const early = await rawPeer(bridge.hub.url);
    early.ws.send(JSON.stringify({ jsonrpc: "2.0", id: 5, method: "scene.info", params: {} }));
    expect(await early.next()).toMatchObject({ id: 5, error: { code: ErrorCode.MethodNotFound } });
    early.ws.close();
    const hub = await Hub.start({ port: 0, helloTimeoutMs: 300 });
    try {
      const silent = await rawPeer(hub.url);
      expect(await silent.closed).toEqual([1008, "no session.hello and session.authenticate received in time"]);
    } finally {
      await hub.close();
    }
  });

  it("a browser origin that was not allowed is refused at the upgrade (403)", async () => {
    const browser = await rawPeer(bridge.hub.url, { Origin: "http://evil.example" });
    expect(browser.opened).toBe(false);
    const hub = await Hub.start({ port: 0, allowedOrigins: ["http://localhost:5173"] });
    try {
      const allowed = await rawPeer(hub.url, { Origin: "http://localhost:5173" });
      expect(allowed.opened).toBe(true);
      allowed.ws.close();
    } finally {
      await hub.close();
    }
  });

  it("a port already in use is a clear error, not a silent failure", async () => {
    const port = Number(new URL(bridge.hub.url).port);
    await expect(Hub.start({ port })).rejects.toThrow(/already in use/);
  });

  it("a reply over the message size limit fails that call with TooLarge; the pool goes on", async () => {
    const hub = await Hub.start({ port: 0, maxMessageBytes: 500_000 });
    const pool = await WorkerPool.start(hub, { size: 1 });
    try {
      await pool.call("program.run", {
        code:
          "bpy.ops.mesh.primitive_grid_add(x_subdivisions=300, y_subdivisions=300)\n" +
          "bpy.context.object.name = 'Big'\n",
      });
      const err = await rejection(pool.call("geometry.sample", { objects: ["Big"], maxPoints: 1_000_000 }));
      expect(err.code).toBe(ErrorCode.TooLarge);
      expect(err.message).toMatch(/message size limit/);
      expect((await pool.call("session.ping", {})).time).toBeGreaterThan(0);
    } finally {
      await pool.close();
      await hub.close();
    }
  });
});
