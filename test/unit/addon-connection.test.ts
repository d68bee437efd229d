import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { Hub } from "../../sidecar/src/hub/hub-server.js";

const CLIENT = fileURLToPath(new URL("../../blender-addon/tests/reconnect_client.py", import.meta.url));

function runClient(url: string, token: string): Promise<Array<{ state: string; detail: string }>> {
  const child = spawn("python3", [CLIENT, url, token]);
  let out = "";
  child.stdout.on("data", (d: Buffer) => (out += d.toString()));
  return new Promise((resolve) =>
    child.on("exit", () =>
      resolve(
        out
          .trim()
          .split("\n")
          .filter(Boolean)
          .map((l) => JSON.parse(l) as { state: string; detail: string }),
      ),
    ),
  );
}

describe("the add-on's connection (plain python3 against the real hub)", () => {
  it("reconnects with backoff after the sidecar drops it, and says hello again", async () => {
    const hub = await Hub.start({ port: 0 });
    let sessions = 0;
    hub.on("session", (s) => {
      sessions += 1;
      if (sessions === 1) s.close(1001, "sidecar restarting"); // drop the first connection
    });
    try {
      const states = (await runClient(hub.url, hub.token)).map((s) => s.state);
      expect(states.slice(0, 5)).toEqual(["connecting", "connected", "disconnected", "connecting", "connected"]);
      expect(sessions).toBe(2);
    } finally {
      await hub.close();
    }
  });

  it("stops retrying when refused for a wrong token, and says why", async () => {
    const hub = await Hub.start({ port: 0 });
    try {
      const states = await runClient(hub.url, "wrong-token-wrong-token");
      // stopped: the script's own stop()
      expect(states.map((s) => s.state)).toEqual(["connecting", "refused", "stopped"]);
      expect(states[1]!.detail).toMatch(
        /did not prove it holds the token: it is not your sidecar, or the token differs/,
      );
    } finally {
      await hub.close();
    }
  });
});
