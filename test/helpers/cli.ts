import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";

const REPO = path.resolve(import.meta.dirname, "../..");

export interface CliRun {
  code: number | null;
  signal: string | null;
  out: string;
}

/**
 * Run one of our TypeScript entry points through tsx, as `npm start` / `npm run` do, in
 * its own process group so a test can SIGKILL it with its workers; `onLine` sees each
 * stdout line as it comes. Resolves with the whole output once it exits, or once
 * `timeoutMs` has passed and it has been killed: a hung run fails its test with its output
 * instead of leaving Blender running. The default stays under vitest's 60 s test timeout.
 */
export function runTsx(
  script: string,
  args: string[],
  onLine?: (line: string, child: ChildProcess) => void,
  timeoutMs = 50_000,
): Promise<CliRun> {
  // node itself with tsx's loader, no npx or tsx CLI between: a signal to the process group
  // reaches the program as a terminal's Ctrl+C reaches it, once.
  const child = spawn(process.execPath, ["--import", "tsx", script, ...args], {
    cwd: REPO,
    detached: true,
    stdio: ["pipe", "pipe", "pipe"],
    env: { ...process.env, BLENDER_AGENT_LOG_LEVEL: "warn" },
  });
  let out = "";
  child.stdout.on("data", (d: Buffer) => {
    for (const line of d.toString().split("\n")) if (line) onLine?.(line, child);
    out += d.toString();
  });
  child.stderr.on("data", (d: Buffer) => (out += d.toString()));
  const timer = setTimeout(() => {
    out += `\n[${script}: no exit within ${timeoutMs} ms; killed]`;
    process.kill(-child.pid!, "SIGKILL");
  }, timeoutMs);
  return new Promise((resolve) =>
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, out });
    }),
  );
}

/** `npm start -- run ARGS`. */
export function runCli(
  args: string[],
  onLine?: (line: string, child: ChildProcess) => void,
  timeoutMs?: number,
): Promise<CliRun> {
  return runTsx("sidecar/src/cli.ts", ["run", ...args], onLine, timeoutMs);
}

/** The record folder named by the CLI's first line ("episode <id> on ..."). */
export function episodeDirOf(out: string): string {
  const m = /^episode (\S+) on /m.exec(out);
  if (!m) throw new Error(`no episode line in:\n${out}`);
  return m[1]!;
}
