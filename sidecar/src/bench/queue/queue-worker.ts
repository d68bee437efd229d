import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { type Job, UnrecoverableError, Worker } from "bullmq";
import type { Redis } from "ioredis";
import { z } from "zod";
import type { ClipMetric } from "../../metrics/nclip.js";
import type { WorkerPool } from "../../pool/worker-pool.js";
import type { RequestPermit } from "../../providers/retry.js";
import { runTask } from "../bench-runner.js";
import type { ResultRow } from "../results.js";
import { BENCH_QUEUE, BenchJobData, failedRowKey, taskOf } from "./bench-job.js";
import { downloadLatestRecord, RecordUploader } from "./record-transfer.js";
import { RequestPermits } from "./request-permits.js";

/** What a finished job returns to the coordinator: the result row and which attempt's record to fetch. */
export interface JobResult {
  row: ResultRow;
  attempt: number;
  /** Time the job spent on the queue's own work here: fetching an earlier attempt's record, the last upload. */
  queueMs: number;
}

export interface QueueWorkerOptions {
  redis: Redis;
  pool: WorkerPool;
  clip: ClipMetric;
  /** Jobs (episodes) at once. */
  concurrency: number;
  /** A job whose worker has been silent this long goes back to the queue for another. */
  stalledAfterMs: number;
  /** How this worker shows in `bench status` (host:pid). */
  name: string;
  /** A folder of this machine's for the records of jobs in flight. */
  scratch: string;
  onEvent?: (what: string) => void;
}

/** A running queue worker: `finish` takes no new jobs and waits for its own; `giveBack` returns them at once. */
export interface QueueWorker {
  finish(): Promise<void>;
  giveBack(): Promise<void>;
  /** The jobs being played now. */
  readonly active: number;
}

/**
 * Take benchmark jobs from the queue and play each on the local Blender pool. An episode
 * sends its record after every iteration (a checkpoint), so when this machine dies the
 * attempt that takes the job over resumes from the last finished iteration instead of
 * starting again. A failed episode fails the job, which BullMQ retries until its attempts
 * are spent; its row is left in Redis, so the summary gives the reason and what was measured.
 */
export function startQueueWorker(o: QueueWorkerOptions): QueueWorker {
  const running = new Map<string, Job>();
  // One permit queue per API and limit, started by the first job that needs it.
  const permits = new Map<string, Promise<RequestPermits>>();
  const permitFor = async (data: BenchJobData): Promise<RequestPermit | undefined> => {
    const { provider } = data.agent;
    if (!provider || !data.rateLimit) return undefined;
    const key = JSON.stringify([provider.provider, provider.baseUrl, data.rateLimit]);
    if (!permits.has(key)) permits.set(key, RequestPermits.start(o.redis, provider, data.rateLimit));
    return (await permits.get(key)!).acquire;
  };
  const closePermits = async () => {
    await Promise.all([...permits.values()].map(async (p) => (await p).close()));
  };

  const play = async (job: Job): Promise<JobResult> => {
    const parsed = BenchJobData.safeParse(job.data);
    if (!parsed.success)
      throw new UnrecoverableError(`job ${job.id} is not a benchmark job: ${z.prettifyError(parsed.error)}`);
    const data = parsed.data;
    const task = taskOf(data);
    const id = job.id!;
    const attempt = job.attemptsStarted;
    const dir = path.join(o.scratch, id, String(attempt));
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(path.dirname(dir), { recursive: true });
    running.set(id, job);
    try {
      const fetchStarted = performance.now();
      const resumedFrom = await downloadLatestRecord(o.redis, id, attempt, dir);
      let queueMs = performance.now() - fetchStarted;
      const resuming = resumedFrom ? `, resuming attempt ${resumedFrom}'s record` : "";
      o.onEvent?.(`${task.key}: attempt ${attempt}${resuming}`);
      const uploader = new RecordUploader(o.redis, id, attempt, dir);
      const agent = { ...data.agent, permit: await permitFor(data) };
      const options = { ...data, agent, pool: o.pool, clip: o.clip };
      const row = await runTask(options, task, data.label, dir, (episode) =>
        episode.events.on("iteration.ended", (e) =>
          uploader.push().then(
            () => o.onEvent?.(`${task.key}: iteration ${e.iteration} checkpointed`),
            (err: Error) => o.onEvent?.(`${task.key}: iteration ${e.iteration} not checkpointed: ${err.message}`),
          ),
        ),
      );
      const uploadStarted = performance.now();
      await uploader.push();
      queueMs += performance.now() - uploadStarted;
      if (row.status === "failed") {
        // BullMQ retries it (elsewhere, maybe); after the last attempt the coordinator writes this row.
        await o.redis.set(failedRowKey(id), JSON.stringify(row));
        throw new Error(row.failure ?? "the episode failed");
      }
      o.onEvent?.(`${task.key}: done`);
      return { row, attempt, queueMs };
    } finally {
      running.delete(id);
      rmSync(path.join(o.scratch, id), { recursive: true, force: true });
    }
  };

  const worker = new Worker<unknown, JobResult>(BENCH_QUEUE, play, {
    connection: o.redis,
    concurrency: o.concurrency,
    name: o.name,
    lockDuration: o.stalledAfterMs,
    stalledInterval: o.stalledAfterMs,
    // A job whose workers keep dying (a poison task that crashes Blender) fails in the end.
    maxStalledCount: 2,
  });
  worker.on("failed", (job, err) => job && o.onEvent?.(`${job.name}: ${err.message}`));
  worker.on("error", () => {}); // Redis errors: connectRedis logs the outage once

  return {
    get active() {
      return running.size;
    },
    finish: async () => {
      await worker.close();
      await closePermits();
    },
    giveBack: async () => {
      // job.token: the lock this worker holds on it, which moving it back needs.
      await Promise.all([...running.values()].map((job) => job.moveToWait(job.token).catch(() => {})));
      await worker.close(true);
      await closePermits();
    },
  };
}
