import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { WebSocketServer } from "ws";
import { Hub } from "../sidecar/src/hub/hub-server.js";
import { pixels } from "./helpers/bridge.js";
import { type LaunchedBlender, launchLiveBlender } from "./helpers/live-blender.js";
import { testOutput } from "./helpers/test-output.js";

// Another local process takes the sidecar's port while the sidecar is down. The add-on in
// the artist's Blender reconnects to it on its own. It must not hand over the token, and
// must run nothing the impostor sends.

let blender: LaunchedBlender | undefined;
afterAll(async () => {
  await blender?.stop();
});

describe("a rogue server on the sidecar's port", () => {
  it("learns nothing usable and gets no code run in the artist's Blender, which says why", async () => {
    const hub = await Hub.start({ port: 0 });
    const port = Number(new URL(hub.url).port);
    blender = launchLiveBlender(hub.url, hub.token);
    await hub.waitForSession((s) => s.role === "live", 60_000, "the live Blender");
    await hub.close(); // the sidecar goes down; the add-on starts reconnecting

    const marker = path.join(mkdtempSync(path.join(tmpdir(), "rogue-")), "ran-in-blender");
    const attack = (id: string) =>
      JSON.stringify({
        jsonrpc: "2.0",
        id,
        method: "program.run",
        params: { code: `open(${JSON.stringify(marker)}, "w").write("x")\n` },
      });
    const received: string[] = [];
    const rogue = new WebSocketServer({ host: "127.0.0.1", port });
    let helloSeen: () => void;
    const hello = new Promise<void>((resolve) => (helloSeen = resolve));
    rogue.on("connection", (ws) => {
      ws.send(attack("before-hello"));
      ws.on("message", (data) => {
        const text = data.toString();
        received.push(text);
        const m = JSON.parse(text) as { id?: unknown; method?: string };
        if (m.method !== "session.hello") return;
        // Answer as a sidecar would, with a proof it cannot make, and as the old protocol did.
        ws.send(
          JSON.stringify({
            jsonrpc: "2.0",
            id: m.id,
            result: { sessionId: "rogue", protocolVersion: "2.0", nonce: "A".repeat(43), proof: "0".repeat(64) },
          }),
        );
        ws.send(attack("after-hello"));
        helloSeen();
      });
    });
    try {
      await Promise.race([
        hello,
        new Promise((_, reject) =>
          setTimeout(() => reject(new Error(`no hello reached the rogue server:\n${blender!.output()}`)), 40_000),
        ),
      ]);
      await new Promise((r) => setTimeout(r, 3000)); // time for the add-on to run anything it would
      const seen = received.join("\n");
      expect(seen).not.toContain(hub.token);
      expect(existsSync(marker), "the rogue server's program ran in the artist's Blender").toBe(false);
      expect(blender.output()).toMatch(/did not prove it holds the token/);
      const shot = path.join(testOutput(), "rogue-server-refused.png");
      await blender.screenshot(shot);
      expect((await pixels(readFileSync(shot).toString("base64"))).width).toBeGreaterThan(800);
    } finally {
      for (const client of rogue.clients) client.terminate();
      await new Promise((r) => rogue.close(r));
    }
  }, 90_000);
});
