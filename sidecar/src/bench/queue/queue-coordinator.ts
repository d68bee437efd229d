import path from "node:path";
import { type Job, Queue, QueueEvents } from "bullmq";
import type { Redis } from "ioredis";
import { z } from "zod";
import type { Task } from "../../tasks/task-loader.js";
import { configLabel, episodeDir, failedRow } from "../bench-runner.js";
import { appendResult, ResultRow, readResults } from "../results.js";
import { BENCH_QUEUE, configHash, failedRowKey, type JobRun, jobData, jobId } from "./bench-job.js";
import { deleteRecords, downloadLatestRecord, downloadRecord, hasRecord } from "./record-transfer.js";

export interface QueuedBenchOptions extends Omit<JobRun, "label"> {
  redis: Redis;
  tasks: Task[];
  out: string;
  /** Tries per job before it ends failed (a worker lost mid-job does not count as a try). */
  attempts: number;
  /** `workers`: the queue's workers connected now (the progress line's ETA assumes they stay). */
  onPlan?: (todo: readonly Task[], counts: { enqueued: number; queued: number; workers: number }) => void;
  onStarted?: (task: string, worker: string, attempt: number) => void;
  onResult?: (row: ResultRow, done: number, total: number, timing: JobTiming) => void;
}

/** When a job's result reached --out, against BullMQ's own stamps, for the queue's overhead. */
export interface JobTiming {
  /** The worker that played it (host:pid). */
  worker?: string;
  /** The queue's own work inside the job, on the worker (JobResult.queueMs). */
  workerQueueMs?: number;
  enqueuedAt: number;
  startedAt?: number;
  finishedAt?: number;
  writtenAt: number;
}

/** Finished jobs stay this long, so a rerun finds them and `bench status` shows them. */
const KEEP_SECONDS = 14 * 24 * 3600;
/** A check of every pending job's state, in case an event was missed (Redis restarted). */
const POLL_MS = 5000;

/** What a worker returns (JobResult), checked: Redis is shared with other machines. */
const JobReturn = z.object({ row: ResultRow, attempt: z.number().int().min(1), queueMs: z.number().min(0) });

/**
 * `bench run --queue`: one job per task of this configuration (jobs already in the queue
 * are not added again), then wait and write each result to --out as it arrives: the row
 * to results.jsonl, the episode's record to the folder a local run would use. A task
 * already "ok" in --out is not enqueued; a job that finished failed is retried.
 */
export async function runQueuedBench(o: QueuedBenchOptions): Promise<void> {
  const label = configLabel(o.config, o.agent);
  const run = { ...o, label };
  const hash = configHash(run);
  const finished = new Set(
    readResults(o.out)
      .filter((r) => r.config === label && r.status === "ok")
      .map((r) => r.task),
  );
  const todo = o.tasks.filter((t) => !finished.has(t.key));
  const byId = new Map(todo.map((t) => [jobId(hash, t), t]));
  const queue = new Queue(BENCH_QUEUE, { connection: o.redis });
  const events = new QueueEvents(BENCH_QUEUE, { connection: o.redis.duplicate() });
  events.on("error", () => {}); // Redis errors: connectRedis logs the outage once
  try {
    await events.waitUntilReady();
    let done = o.tasks.length - todo.length;
    const collecting = new Set<string>();
    let settle: () => void = () => {};
    let fail: (err: Error) => void = () => {};
    const allDone = new Promise<void>((resolve, reject) => {
      settle = resolve;
      fail = reject;
    });
    const collect = async (id: string, job?: Job) => {
      const task = byId.get(id);
      if (!task || collecting.has(id)) return;
      collecting.add(id);
      try {
        const result = await resultOf(o, job ?? (await queue.getJob(id)), task, label);
        if (!result) return;
        byId.delete(id);
        o.onResult?.(result.row, ++done, o.tasks.length, result.timing);
        if (byId.size === 0) settle();
      } catch (err) {
        fail(err as Error);
      } finally {
        collecting.delete(id);
      }
    };
    events.on("completed", ({ jobId: id }) => void collect(id));
    events.on("failed", ({ jobId: id }) => void collect(id));
    events.on("active", ({ jobId: id }) => {
      const task = byId.get(id);
      if (!task) return;
      queue.getJob(id).then(
        (job) => job && o.onStarted?.(task.key, job.processedBy ?? "?", job.attemptsStarted),
        () => {}, // only a progress line is lost
      );
    });

    const fresh: Task[] = [];
    const finishedMeanwhile: Job[] = [];
    for (const [id, task] of byId) {
      const job = await queue.getJob(id);
      const state = job && (await job.getState());
      if (!job || state === "unknown") fresh.push(task);
      else if (state === "completed" && (await recordOf(o.redis, job))) finishedMeanwhile.push(job);
      // Failed: a rerun redoes it, as a local rerun does. Completed, but its record went to
      // another --out (and was deleted from Redis): played again, so this --out has it.
      else if (state === "completed" || state === "failed") await job.retry(state, { resetAttemptsMade: true });
    }
    const workers = (await queue.getWorkers()).length;
    o.onPlan?.(todo, { enqueued: fresh.length, queued: todo.length - fresh.length, workers });
    for (const job of finishedMeanwhile) void collect(job.id!, job);
    await queue.addBulk(
      fresh.map((task) => ({
        name: task.key,
        data: jobData(run, task),
        opts: {
          jobId: jobId(hash, task),
          attempts: o.attempts,
          backoff: { type: "fixed", delay: 1000 },
          removeOnComplete: { age: KEEP_SECONDS },
          removeOnFail: { age: KEEP_SECONDS },
        },
      })),
    );
    if (byId.size === 0) settle();
    const poll = setInterval(() => {
      for (const id of byId.keys()) void collect(id);
    }, POLL_MS);
    await allDone.finally(() => clearInterval(poll));
  } finally {
    await events.close();
    await queue.close();
  }
}

/**
 * A finished job's row and record, written to --out; undefined while it is not finished.
 * A job that failed outright (its workers kept dying, or it was not a job a worker could
 * play) gets a failed row with BullMQ's reason.
 */
async function resultOf(
  o: QueuedBenchOptions,
  job: Job | undefined,
  task: Task,
  label: string,
): Promise<{ row: ResultRow; timing: JobTiming } | undefined> {
  const state = await job?.getState();
  if (!job || (state !== "completed" && state !== "failed")) return undefined;
  const dir = episodeDir(o.out, label, task);
  const episode = path.relative(o.out, dir);
  const returned = state === "completed" ? JobReturn.safeParse(job.returnvalue) : undefined;
  if (returned && !returned.success)
    throw new Error(`job ${job.id} returned no result row: ${z.prettifyError(returned.error)}`);
  const result = returned?.data;
  if (result && (result.row.task !== task.key || result.row.config !== label))
    throw new Error(`job ${job.id} returned the row of ${result.row.task} (${result.row.config})`);
  const row: ResultRow = result ? { ...result.row, episode } : await failedRowOf(o.redis, job, task, label, episode);
  if (result) await downloadRecord(o.redis, job.id!, result.attempt, dir);
  else await downloadLatestRecord(o.redis, job.id!, job.attemptsStarted + 1, dir);
  appendResult(o.out, row);
  const writtenAt = Date.now();
  await deleteRecords(o.redis, job.id!, job.attemptsStarted);
  await o.redis.del(failedRowKey(job.id!));
  return {
    row,
    timing: {
      worker: job.processedBy,
      workerQueueMs: result?.queueMs,
      enqueuedAt: job.timestamp,
      startedAt: job.processedOn,
      finishedAt: job.finishedOn,
      writtenAt,
    },
  };
}

/**
 * The row of a job that ended failed: the one its last attempt left (with what it
 * measured), or, when its workers kept dying or it could not be played, one with BullMQ's reason.
 */
async function failedRowOf(redis: Redis, job: Job, task: Task, label: string, episode: string): Promise<ResultRow> {
  const after = ` (after ${job.attemptsStarted} attempt(s))`;
  const left = ResultRow.safeParse(JSON.parse((await redis.get(failedRowKey(job.id!))) ?? "null"));
  if (left.success && left.data.task === task.key && left.data.config === label && left.data.status === "failed")
    return { ...left.data, episode, failure: `${left.data.failure ?? "failed"}${after}` };
  const base = {
    task: task.key,
    category: task.spec.category,
    difficulty: task.spec.difficulty,
    config: label,
    episode,
  };
  return failedRow(base, `${job.failedReason ?? "failed"}${after}`, 0);
}

/** Whether a completed job's record is still in Redis, waiting for a coordinator to write it. */
async function recordOf(redis: Redis, job: Job): Promise<boolean> {
  const returned = JobReturn.safeParse(job.returnvalue);
  return returned.success && (await hasRecord(redis, job.id!, returned.data.attempt));
}
