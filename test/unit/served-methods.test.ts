import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ErrorCode } from "../../protocol/src/index.js";
import { agentOptions } from "../../sidecar/src/agent/agent-options.js";
import { Hub } from "../../sidecar/src/hub/hub-server.js";
import { authenticate } from "../helpers/handshake.js";
import { type RawPeer, rawPeer } from "../helpers/raw-peer.js";

// The sidecar's own methods answer a peer only once it has authenticated, and only the roles each method lists.

const KEY = "sk-test-never-leaves-the-sidecar";
let hub: Hub;
const peers: RawPeer[] = [];

async function peer(): Promise<RawPeer> {
  const p = await rawPeer(hub.url);
  peers.push(p);
  return p;
}

beforeAll(async () => {
  hub = await Hub.start({ workerSocket: false });
  hub.handle("agent.options", () => agentOptions({ OPENAI_API_KEY: KEY }));
});
afterAll(async () => {
  for (const p of peers) p.ws.close();
  await hub.close();
});

describe("the sidecar's methods and the peer's role", () => {
  it("refuse a peer that has not authenticated", async () => {
    const p = await peer();
    const reply = await p.request("agent.options", {});
    expect(reply?.error).toMatchObject({
      code: ErrorCode.Unauthorized,
      message: expect.stringMatching(/session\.hello/),
    });
  });

  it("answer a live Blender: the providers it may pick, whether each has a key, never the key", async () => {
    const p = await peer();
    await authenticate(p, hub.token);
    const reply = await p.request("agent.options", {});
    expect(reply?.error).toBeUndefined();
    const result = reply?.result as ReturnType<typeof agentOptions>;
    expect(result.providers.map((x) => [x.name, x.ready])).toEqual([
      ["offline", true],
      ["openai", true],
      ["anthropic", false],
    ]);
    expect(result.providers[2]!.reason).toMatch(/ANTHROPIC_API_KEY/);
    expect(result.defaults).toMatchObject({ provider: "offline", breadth: 4, depth: 3, verifyK: 1, budget: null });
    expect(JSON.stringify(reply)).not.toContain(KEY);
  });

  it("name the field of bad params", async () => {
    const p = await peer();
    await authenticate(p, hub.token);
    const reply = await p.request("agent.options", { breadth: 9 });
    expect(reply?.error).toMatchObject({ code: ErrorCode.InvalidParams, message: expect.stringMatching(/breadth/) });
  });

  it("refuse a worker a method only a live Blender may call", async () => {
    const p = await peer();
    await authenticate(p, hub.expectWorker("w1"), "worker", "w1");
    const reply = await p.request("agent.options", {});
    expect(reply?.error).toMatchObject({ code: ErrorCode.WrongRole, message: expect.stringMatching(/only live/) });
  });

  it("say a method of the protocol this sidecar does not serve is not found", async () => {
    const bare = await Hub.start({ workerSocket: false });
    try {
      const p = await rawPeer(bare.url);
      await authenticate(p, bare.token);
      const reply = await p.request("agent.options", {});
      expect(reply?.error).toMatchObject({ code: ErrorCode.MethodNotFound, message: /not served/ });
      p.ws.close();
    } finally {
      await bare.close();
    }
  });
});
