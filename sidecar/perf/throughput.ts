/**
 * npm run perf:throughput — offline-provider episodes over the task set with 1 and then
 * 2 workers: tasks per hour, candidate evaluations per second, and the share of the
 * workers' busy time spent rendering (the rest is reset, program, transport, the sidecar).
 *
 * BENCH_TASKS (a --tasks spec, default: all), BENCH_DEPTH (2), BENCH_BREADTH (4),
 * BENCH_WORKERS ("1,2"), BENCH_THREADS (render threads per worker, default 1) change the
 * run. Renders use each task's own settings. One thread per worker, so that the ratio
 * measures how the system scales with workers, not Blender's threading within one.
 */
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { EpisodeConfig } from "../src/agent/episode-config.js";
import { startTaskEpisode } from "../src/agent/episode-setup.js";
import { selectTasks } from "../src/bench/task-selection.js";
import { forEachConcurrently } from "../src/concurrency.js";
import { startLocalPool } from "../src/pool/local-pool.js";

const tasks = selectTasks(process.env.BENCH_TASKS);
const config = EpisodeConfig.parse({
  depth: Number(process.env.BENCH_DEPTH ?? 2),
  breadth: Number(process.env.BENCH_BREADTH ?? 4),
});
const sizes = (process.env.BENCH_WORKERS ?? "1,2").split(",").map(Number);
const threadsPerWorker = Number(process.env.BENCH_THREADS ?? 1);

interface Figures {
  workers: number;
  wallS: number;
  tasksPerHour: number;
  evaluationsPerS: number;
  renderShare: number;
  busyShare: number;
  /** Mean render time per worker call that rendered, to see renders slow down under contention. */
  renderMsPerCall: number;
  /** The sidecar's own CPU time (all its threads) over the wall time: 1 = one core. */
  sidecarCores: number;
}

async function measure(workers: number): Promise<Figures> {
  const local = await startLocalPool({ size: workers, threadsPerWorker });
  const runs = mkdtempSync(path.join(os.tmpdir(), `throughput-${workers}-`));
  try {
    const before = local.pool.usage();
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    let evaluations = 0;
    // One episode per worker at a time; each also spreads its drafts over the pool.
    await forEachConcurrently(tasks, workers, async (task) => {
      const episode = await startTaskEpisode({ pool: local.pool, task, config, runsDir: runs });
      const summary = await episode.run();
      if (summary.status !== "finished") throw new Error(`${task.key}: ${summary.status} ${summary.error ?? ""}`);
      evaluations += 1 + summary.queries.generation; // the start, then one render per offline draft
      process.stdout.write(".");
    });
    const wallMs = performance.now() - started;
    const used = local.pool.usage();
    const cpu = process.cpuUsage(cpuBefore);
    const busyMs = used.busyMs - before.busyMs;
    process.stdout.write("\n");
    return {
      workers,
      wallS: wallMs / 1000,
      tasksPerHour: (tasks.length / wallMs) * 3_600_000,
      evaluationsPerS: evaluations / (wallMs / 1000),
      renderShare: (used.renderMs - before.renderMs) / busyMs,
      busyShare: busyMs / (wallMs * workers),
      renderMsPerCall: (used.renderMs - before.renderMs) / (used.renders - before.renders),
      sidecarCores: (cpu.user + cpu.system) / 1000 / wallMs,
    };
  } finally {
    await local.close();
  }
}

console.log(
  `${tasks.length} tasks, offline episodes of depth ${config.depth} × breadth ${config.breadth}, ` +
    `each task's own render settings, ` +
    `${threadsPerWorker} render thread(s) per worker`,
);
const results: Figures[] = [];
for (const workers of sizes) {
  const f = await measure(workers);
  results.push(f);
  console.log(
    `workers ${f.workers}: ${f.wallS.toFixed(1)} s, ${f.tasksPerHour.toFixed(0)} tasks/hour, ` +
      `${f.evaluationsPerS.toFixed(2)} candidate evaluations/s, ` +
      `rendering ${(100 * f.renderShare).toFixed(1)}% of worker busy time ` +
      `(workers busy ${(100 * f.busyShare).toFixed(0)}% of the wall time)`,
  );
  console.log(
    `  ${f.renderMsPerCall.toFixed(0)} ms of rendering per render call; ` +
      `the sidecar used ${(100 * f.sidecarCores).toFixed(1)}% of one core`,
  );
}
if (results.length === 2)
  console.log(
    `throughput ${results[1]!.workers} vs ${results[0]!.workers} workers: ` +
      `${(results[1]!.tasksPerHour / results[0]!.tasksPerHour).toFixed(2)}x`,
  );
