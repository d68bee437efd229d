import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ErrorCode } from "../protocol/src/index.js";
import { findBlender } from "../sidecar/src/pool/blender-binary.js";
import { type LocalPool, startLocalPool } from "../sidecar/src/pool/local-pool.js";
import { SIMPLE_SCENE } from "./helpers/bridge.js";
import { rejection } from "./helpers/expect-rpc-error.js";
import { startServe } from "./helpers/serve.js";

// Candidate programs are model output: each test here is a program doing what a hostile
// one would, in a real worker, with secrets in the sidecar's environment.

const SECRETS = {
  OPENAI_API_KEY: "sk-test-openai-secret-1234",
  ANTHROPIC_API_KEY: "sk-ant-test-secret-5678",
  BLENDER_AGENT_TOKEN: "token-in-the-sidecars-env-0000",
};
const REPO = path.resolve(import.meta.dirname, "..");
let local: LocalPool;
let hostDir: string;

beforeAll(async () => {
  Object.assign(process.env, SECRETS);
  hostDir = mkdtempSync(path.join(tmpdir(), "sandbox-host-"));
  writeFileSync(path.join(hostDir, "secret.txt"), "the user's secret");
  local = await startLocalPool({ size: 1, sandbox: "auto", memoryLimitMb: 4096 });
});
afterAll(async () => {
  for (const name of Object.keys(SECRETS)) delete process.env[name];
  await local?.close();
  rmSync(hostDir, { recursive: true, force: true });
});

const run = async (code: string) => (await local.pool.call("program.run", { code })).stdout;

describe("a candidate program in a worker", () => {
  it("runs in the bwrap sandbox here (bubblewrap is installed)", () => {
    expect(local.pool.sandboxed).toBe(true);
  });

  it("finds no API key, no token and no worker key in its environment", async () => {
    const out = await run("import os\nfor k, v in sorted(os.environ.items()):\n    print(k, '=', v)\n");
    for (const secret of Object.values(SECRETS)) expect(out).not.toContain(secret);
    expect(
      out
        .split("\n")
        .filter(Boolean)
        .map((l) => l.split(" = ")[0])
        .sort(),
    ).toEqual(expect.arrayContaining(["HOME", "PATH", "TMPDIR"]));
    expect(out).not.toMatch(/KEY|TOKEN|SECRET/);
  });

  it("cannot read the user's files, nor write outside its scratch folder or into the system", async () => {
    const probe = (what: string) =>
      `try:\n    ${what}\n    print('OK')\nexcept OSError as e:\n    print(type(e).__name__)\n`;
    expect(await run(probe(`open(${JSON.stringify(path.join(hostDir, "secret.txt"))}).read()`))).toMatch(
      /FileNotFoundError|PermissionError/,
    );
    expect(await run(probe(`open(${JSON.stringify(path.join(REPO, "package.json"))}).read()`))).toMatch(
      /FileNotFoundError|PermissionError/,
    );
    const outside = path.join(hostDir, "written-by-candidate.txt");
    await run(probe(`open(${JSON.stringify(outside)}, 'w').write('x')`));
    expect(existsSync(outside), "a candidate wrote a file outside its scratch folder").toBe(false);
    const system = "/usr/local/blender-agent-sandbox-probe";
    try {
      expect(await run(probe(`open(${JSON.stringify(system)}, 'w').write('x')`))).toMatch(
        /OSError|PermissionError|FileNotFoundError/,
      );
      expect(existsSync(system)).toBe(false);
    } finally {
      rmSync(system, { force: true });
    }
    expect(
      await run(
        probe("open(os.path.join(os.environ['TMPDIR'], 'mine.txt'), 'w').write('x')").replace(
          "try:",
          "import os\ntry:",
        ),
      ),
    ).toContain("OK");
  });

  it("has no network: the sidecar's own port is out of reach", async () => {
    const port = new URL(local.hub.url).port;
    const out = await run(
      `import socket\ntry:\n    socket.create_connection(('127.0.0.1', ${port}), timeout=2)\n` +
        `    print('CONNECTED')\nexcept OSError as e:\n    print('refused', e)\n`,
    );
    expect(out).toMatch(/^refused/);
  });

  const spentKey =
    "finds its worker's key in memory, and it admits nobody: it was spent on the worker's own connection";
  it(spentKey, async () => {
    const out = await run(
      [
        "import gc, time",
        "from blender_agent.transport.connection import Connection",
        "mine = [o for o in gc.get_objects() if isinstance(o, Connection)][0]",
        "thief = Connection(mine.url, mine.hello, mine.key, {'blenderVersion': 'x', 'file': ''}, " +
          "reconnect=False, log=lambda m: None, unix_socket=mine.unix_socket)",
        "thief.start()",
        "thief._thread.join(10)",
        "print(thief.state, '|', thief.detail)",
      ].join("\n"),
    );
    expect(out).toMatch(/^refused \| no worker w\d+ is expected/);
  });

  it("an allocation bomb fails at once with OutOfMemory, and a fresh worker serves the next call", async () => {
    const started = Date.now();
    const err = await rejection(local.pool.call("program.run", { code: "hog = bytearray(60 * 2**30)\n" }));
    expect(err.code).toBe(ErrorCode.OutOfMemory);
    expect(err.message).toMatch(/ran out of memory .*capped at 4\.0 GiB.*replaced/);
    expect(Date.now() - started).toBeLessThan(5000);
    const r = await local.pool.evaluate({
      scene: SIMPLE_SCENE,
      code: "",
      views: [{ camera: "Camera1" }],
      settings: { width: 32, height: 32 },
    });
    expect(r.images).toHaveLength(1);
  });
});

describe("without bubblewrap", () => {
  it("serve says at start that candidates run unsandboxed, and why", async () => {
    // A PATH with node and Blender on it but no bwrap.
    const bin = mkdtempSync(path.join(tmpdir(), "no-bwrap-"));
    mkdirSync(bin, { recursive: true });
    symlinkSync(process.execPath, path.join(bin, "node"));
    symlinkSync(findBlender(), path.join(bin, "blender"));
    const serve = await startServe(["--port", "0", "--workers", "1"], { PATH: bin });
    try {
      const deadline = Date.now() + 30_000;
      while (!/workers ready/.test(serve.output()) && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 100));
      expect(serve.output()).toMatch(
        /candidate programs run without a sandbox: bwrap \(Debian package bubblewrap\) is not installed/,
      );
    } finally {
      await serve.stop();
      rmSync(bin, { recursive: true, force: true });
    }
  });
});
