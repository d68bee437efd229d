import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";

const REPO = path.resolve(import.meta.dirname, "../..");

export interface ServeProcess {
  child: ChildProcess;
  /** The WebSocket URL the sidecar printed. */
  url: string;
  /** The session token it printed. */
  token: string;
  /** Everything it printed so far (stdout and stderr). */
  output(): string;
  /** Resolves with the exit code (or signal) once the process has ended. */
  exited: Promise<number | string | null>;
  /** The sidecar's own resident memory right now and at its peak, in bytes (Linux). */
  memory(): { rss: number; peak: number };
  stop(): Promise<void>;
}

/**
 * `npm start -- serve ARGS` as a user starts it, run as node itself (tsx as its loader) so
 * the process a test probes is the sidecar, not npx. Resolves once it has printed its URL
 * and token; rejects with its output if it exits first.
 */
export function startServe(args: string[], env: NodeJS.ProcessEnv = {}): Promise<ServeProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", "sidecar/src/cli.ts", "serve", ...args], {
    cwd: REPO,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, BLENDER_AGENT_LOG_LEVEL: "warn", ...env },
  });
  let out = "";
  const exited = new Promise<number | string | null>((resolve) =>
    child.once("exit", (code, signal) => resolve(code ?? signal)),
  );
  const memory = () => {
    const status = readFileSync(`/proc/${child.pid}/status`, "utf8");
    const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? Number.NaN) * 1024;
    return { rss: kb("VmRSS"), peak: kb("VmHWM") };
  };
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    await exited;
  };
  return new Promise((resolve, reject) => {
    const onData = (d: Buffer) => {
      out += d.toString();
      const url = /listening on (wss?:\/\/\S+)/.exec(out)?.[1];
      const token = /session token: (.+)/.exec(out)?.[1];
      // Wait for the line after the token, so warnings printed before it are in the output.
      if (url && token && /In Blender:/.test(out))
        resolve({ child, url, token, output: () => out, exited, memory, stop });
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", (d: Buffer) => (out += d.toString()));
    void exited.then((code) => reject(new Error(`serve exited (${code}) before it was ready:\n${out}`)));
  });
}
