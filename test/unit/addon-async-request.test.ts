import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { agentOptions } from "../../sidecar/src/agent/agent-options.js";
import { Hub } from "../../sidecar/src/hub/hub-server.js";

// The panel's requests never block Blender's main thread: their answers, or the reason
// there is none, come back as callbacks that the main thread runs (plain python3, real hub).

const CLIENT = fileURLToPath(new URL("../../blender-addon/tests/async_request_client.py", import.meta.url));

describe("the add-on's request_async", () => {
  it("delivers the result, the sidecar's error, and 'connection lost' for a call cut off", async () => {
    const hub = await Hub.start({ port: 0, workerSocket: false });
    let calls = 0;
    hub.handle("agent.options", (_params, peer) => {
      calls += 1;
      if (calls === 2) {
        // The second call is never answered: the connection drops first.
        setTimeout(() => peer.close(1001, "sidecar restarting"), 100);
        return new Promise(() => {});
      }
      return agentOptions({});
    });
    hub.handle("episode.control", () => {
      throw new Error("no episode nope of this Blender");
    });
    try {
      const child = spawn("python3", [CLIENT, hub.url, hub.token]);
      let out = "";
      child.stdout.on("data", (d: Buffer) => (out += d.toString()));
      await new Promise((resolve) => child.on("exit", resolve));
      const answers = out
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l) as { call: string; result: unknown; error: string | null });
      const by = Object.fromEntries(answers.map((a) => [a.call, a]));
      expect(by.options).toMatchObject({ error: null, result: { defaults: { provider: "offline" } } });
      expect(by.control).toMatchObject({ result: null, error: expect.stringMatching(/no episode nope/) });
      expect(by.late).toMatchObject({ result: null, error: expect.stringMatching(/connection lost/) });
    } finally {
      await hub.close();
    }
  });
});
