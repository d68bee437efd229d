import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { BlenderSession } from "../../sidecar/src/hub/blender-session.js";
import type { Hub } from "../../sidecar/src/hub/hub-server.js";
import { findBlender } from "../../sidecar/src/pool/blender-binary.js";

const REPO = fileURLToPath(new URL("../../", import.meta.url));

export interface LiveBlender {
  session: BlenderSession;
  output(): string;
  stop(): Promise<void>;
}

/**
 * An interactive Blender in a virtual X display, with the add-on enabled from this
 * repo (through BLENDER_USER_SCRIPTS) and connected to `hub` as role `live`.
 */
export async function startLiveBlender(hub: Hub, timeoutMs = 60_000): Promise<LiveBlender> {
  const blender = findBlender();
  const home = mkdtempSync(path.join(tmpdir(), "blender-agent-live-"));
  const env = { ...process.env, BLENDER_USER_SCRIPTS: path.join(home, "scripts"), BLENDER_USER_CONFIG: path.join(home, "config") };
  mkdirSync(path.join(home, "scripts", "addons"), { recursive: true });
  symlinkSync(path.join(REPO, "blender-addon", "blender_agent"), path.join(home, "scripts", "addons", "blender_agent"));
  // Saved preferences with the splash off, so the window shows the scene, as an artist's would.
  spawnSync(blender, ["-b", "--factory-startup", "--python-expr", "import bpy; bpy.context.preferences.view.show_splash = False; bpy.ops.wm.save_userpref()"], { env });

  const child: ChildProcess = spawn(
    "xvfb-run",
    ["-a", "-s", "-screen 0 1280x800x24", blender, "--python", path.join(REPO, "test", "fixtures", "live_start.py"), "--", hub.url, hub.token],
    { env, detached: true, stdio: ["ignore", "pipe", "pipe"] },
  );
  let output = "";
  child.stdout?.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (output += d.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const killGroup = () => {
    try {
      process.kill(-child.pid!, "SIGKILL"); // xvfb-run, Xvfb and Blender together
    } catch {
      // already gone
    }
  };
  const stop = async () => {
    killGroup();
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
    rmSync(home, { recursive: true, force: true });
  };
  try {
    const session = await Promise.race([
      hub.waitForSession((s) => s.role === "live", timeoutMs, "the live Blender to connect"),
      exited.then(() => {
        throw new Error(`interactive Blender exited before connecting:\n${output}`);
      }),
    ]);
    return { session, output: () => output, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
