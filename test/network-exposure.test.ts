import { execFileSync, spawn } from "node:child_process";
import { X509Certificate } from "node:crypto";
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BlenderClient } from "../sidecar/src/hub/blender-client.js";
import { Hub } from "../sidecar/src/hub/hub-server.js";
import { startLiveBlender } from "./helpers/live-blender.js";
import { startServe } from "./helpers/serve.js";

// The sidecar off loopback: the network must not see the token or the scenes, and the
// token must not show in `ps`.

const CLIENT = path.resolve(import.meta.dirname, "../blender-addon/tests/connect_client.py");
let dir: string;
let cert: string;
let key: string;
let tokenFile: string;
const TOKEN = "token-from-a-file-0123456789abcdef";

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), "tls-"));
  cert = path.join(dir, "cert.pem");
  key = path.join(dir, "key.pem");
  execFileSync(
    "openssl",
    [
      "req",
      "-x509",
      "-newkey",
      "ec",
      "-pkeyopt",
      "ec_paramgen_curve:prime256v1",
      "-nodes",
      "-days",
      "2",
      "-subj",
      "/CN=localhost",
      "-addext",
      "subjectAltName=DNS:localhost,IP:127.0.0.1",
      "-keyout",
      key,
      "-out",
      cert,
    ],
    { stdio: "ignore" },
  );
  tokenFile = path.join(dir, "token");
  writeFileSync(tokenFile, `${TOKEN}\n`);
  chmodSync(tokenFile, 0o600);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The add-on's connection (plain python3): how it ended, connected or refused and why. */
function connect(url: string, token: string, fingerprint?: string): Promise<{ state: string; detail: string }> {
  const child = spawn("python3", [CLIENT, url, token, ...(fingerprint ? [fingerprint] : [])]);
  let out = "";
  child.stdout.on("data", (d: Buffer) => (out += d.toString()));
  return new Promise((resolve) =>
    child.on("exit", () => resolve(JSON.parse(out.trim()) as { state: string; detail: string })),
  );
}

const port = (url: string) => new URL(url).port;

describe("listening off loopback", () => {
  it("refuses a non-loopback address without TLS, naming the two ways on", async () => {
    const err = await startServe(["--host", "0.0.0.0", "--port", "0", "--workers", "0"]).then(
      async (s) => {
        await s.stop();
        return new Error("serve listened on 0.0.0.0 with plain ws://");
      },
      (e: Error) => e,
    );
    expect(err.message).toMatch(/0\.0\.0\.0 is not a loopback address.*--tls-cert and --tls-key.*--insecure-network/s);
  });

  it("--insecure-network serves plain ws:// anyway, with a warning", async () => {
    const serve = await startServe(["--host", "0.0.0.0", "--port", "0", "--workers", "0", "--insecure-network"]);
    try {
      expect(serve.url).toMatch(/^ws:\/\//);
      expect(serve.output()).toMatch(/serving plain ws:\/\/ on 0\.0\.0\.0 \(--insecure-network\)/);
    } finally {
      await serve.stop();
    }
  });

  const servesWss =
    "with --tls-cert and --tls-key serves wss://; " +
    "the add-on connects with the pinned fingerprint and refuses any other";
  it(servesWss, async () => {
    const serve = await startServe([
      "--host",
      "0.0.0.0",
      "--port",
      "0",
      "--workers",
      "0",
      "--tls-cert",
      cert,
      "--tls-key",
      key,
      "--token-file",
      tokenFile,
    ]);
    try {
      expect(serve.url).toMatch(/^wss:\/\//);
      const fingerprint = /fingerprint.*: ([0-9A-F:]{95})/.exec(serve.output())?.[1];
      expect(fingerprint).toBeTruthy();
      const url = `wss://127.0.0.1:${port(serve.url)}`;
      expect(await connect(url, TOKEN, fingerprint)).toMatchObject({ state: "connected" });
      const other = `${"0".repeat(2)}${fingerprint!.slice(2)}`;
      expect(await connect(url, TOKEN, other)).toMatchObject({
        state: "refused",
        detail: expect.stringMatching(/does not match the pinned fingerprint/),
      });
      expect(await connect(url, TOKEN)).toMatchObject({
        state: "refused",
        detail: expect.stringMatching(/certificate is not trusted/),
      });
    } finally {
      await serve.stop();
    }
  });
});

describe("the add-on in a real Blender window over wss://", () => {
  it("connects to a TLS sidecar whose self-signed certificate is pinned in its preferences", async () => {
    const hub = await Hub.start({ port: 0, tls: { cert: readFileSync(cert, "utf8"), key: readFileSync(key, "utf8") } });
    // The form serve prints: "AB:CD:...", which the preferences take as it is.
    const fingerprint = new X509Certificate(readFileSync(cert)).fingerprint256;
    const live = await startLiveBlender(hub, 60_000, fingerprint);
    try {
      expect(hub.url).toMatch(/^wss:\/\//);
      expect(live.session.hello).toMatchObject({ role: "live" });
      expect((await new BlenderClient(live.session).call("session.ping", {})).time).toBeGreaterThan(0);
    } finally {
      await live.stop();
      await hub.close();
    }
  });
});

describe("the token on this machine", () => {
  it("--token-file keeps the token out of ps, and serve does not print it", async () => {
    const serve = await startServe(["--port", "0", "--workers", "0", "--token-file", tokenFile]);
    try {
      const argv = readFileSync(`/proc/${serve.child.pid}/cmdline`, "utf8");
      expect(argv).toContain("--token-file");
      expect(argv).not.toContain(TOKEN);
      expect(serve.output()).not.toContain(TOKEN);
      expect(serve.output()).toContain(`session token: the contents of ${tokenFile}`);
      expect(await connect(serve.url, TOKEN)).toMatchObject({ state: "connected" });
    } finally {
      await serve.stop();
    }
  });

  it("warns about --token on the command line, and about a token file others can read", async () => {
    const argvServe = await startServe(["--port", "0", "--workers", "0", "--token", TOKEN]);
    await argvServe.stop();
    expect(argvServe.output()).toMatch(/--token shows in `ps`.*prefer --token-file/);
    const open = path.join(dir, "open-token");
    writeFileSync(open, TOKEN);
    chmodSync(open, 0o644);
    const fileServe = await startServe(["--port", "0", "--workers", "0", "--token-file", open]);
    await fileServe.stop();
    expect(fileServe.output()).toMatch(/can be read by other users of this machine; chmod 600 it/);
  });

  it("an unreadable or short token file is an error naming the file", async () => {
    const missing = await startServe(["--port", "0", "--workers", "0", "--token-file", path.join(dir, "nope")]).catch(
      (e: Error) => e,
    );
    expect((missing as Error).message).toMatch(/--token-file .*nope: cannot read it \(ENOENT\)/);
    const short = path.join(dir, "short");
    writeFileSync(short, "tiny");
    const tooShort = await startServe(["--port", "0", "--workers", "0", "--token-file", short]).catch((e: Error) => e);
    expect((tooShort as Error).message).toMatch(/--token-file .*short: a token needs at least 16 characters/);
  });
});
