import { Queue } from "bullmq";
import type { Redis } from "ioredis";
import { duration } from "../progress.js";
import { BENCH_QUEUE } from "./bench-job.js";

/** Failed jobs listed by `bench status`; the count says how many there are in all. */
const FAILED_SHOWN = 20;

/**
 * What `bench status` prints: the workers connected, the jobs in each state, where each
 * running job runs and for how long, and why each failed job failed.
 */
export async function describeQueue(redis: Redis, shownUrl: string): Promise<string> {
  const queue = new Queue(BENCH_QUEUE, { connection: redis });
  try {
    const [counts, workers, active, failed] = await Promise.all([
      queue.getJobCounts("waiting", "prioritized", "delayed", "active", "completed", "failed"),
      queue.getWorkers(),
      queue.getActive(),
      queue.getFailed(0, FAILED_SHOWN - 1),
    ]);
    // BullMQ names a worker's connection "bull:<queue>:w:<name>"; its parsed `name` is the queue's.
    const names = workers.map((w) => w.rawname?.split(":w:")[1] ?? "unnamed");
    const waiting = (counts.waiting ?? 0) + (counts.prioritized ?? 0) + (counts.delayed ?? 0);
    const lines = [
      `queue ${BENCH_QUEUE} on ${shownUrl}`,
      `workers: ${names.length ? `${names.length} (${[...new Set(names)].sort().join(", ")})` : "none connected"}`,
      `jobs: ${waiting} waiting, ${counts.active ?? 0} running, ${counts.completed ?? 0} done, ` +
        `${counts.failed ?? 0} failed`,
    ];
    if (active.length) lines.push("", "running:");
    for (const job of active.sort((a, b) => a.name.localeCompare(b.name))) {
      const since = job.processedOn ? duration(Date.now() - job.processedOn) : "?";
      const attempt = job.attemptsStarted > 1 ? `, attempt ${job.attemptsStarted}` : "";
      lines.push(`  ${job.name}  on ${job.processedBy ?? "?"}  for ${since}${attempt}`);
    }
    if (failed.length)
      lines.push("", `failed${(counts.failed ?? 0) > failed.length ? ` (latest ${failed.length})` : ""}:`);
    for (const job of failed)
      lines.push(`  ${job.name}  after ${job.attemptsStarted} attempt(s): ${job.failedReason ?? "no reason given"}`);
    return lines.join("\n");
  } finally {
    await queue.close();
  }
}
