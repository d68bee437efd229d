import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { BlenderClient } from "../../sidecar/src/hub/blender-client.js";
import type { Hub } from "../../sidecar/src/hub/hub-server.js";
import type { PeerSession } from "../../sidecar/src/hub/peer-session.js";
import { findBlender } from "../../sidecar/src/pool/blender-binary.js";
import type { WorkerPool } from "../../sidecar/src/pool/worker-pool.js";
import { screenshotX, type XDisplay } from "./x-screenshot.js";

const REPO = fileURLToPath(new URL("../../", import.meta.url));

export interface LiveBlender extends LaunchedBlender {
  session: PeerSession;
}

/** An interactive Blender window under Xvfb, not yet known to have connected. */
export interface LaunchedBlender {
  /** Resolves when Blender (and its Xvfb) have exited. */
  exited: Promise<void>;
  output(): string;
  /** Save a PNG of the whole window to `file`, without using the connection. */
  screenshot(file: string, timeoutMs?: number): Promise<void>;
  /**
   * Do what an artist does in the window (fill the panel, press its buttons): run `code`
   * there, on Blender's main thread, and return what it left in `result` (JSON).
   */
  inWindow<T = unknown>(code: string, timeoutMs?: number): Promise<T>;
  /** Blender closed as a crash would close it; its files (its snapshots) stay, as on an artist's machine. */
  kill(): Promise<void>;
  /** Blender closed and its files removed. */
  stop(): Promise<void>;
}

/**
 * An interactive Blender in a virtual X display, with the add-on enabled from this
 * repo (through BLENDER_USER_SCRIPTS) and told to connect to `url` with `token`, as an
 * artist would from the add-on's preferences (with a TLS fingerprint for a wss:// sidecar
 * whose certificate is self-signed). The add-on keeps reconnecting to that URL.
 */
export function launchLiveBlender(url: string, token: string, tlsFingerprint = ""): LaunchedBlender {
  const blender = findBlender();
  const home = mkdtempSync(path.join(tmpdir(), "blender-agent-live-"));
  const env = {
    ...process.env,
    BLENDER_USER_SCRIPTS: path.join(home, "scripts"),
    BLENDER_USER_CONFIG: path.join(home, "config"),
  };
  mkdirSync(path.join(home, "scripts", "addons"), { recursive: true });
  symlinkSync(path.join(REPO, "blender-addon", "blender_agent"), path.join(home, "scripts", "addons", "blender_agent"));
  // Saved preferences with the splash off, so the window shows the scene, as an artist's would.
  spawnSync(
    blender,
    [
      "-b",
      "--factory-startup",
      "--python-expr",
      "import bpy; bpy.context.preferences.view.show_splash = False; bpy.ops.wm.save_userpref()",
    ],
    { env },
  );

  const child: ChildProcess = spawn(
    "xvfb-run",
    [
      "-a",
      "-s",
      "-screen 0 1280x800x24",
      blender,
      "--enable-event-simulate",
      "--python",
      path.join(REPO, "test", "fixtures", "live_start.py"),
      "--",
      url,
      token,
      home,
      tlsFingerprint,
    ],
    { env, detached: true, stdio: ["ignore", "pipe", "pipe"] },
  );
  let output = "";
  child.stdout?.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (output += d.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const kill = async () => {
    try {
      process.kill(-child.pid!, "SIGKILL"); // xvfb-run, Xvfb and Blender together
    } catch {
      // already gone
    }
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
  };
  const stop = async () => {
    await kill();
    rmSync(home, { recursive: true, force: true });
  };
  const screenshot = async (file: string, timeoutMs = 10_000) => {
    const request = path.join(home, "screenshot");
    writeFileSync(request, file);
    const deadline = Date.now() + timeoutMs;
    while (existsSync(request)) {
      if (Date.now() > deadline)
        throw new Error(`Blender did not get ready for a screenshot within ${timeoutMs} ms:\n${output}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    await screenshotX(JSON.parse(readFileSync(path.join(home, "display.json"), "utf8")) as XDisplay, file);
  };
  const inWindow = async <T>(code: string, timeoutMs = 10_000): Promise<T> => {
    const answer = path.join(home, "run.out");
    rmSync(answer, { force: true });
    writeFileSync(path.join(home, "run"), code);
    const deadline = Date.now() + timeoutMs;
    while (!existsSync(answer)) {
      if (Date.now() > deadline) throw new Error(`Blender did not run the code within ${timeoutMs} ms:\n${output}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    const out = JSON.parse(readFileSync(answer, "utf8")) as { ok: boolean; result?: T; error?: string };
    if (!out.ok) throw new Error(`in the Blender window:\n${out.error}`);
    return out.result as T;
  };
  return { exited, output: () => output, screenshot, inWindow, kill, stop };
}

/** An interactive Blender (see launchLiveBlender) connected to `hub` as role `live`. */
export async function startLiveBlender(hub: Hub, timeoutMs = 60_000, tlsFingerprint = ""): Promise<LiveBlender> {
  const launched = launchLiveBlender(hub.url, hub.token, tlsFingerprint);
  try {
    const session = await Promise.race([
      hub.waitForSession((s) => s.role === "live", timeoutMs, "the live Blender to connect"),
      launched.exited.then(() => {
        throw new Error(`interactive Blender exited before connecting:\n${launched.output()}`);
      }),
    ]);
    return { ...launched, session };
  } catch (err) {
    await launched.stop();
    throw err;
  }
}

/**
 * Run `code` in the artist's Blender the only way the sidecar allows: after it ran cleanly
 * in a worker of this run (the worker has Blender's default scene unless told otherwise).
 */
export async function previewThenRun(
  pool: WorkerPool,
  live: BlenderClient,
  code: string,
  options: { label?: string; timeoutMs?: number } = {},
) {
  await pool.call("program.run", { code });
  return live.call("program.run", { code, ...options });
}
