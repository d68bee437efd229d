import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ErrorCode, PROTOCOL_VERSION } from "../protocol/src/index.js";
import { Hub } from "../sidecar/src/hub/hub-server.js";
import { WorkerPool } from "../sidecar/src/pool/worker-pool.js";
import { SIMPLE_SCENE } from "./helpers/bridge.js";
import { authenticate } from "./helpers/handshake.js";
import { rawPeer } from "./helpers/raw-peer.js";
import { type ServeProcess, startServe } from "./helpers/serve.js";

// Peers that never said a good hello, as another local process could be: none of what they
// send may end the sidecar or grow it without bound.

let serve: ServeProcess;

beforeAll(async () => {
  serve = await startServe(["--workers", "0", "--port", "0"]);
});
afterAll(async () => {
  await serve?.stop();
});

const stillServing = async (url: string, token: string) => {
  const peer = await rawPeer(url);
  expect(peer.opened).toBe(true);
  const session = await authenticate(peer, token);
  expect(session.sessionId).toMatch(/\w+/);
  peer.ws.close();
};

describe("npm start -- serve against hostile peers", () => {
  it("a hello with several invalid fields is refused and closed, and the sidecar lives on", async () => {
    const peer = await rawPeer(serve.url);
    // zod's message for two bad fields holds multi-byte symbols (✖, →): the close reason,
    // cut by characters, once went over the 123 bytes a close frame allows and killed the process.
    const reply = await peer.request("session.hello", {
      role: "admin",
      protocolVersion: "x",
      pid: "x",
      blenderVersion: 7,
      file: ["✖".repeat(200)],
    });
    expect(reply?.error?.code).toBe(ErrorCode.InvalidParams);
    expect(reply?.error?.message).toMatch(/role/);
    const [code, reason] = await peer.closed;
    expect(code).toBe(1008);
    expect(Buffer.byteLength(reason)).toBeLessThanOrEqual(123);
    await new Promise((r) => setTimeout(r, 200));
    expect(serve.child.exitCode).toBeNull();
    await stillServing(serve.url, serve.token);
  });

  it("null, a number and a batch holding non-objects are answered with Invalid Request, item by item", async () => {
    const peer = await rawPeer(serve.url);
    peer.ws.send("null");
    expect(await peer.next()).toMatchObject({ id: null, error: { code: ErrorCode.InvalidRequest } });
    peer.ws.send("42");
    expect(await peer.next()).toMatchObject({ id: null, error: { code: ErrorCode.InvalidRequest } });
    peer.ws.send(JSON.stringify([null, [1], { jsonrpc: "2.0", id: "x", method: "scene.info", params: {} }]));
    const replies = (await peer.next()) as Array<{ id: unknown; error: { code: number } }>;
    expect(replies.map((r) => [r.id, r.error.code])).toEqual([
      [null, ErrorCode.InvalidRequest],
      [null, ErrorCode.InvalidRequest],
      ["x", ErrorCode.MethodNotFound],
    ]);
    peer.ws.close();
  });

  const oversizedBeforeHello =
    "a message over 64 KiB before the hello closes that connection (1009); " +
    "after the hello large messages are fine";
  it(oversizedBeforeHello, async () => {
    const early = await rawPeer(serve.url);
    early.ws.send(
      JSON.stringify({ jsonrpc: "2.0", id: 1, method: "session.hello", params: { pad: "x".repeat(100_000) } }),
    );
    expect((await early.closed)[0]).toBe(1009);

    const peer = await rawPeer(serve.url);
    await authenticate(peer, serve.token);
    const reply = await peer.request("no.such.method", { pad: "y".repeat(1_000_000) });
    expect(reply?.error?.code).toBe(ErrorCode.MethodNotFound);
    peer.ws.close();
  });

  it("eight peers sending 60 MiB each before their hello do not grow the sidecar", async () => {
    const before = serve.memory();
    const payload = Buffer.alloc(60 * 1024 * 1024, 0x61);
    const peers = await Promise.all(Array.from({ length: 8 }, () => rawPeer(serve.url)));
    for (const p of peers) p.ws.send(payload, { binary: false }, () => {});
    const closes = await Promise.all(peers.map((p) => p.closed));
    // Too big (1009), or cut off (1006); on a machine busy with renders the 5 s hello
    // deadline can come first (1008, seen once in CI): refused either way, never let in.
    expect(closes.map(([code]) => code).filter((code) => ![1009, 1006, 1008].includes(code))).toEqual([]);
    const after = serve.memory();
    expect(after.peak - before.peak, `peak RSS ${before.peak} -> ${after.peak}`).toBeLessThan(96 * 1024 * 1024);
    expect(serve.child.exitCode).toBeNull();
  });
});

describe("the hub's limits on peers that have not said hello", () => {
  it("caps unauthenticated connections: one over the cap is refused (503) until a slot frees", async () => {
    const hub = await Hub.start({ port: 0, preAuth: { maxPendingConnections: 4 } });
    try {
      const pending = await Promise.all(Array.from({ length: 4 }, () => rawPeer(hub.url)));
      expect(pending.every((p) => p.opened)).toBe(true);
      const over = await rawPeer(hub.url);
      expect(over.opened).toBe(false);
      expect(over.status).toBe(503);
      pending[0]!.ws.close();
      await pending[0]!.closed;
      await new Promise((r) => setTimeout(r, 50));
      const again = await rawPeer(hub.url);
      expect(again.opened).toBe(true);
      await authenticate(again, hub.token);
      // An authenticated session no longer counts against the cap.
      const one = await rawPeer(hub.url);
      expect(one.opened).toBe(true);
    } finally {
      await hub.close();
    }
  });

  const moreWorkersThanCap =
    "a pool starting more workers at once than the TCP cap still starts them all (they use the private socket)";
  it(moreWorkersThanCap, async () => {
    const hub = await Hub.start({ port: 0, preAuth: { maxPendingConnections: 1 } });
    try {
      const pool = await WorkerPool.start(hub, { size: 3, threadsPerWorker: 1 });
      expect(pool.readyCount).toBe(3);
      await pool.close();
    } finally {
      await hub.close();
    }
  });

  it("limits the rate of failed hellos per address (429), and lets the address in again later", async () => {
    const hub = await Hub.start({ port: 0, preAuth: { failedHelloBurst: 3, failedHelloRefillMs: 400 } });
    try {
      for (let i = 0; i < 3; i++) {
        const p = await rawPeer(hub.url);
        expect(p.opened).toBe(true);
        await p.request("session.hello", { role: "live" });
        await p.closed;
      }
      const blocked = await rawPeer(hub.url);
      expect(blocked.opened).toBe(false);
      expect(blocked.status).toBe(429);
      await new Promise((r) => setTimeout(r, 500));
      const later = await rawPeer(hub.url);
      expect(later.opened).toBe(true);
      await authenticate(later, hub.token);
    } finally {
      await hub.close();
    }
  });
});

/** A few thousand malformed hellos: random types, unicode, huge strings, wrong nesting, batches, binary. */
function* malformedHellos(seed: number): Generator<string | Buffer> {
  let s = seed;
  const rand = () => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    return s / 2 ** 31;
  };
  const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const weird = (): unknown =>
    pick<() => unknown>([
      () => null,
      () => rand() * 1e308,
      () => -0,
      () => "✖→🎨\u0000\ud800".repeat(1 + Math.floor(rand() * 50)),
      () => "x".repeat(Math.floor(rand() * 60_000)),
      () => [[[[[[]]]]]],
      () => ({ __proto__: { role: "live" }, constructor: { prototype: 1 } }),
      () => true,
      () => ({ toString: "x", valueOf: 1 }),
      () => Array.from({ length: 50 }, () => "✖"),
    ])();
  const hello = () => ({
    role: pick(["live", "worker", "admin", weird()]),
    protocolVersion: pick([PROTOCOL_VERSION, "9.9", weird()]),
    token: weird(),
    blenderVersion: weird(),
    file: weird(),
    pid: weird(),
    workerId: weird(),
    nonce: weird(),
    extra: weird(),
  });
  for (let i = 0; ; i++) {
    yield pick<() => string | Buffer>([
      () => JSON.stringify({ jsonrpc: "2.0", id: i, method: "session.hello", params: hello() }),
      () => JSON.stringify({ jsonrpc: "2.0", id: weird(), method: "session.hello", params: weird() }),
      () => JSON.stringify({ jsonrpc: weird(), id: i, method: weird(), params: hello() }),
      () =>
        JSON.stringify(
          Array.from({ length: 1 + Math.floor(rand() * 20) }, (_, j) => ({
            jsonrpc: "2.0",
            id: `${i}.${j}`,
            method: "session.hello",
            params: hello(),
          })),
        ),
      () => JSON.stringify([]),
      () => JSON.stringify([[[]]]),
      () => JSON.stringify({ jsonrpc: "2.0", id: i, result: weird() }),
      () => JSON.stringify(weird()),
      () => `{"jsonrpc":"2.0","id":${i},"method":"session.hello","params":{"role":"live"`,
      () => Buffer.from(Array.from({ length: 64 }, () => Math.floor(rand() * 256))),
      () => JSON.stringify({ jsonrpc: "2.0", id: i, method: "session.authenticate", params: weird() }),
    ])();
  }
}

describe("fuzz", () => {
  it("three thousand malformed hellos end no process; then a real worker connects and serves", async () => {
    const hub = await Hub.start({ port: 0, preAuth: { failedHelloBurst: 1_000_000 } });
    try {
      const messages = malformedHellos(7);
      let sent = 0;
      while (sent < 3000) {
        const peers = await Promise.all(Array.from({ length: 8 }, () => rawPeer(hub.url)));
        for (const p of peers) {
          expect(p.opened).toBe(true);
          for (let k = 0; k < 5; k++, sent++) {
            const m = messages.next().value!;
            p.ws.send(m, { binary: Buffer.isBuffer(m) }, () => {});
          }
        }
        for (const p of peers) p.ws.close();
        await Promise.all(peers.map((p) => p.closed));
      }
      const pool = await WorkerPool.start(hub, { size: 1 });
      try {
        const r = await pool.evaluate({
          scene: SIMPLE_SCENE,
          code: "",
          views: [{ camera: "Camera1" }],
          settings: { width: 32, height: 32 },
        });
        expect(r.images).toHaveLength(1);
      } finally {
        await pool.close();
      }
    } finally {
      await hub.close();
    }
  }, 120_000);
});
