import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, realpathSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Logger } from "../log.js";
import { ADDON_DIR, WORKER_ENTRY } from "./blender-binary.js";
import { launchCommand, workerEnvironment } from "./sandbox.js";

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** How to start one worker. */
export interface WorkerSpec {
  blender: string;
  sandbox: "bwrap" | "off";
  workerId: string;
  /** Its one-time key (see Authenticator), written to its stdin. */
  key: string;
  /** Where it connects: the hub's Unix socket, else its URL. */
  hub: { socket?: string; url: string };
  threads: number;
  memoryLimitBytes: number;
}

/** Every Blender this sidecar started; killed on exit so none is ever orphaned. */
const running = new Set<ChildProcess>();
process.once("exit", () => {
  for (const child of running) child.kill("SIGKILL");
});

const TAIL_LINES = 40;

/**
 * One headless `blender -b` running the worker entry (inside the sandbox when there is
 * one), with its own scratch folder, removed when it exits, and its output kept for errors.
 */
export class WorkerProcess {
  readonly child: ChildProcess;
  readonly exited: Promise<Exit>;
  /** The worker's writable folder: the only one a sandboxed worker can write, or see besides the system. */
  readonly scratch: string;
  exit: Exit | undefined;
  private readonly tail: string[] = [];

  constructor(spec: WorkerSpec, log: Logger) {
    this.scratch = realpathSync(mkdtempSync(path.join(tmpdir(), `blender-agent-${spec.workerId}-`)));
    const where = spec.hub.socket ? ["--socket", spec.hub.socket] : ["--url", spec.hub.url];
    const blenderArgs = [
      "-b",
      "--factory-startup",
      "-noaudio",
      "-t",
      String(spec.threads),
      "--python-exit-code",
      "1",
      "--python",
      WORKER_ENTRY,
      "--",
      ...where,
      "--worker-id",
      spec.workerId,
      "--memory-limit",
      String(spec.memoryLimitBytes),
    ];
    const readOnly = [ADDON_DIR, ...(spec.hub.socket ? [path.dirname(spec.hub.socket)] : [])];
    const launch = launchCommand(
      spec.sandbox,
      spec.blender,
      blenderArgs,
      { scratch: this.scratch, readOnly },
      workerEnvironment(this.scratch, spec.threads),
    );
    // A process group of its own: a terminal's Ctrl+C goes to the sidecar, which decides what
    // becomes of the work in hand (a bench worker finishes its jobs first), not to its Blenders.
    // A Blender still never outlives the sidecar: it exits when its connection closes.
    this.child = spawn(launch.command, launch.args, {
      stdio: ["pipe", "pipe", "pipe"],
      env: launch.env,
      detached: true,
    });
    // The key goes down a pipe, read once at start: it shows neither in `ps` nor in the
    // environment a candidate program could print.
    this.child.stdin?.on("error", () => {}); // a Blender that failed to start closed its end
    this.child.stdin?.end(`${spec.key}\n`);
    running.add(this.child);
    const collect = (stream: NodeJS.ReadableStream | null) =>
      stream?.setEncoding("utf8").on("data", (chunk: string) => {
        for (const line of chunk.split("\n")) {
          if (!line.trim()) continue;
          log.debug(`[${spec.workerId}] ${line}`);
          this.tail.push(line);
          if (this.tail.length > TAIL_LINES) this.tail.shift();
        }
      });
    collect(this.child.stdout);
    collect(this.child.stderr);
    this.exited = new Promise((resolve) => {
      const ended = (exit: Exit) => {
        running.delete(this.child);
        rmSync(this.scratch, { recursive: true, force: true });
        this.exit = exit;
        resolve(exit);
      };
      this.child.once("exit", (code, signal) => ended({ code, signal }));
      this.child.once("error", (err) => {
        this.tail.push(`failed to start ${launch.command}: ${err.message}`);
        ended({ code: null, signal: null });
      });
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** The last lines Blender printed, for error messages. */
  output(): string {
    return this.tail.join("\n");
  }

  /** Whether its last words say an allocation failed (Blender's allocator, C++, Python). */
  ranOutOfMemory(): boolean {
    return /returns null|std::bad_alloc|MemoryError|Out of memory|Cannot allocate memory/i.test(this.output());
  }

  describeExit(): string {
    if (!this.exit) return "still running";
    return this.exit.signal ? `killed by ${this.exit.signal}` : `exited with code ${this.exit.code}`;
  }

  kill(): void {
    if (!this.exit) this.child.kill("SIGKILL");
  }

  /** Wait for the process to end on its own; SIGKILL it after `graceMs`. */
  async stop(graceMs: number): Promise<Exit> {
    const timer = setTimeout(() => this.kill(), graceMs);
    const exit = await this.exited;
    clearTimeout(timer);
    return exit;
  }
}
