/** `npm run bench -- worker | status`: the machines that play queued benchmark jobs, and what the queue holds. */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { z } from "zod";
import { describeQueue } from "../bench/queue/queue-status.js";
import { startQueueWorker } from "../bench/queue/queue-worker.js";
import { connectRedis, RedisUrl, shownUrl } from "../bench/queue/redis-connection.js";
import { loadClipMetric } from "../metrics/nclip.js";
import { withLocalPool } from "../pool/local-pool.js";
import { flagOptions } from "./agent-flags.js";
import { parseFlags } from "./flags.js";
import { POOL_FLAGS_USAGE, poolFlagShape, poolOptionsFrom } from "./pool-flags.js";

export const QUEUE_USAGE = `worker: play queued benchmark jobs on this machine's Blenders until stopped. Start as
many as you like, on any machines that reach the Redis. Ctrl+C finishes the jobs in hand
and stops; a second Ctrl+C (or SIGTERM) returns them to the queue at once, for another
worker to resume from their last finished iteration.

  --queue URL            the Redis the coordinator (bench run --queue) uses (required)
  --concurrency N        jobs at once (default: the number of workers)
  --stalled-after S      a job whose worker has been silent S seconds goes to another worker (default 30)
  --clip-model DIR       a local CLIP ViT-B/32 folder for N-CLIP (default BLENDER_AGENT_CLIP_MODEL)
${POOL_FLAGS_USAGE}

status: jobs waiting, running (and where), done and failed (with the reason), and the workers connected.`;

/**
 * SIGINTs this close together are one Ctrl+C: run through `npm run` or tsx's CLI, the
 * program gets the terminal's signal and the one its parent relays.
 */
const SAME_KEYPRESS_MS = 1000;

const WorkerFlags = z
  .object({
    ...poolFlagShape,
    queue: RedisUrl,
    concurrency: z.coerce.number().int().min(1).max(64).optional(),
    "stalled-after": z.coerce.number().min(1).max(3600).default(30),
    "clip-model": z.string().min(1).optional(),
  })
  .strict();

export async function queueWorker(argv: string[]): Promise<void> {
  const flags = parseFlags(argv, flagOptions(WorkerFlags.shape), WorkerFlags);
  const redis = await connectRedis(flags.queue);
  const clip = await loadClipMetric(flags["clip-model"]);
  if (!clip.available) console.log(`N-CLIP: n/a (${clip.reason})`);
  const scratch = mkdtempSync(path.join(os.tmpdir(), "blender-agent-bench-worker-"));
  const name = `${os.hostname()}:${process.pid}`;
  try {
    await withLocalPool(poolOptionsFrom(flags), async (pool) => {
      const worker = startQueueWorker({
        redis,
        pool,
        clip,
        concurrency: flags.concurrency ?? flags.workers,
        stalledAfterMs: flags["stalled-after"] * 1000,
        name,
        scratch,
        onEvent: (what) => console.log(`  ${what}`),
      });
      console.log(`worker ${name}: ${flags.workers} Blender worker(s), taking jobs from ${shownUrl(flags.queue)}`);
      await new Promise<void>((resolve) => {
        let firstAt: number | undefined;
        const giveBack = () => {
          console.log(`returning ${worker.active} job(s) to the queue`);
          void worker.giveBack().finally(resolve);
        };
        process.on("SIGINT", () => {
          if (firstAt === undefined) {
            firstAt = Date.now();
            console.log(`finishing ${worker.active} job(s); Ctrl+C again returns them to the queue`);
            void worker.finish().finally(resolve);
          } else if (Date.now() - firstAt > SAME_KEYPRESS_MS) giveBack();
        });
        process.once("SIGTERM", giveBack);
      });
    });
  } finally {
    rmSync(scratch, { recursive: true, force: true });
    redis.disconnect();
  }
}

const StatusFlags = z.object({ queue: RedisUrl }).strict();

export async function queueStatus(argv: string[]): Promise<void> {
  const flags = parseFlags(argv, flagOptions(StatusFlags.shape), StatusFlags);
  const redis = await connectRedis(flags.queue);
  try {
    console.log(await describeQueue(redis, shownUrl(flags.queue)));
  } finally {
    redis.disconnect();
  }
}
