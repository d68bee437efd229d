import { spawn, type ChildProcess } from "node:child_process";
import type { Logger } from "../log.js";
import { WORKER_ENTRY } from "./blender-binary.js";

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** Every Blender this sidecar started; killed on exit so none is ever orphaned. */
const running = new Set<ChildProcess>();
process.once("exit", () => {
  for (const child of running) child.kill("SIGKILL");
});

const TAIL_LINES = 40;

/** One headless `blender -b` running the worker entry, with its output kept for errors. */
export class WorkerProcess {
  readonly child: ChildProcess;
  readonly exited: Promise<Exit>;
  exit: Exit | undefined;
  private readonly tail: string[] = [];

  constructor(blender: string, args: { url: string; key: string; workerId: string; threads: number }, log: Logger) {
    const threads = String(args.threads);
    this.child = spawn(
      blender,
      ["-b", "--factory-startup", "-noaudio", "-t", threads, "--python-exit-code", "1", "--python", WORKER_ENTRY, "--", "--url", args.url, "--worker-id", args.workerId],
      // LP_NUM_THREADS bounds Mesa's llvmpipe, which draws Workbench and EEVEE here; -t bounds Cycles.
      { stdio: ["pipe", "pipe", "pipe"], env: { ...process.env, LP_NUM_THREADS: threads } },
    );
    // The worker's one-time key goes down a pipe, read once at start: it shows neither in
    // `ps` nor in the environment a candidate program could print.
    this.child.stdin?.on("error", () => {}); // a Blender that failed to start closed its end
    this.child.stdin?.end(`${args.key}\n`);
    running.add(this.child);
    const collect = (stream: NodeJS.ReadableStream | null) =>
      stream?.setEncoding("utf8").on("data", (chunk: string) => {
        for (const line of chunk.split("\n")) {
          if (!line.trim()) continue;
          log.debug(`[${args.workerId}] ${line}`);
          this.tail.push(line);
          if (this.tail.length > TAIL_LINES) this.tail.shift();
        }
      });
    collect(this.child.stdout);
    collect(this.child.stderr);
    this.exited = new Promise((resolve) => {
      this.child.once("exit", (code, signal) => {
        running.delete(this.child);
        this.exit = { code, signal };
        resolve(this.exit);
      });
      this.child.once("error", (err) => {
        running.delete(this.child);
        this.tail.push(`failed to start ${blender}: ${err.message}`);
        this.exit = { code: null, signal: null };
        resolve(this.exit);
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
