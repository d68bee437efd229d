/**
 * npm run perf:distributed — the benchmark through the Redis queue against the local
 * runner, on this one machine: tasks per hour with 1, 2 and 4 `bench worker` processes
 * (one Blender each) and with the local runner's 2 workers in one process; and the
 * queue's overhead per job: pickup (a worker's previous job finished → its next one
 * started, while jobs waited), the queue's work inside the job on the worker (the last
 * record upload; checkpoints upload while the episode goes on), and delivery (a job
 * finished → its row and record written to --out by the coordinator). As a cross-check,
 * the wall time per job of 1 worker process against the local runner with 1 worker.
 *
 * BENCH_TASKS (a --tasks spec; default 8 Workbench tasks), BENCH_DEPTH (2), BENCH_BREADTH
 * (4), BENCH_PROCESSES ("1,2,4"), BENCH_ROUNDS (2) change the run. Every Blender renders with one thread, so
 * processes sharing the machine do not oversubscribe its cores.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { EpisodeConfig } from "../src/agent/episode-config.js";
import { runBench } from "../src/bench/bench-runner.js";
import { type JobTiming, runQueuedBench } from "../src/bench/queue/queue-coordinator.js";
import { connectRedis } from "../src/bench/queue/redis-connection.js";
import { selectTasks } from "../src/bench/task-selection.js";
import { loadClipMetric } from "../src/metrics/nclip.js";
import { startLocalPool } from "../src/pool/local-pool.js";
import { PROJECT_ROOT } from "../src/project-root.js";
import { startRedis } from "./redis-server.js";
import { median, quantile } from "./stats.js";

const DEFAULT_TASKS = [
  "blendshape/car-long-hood-low-roof",
  "blendshape/car-lowered-flares",
  "blendshape/car-spoiler",
  "placement/desk-chair-tuck-in",
  "placement/desk-rearrange",
  "placement/desk-stack-books",
  "geometry/books-messy-thin",
  "geometry/books-taller-stack",
].join(",");
const tasks = selectTasks(process.env.BENCH_TASKS ?? DEFAULT_TASKS);
const config = EpisodeConfig.parse({
  depth: Number(process.env.BENCH_DEPTH ?? 2),
  breadth: Number(process.env.BENCH_BREADTH ?? 4),
});
const processes = (process.env.BENCH_PROCESSES ?? "1,2,4").split(",").map(Number);
const rounds = Number(process.env.BENCH_ROUNDS ?? 2);
const agent = {};
const clip = await loadClipMetric(undefined);

const perHour = (ms: number) => (tasks.length / ms) * 3_600_000;
const out = (what: string) => mkdtempSync(path.join(os.tmpdir(), `distributed-${what}-`));

async function local(workers: number): Promise<number> {
  const pool = await startLocalPool({ size: workers, threadsPerWorker: 1 });
  try {
    const started = performance.now();
    await runBench({ pool: pool.pool, tasks, config, agent, out: out("local"), concurrency: workers, clip });
    return performance.now() - started;
  } finally {
    await pool.close();
  }
}

/** A `bench worker` process with one single-threaded Blender, resolved once it takes jobs. */
function startWorker(url: string): Promise<ChildProcess> {
  const child = spawn(
    "npx",
    ["tsx", "sidecar/src/cli/bench.ts", "worker", "--queue", url, "--workers", "1", "--threads", "1"],
    { cwd: PROJECT_ROOT, detached: true, stdio: ["ignore", "pipe", "inherit"], env: process.env },
  );
  return new Promise((resolve, reject) => {
    child.stdout!.on("data", (d: Buffer) => d.toString().includes("taking jobs") && resolve(child));
    child.once("exit", (code) => reject(new Error(`a worker exited with ${code} before taking jobs`)));
  });
}

async function stopWorker(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once("exit", resolve));
  process.kill(-child.pid!, "SIGINT");
  await exited;
}

interface Queued {
  ms: number;
  timings: JobTiming[];
}

async function queued(url: string, count: number): Promise<Queued> {
  const redis = await connectRedis(url);
  await redis.flushall(); // no finished jobs of the last measurement to collect instead of playing
  const workers = await Promise.all(Array.from({ length: count }, () => startWorker(url)));
  try {
    const timings: JobTiming[] = [];
    const started = performance.now();
    await runQueuedBench({
      redis,
      tasks,
      config,
      agent,
      out: out(`queued-${count}`),
      attempts: 1,
      onResult: (_row, _done, _total, timing) => timings.push(timing),
    });
    return { ms: performance.now() - started, timings };
  } finally {
    await Promise.all(workers.map(stopWorker));
    redis.disconnect();
  }
}

/** Per worker, the gaps between one job finishing and its next starting: the queue's pickup time. */
function pickupGaps(timings: JobTiming[]): number[] {
  const byWorker = new Map<string, JobTiming[]>();
  for (const t of timings) byWorker.set(t.worker ?? "?", [...(byWorker.get(t.worker ?? "?") ?? []), t]);
  return [...byWorker.values()].flatMap((jobs) => {
    const sorted = jobs.sort((a, b) => a.startedAt! - b.startedAt!);
    return sorted.slice(1).map((job, i) => job.startedAt! - sorted[i]!.finishedAt!);
  });
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
const ms = (x: number) => `${x.toFixed(1)} ms`;

console.log(
  `${tasks.length} tasks, offline episodes of depth ${config.depth} × breadth ${config.breadth}, ` +
    `each task's own render settings, one render thread per Blender`,
);
const redis = await startRedis();
try {
  // Rounds, each measuring every setting once, interleaved: this machine's speed drifts by
  // tens of percent over minutes, and medians of interleaved runs compare like with like.
  const localMs = new Map<number, number[]>();
  const walls = new Map<number, number[]>();
  const pickups: number[] = [];
  const inJob: number[] = [];
  const deliveries: number[] = [];
  const add = (m: Map<number, number[]>, k: number, v: number) => m.set(k, [...(m.get(k) ?? []), v]);
  for (let round = 1; round <= rounds; round++) {
    for (const workers of [1, 2]) {
      const wall = await local(workers);
      add(localMs, workers, wall);
      console.log(
        `round ${round}: local runner, ${workers} worker(s): ${(wall / 1000).toFixed(1)} s, ` +
          `${perHour(wall).toFixed(0)} tasks/hour`,
      );
    }
    for (const count of processes) {
      const q = await queued(redis.url, count);
      add(walls, count, q.ms);
      const gaps = pickupGaps(q.timings);
      const worked = q.timings.map((t) => t.workerQueueMs ?? 0);
      const delivered = q.timings.map((t) => t.writtenAt - t.finishedAt!);
      pickups.push(...gaps);
      inJob.push(...worked);
      deliveries.push(...delivered);
      console.log(
        `round ${round}: queue, ${count} worker process(es): ${(q.ms / 1000).toFixed(1)} s, ` +
          `${perHour(q.ms).toFixed(0)} tasks/hour; per job: pickup ${ms(mean(gaps))}, ` +
          `on the worker ${ms(mean(worked))}, delivery ${ms(mean(delivered))} (p95 ${ms(quantile(delivered, 0.95))})`,
      );
    }
  }
  console.log(`medians over ${rounds} round(s):`);
  for (const [workers, w] of localMs)
    console.log(`  local runner, ${workers} worker(s): ${perHour(median(w)).toFixed(0)} tasks/hour`);
  for (const [count, w] of walls) {
    const against = Math.min(count, 2);
    console.log(
      `  queue, ${count} worker process(es): ${perHour(median(w)).toFixed(0)} tasks/hour, ` +
        `${(median(localMs.get(against)!) / median(w)).toFixed(2)}x the local runner with ${against} worker(s)`,
    );
  }
  if (walls.has(1))
    console.log(
      `  wall time per job, 1 worker process vs the local runner with 1 worker: ` +
        `${ms((median(walls.get(1)!) - median(localMs.get(1)!)) / tasks.length)}`,
    );
  if (walls.has(2))
    console.log(
      `2 worker processes vs the local runner's 2 workers: ` +
        `${(median(localMs.get(2)!) / median(walls.get(2)!)).toFixed(2)}x`,
    );
  console.log(
    `queue overhead per job ${ms(mean(pickups) + mean(inJob) + mean(deliveries))} (pickup + on the worker + delivery)`,
  );
} finally {
  await redis.stop();
}
