import { createHash } from "node:crypto";
import { Queue, QueueEvents, Worker } from "bullmq";
import type { Redis } from "ioredis";
import { z } from "zod";
import type { ProviderConfig } from "../../providers/provider-config.js";
import type { RequestPermit } from "../../providers/retry.js";

const UNITS = { s: 1000, min: 60_000, h: 3_600_000 } as const;

/** `--rate-limit N/s|N/min|N/h`: model requests per unit of time, across every machine of the run. */
export const RateLimit = z
  .string()
  .regex(/^[1-9]\d*\/(s|min|h)$/, "--rate-limit takes requests per unit: 500/min, 8/s, 10000/h")
  .transform((t) => {
    const [n, unit] = t.split("/") as [string, keyof typeof UNITS];
    return { requests: Number(n), perMs: UNITS[unit] as number };
  });
export interface RateLimit {
  requests: number;
  perMs: number;
}

/** The same API (provider and server) shares one limit, whichever model or run asks. */
function queueName(provider: ProviderConfig): string {
  const server = createHash("sha256")
    .update(provider.baseUrl ?? "")
    .digest("hex")
    .slice(0, 8);
  return `blender-agent-requests.${provider.provider}.${server}`;
}

/**
 * A rate limit on one API's requests shared by every machine, on BullMQ's limiter (which
 * is global to a queue): each request first adds a permit job and waits until a permit
 * worker has taken it, and the workers take at most one per `perMs / requests`, so the
 * requests are spread evenly instead of bursting at the start of each window. Every
 * process that makes requests runs a permit worker, so permits flow while any does.
 */
export class RequestPermits {
  private constructor(
    private readonly queue: Queue,
    private readonly events: QueueEvents,
    private readonly worker: Worker,
  ) {}

  static async start(redis: Redis, provider: ProviderConfig, limit: RateLimit): Promise<RequestPermits> {
    const name = queueName(provider);
    const queue = new Queue(name, { connection: redis });
    const events = new QueueEvents(name, { connection: redis.duplicate() });
    const worker = new Worker(name, async () => {}, {
      connection: redis,
      concurrency: 8,
      limiter: { max: 1, duration: Math.max(1, Math.floor(limit.perMs / limit.requests)) },
    });
    // Outages: connectRedis logs them.
    events.on("error", () => {});
    worker.on("error", () => {});
    await Promise.all([events.waitUntilReady(), worker.waitUntilReady()]);
    return new RequestPermits(queue, events, worker);
  }

  readonly acquire: RequestPermit = async (signal) => {
    signal?.throwIfAborted();
    const job = await this.queue.add("permit", null, { removeOnComplete: { age: 60 }, removeOnFail: true });
    const granted = job.waitUntilFinished(this.events);
    if (!signal) return void (await granted);
    await new Promise<void>((resolve, reject) => {
      const onAbort = () => reject(signal.reason);
      signal.addEventListener("abort", onAbort, { once: true });
      granted.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
    });
  };

  async close(): Promise<void> {
    await this.worker.close();
    await this.events.close();
    await this.queue.close();
  }
}
