import { spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { Hub } from "../sidecar/src/hub/hub-server.js";
import { WorkerPool } from "../sidecar/src/pool/worker-pool.js";

const CLI = fileURLToPath(new URL("../sidecar/src/cli.ts", import.meta.url));

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Processes whose command line holds `text` (Linux). */
function processesMentioning(text: string): number[] {
  return readdirSync("/proc")
    .filter((d) => /^\d+$/.test(d))
    .filter((d) => {
      try {
        return readFileSync(`/proc/${d}/cmdline`, "utf8").includes(text);
      } catch {
        return false; // ended meanwhile
      }
    })
    .map(Number);
}

async function gone(pids: number[], withinMs: number): Promise<boolean> {
  const deadline = Date.now() + withinMs;
  while (Date.now() < deadline) {
    if (pids.every((p) => !alive(p))) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

async function workerPids(pool: WorkerPool, n: number): Promise<number[]> {
  // Hold every worker at once so each pid is seen exactly once.
  const pids: number[] = [];
  let release!: () => void;
  const hold = new Promise<void>((r) => (release = r));
  const holders = Array.from({ length: n }, () =>
    pool.withWorker(async (w) => {
      pids.push(w.process.pid!);
      if (pids.length === n) release();
      await hold;
    }),
  );
  await Promise.all(holders);
  return pids;
}

describe("worker processes never outlive the sidecar", () => {
  it("pool.close() ends every worker", async () => {
    const hub = await Hub.start({ port: 0 });
    const pool = await WorkerPool.start(hub, { size: 2 });
    const pids = await workerPids(pool, 2);
    expect(pids.every(alive)).toBe(true);
    await pool.close();
    await hub.close();
    expect(await gone(pids, 5000)).toBe(true);
  });

  it("workers exit by themselves when a crashed sidecar's connection goes away", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", CLI, "--port", "0", "--workers", "1"], {
      env: { ...process.env, BLENDER_AGENT_LOG_LEVEL: "info" },
    });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    const deadline = Date.now() + 60_000;
    while (!/workers ready/.test(out) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    const pid = Number(/worker w1 \(pid (\d+)\) ready/.exec(out)?.[1]);
    expect(pid).toBeGreaterThan(0);
    expect(alive(pid)).toBe(true);
    // Every process of that worker: the sandbox's and Blender's own, found by the hub's socket on their command lines.
    const socket = /for workers, (\S+)/.exec(out)?.[1];
    expect(socket).toBeTruthy();
    const workerProcesses = processesMentioning(socket!);
    expect(workerProcesses).toContain(pid);
    expect(workerProcesses.length).toBeGreaterThanOrEqual(2);
    child.kill("SIGKILL"); // no shutdown code runs
    expect(await gone(workerProcesses, 10_000)).toBe(true);
  });
});
