import { Redis } from "ioredis";
import { z } from "zod";
import { logger } from "../../log.js";

const log = logger("queue");

/** `--queue`: a Redis URL (rediss:// for TLS), with an optional user, password and database. */
export const RedisUrl = z
  .string()
  .refine(
    (u) => /^rediss?:\/\/[^/]/.test(u) && URL.canParse(u),
    "--queue takes a Redis URL: redis://HOST:PORT (rediss:// for TLS, redis://:PASSWORD@HOST:PORT/DB)",
  );

/** The URL as it may be printed: any password replaced. */
export function shownUrl(url: string): string {
  const u = new URL(url);
  if (u.password) u.password = "***";
  return u.toString().replace(/\/$/, "");
}

/** How long a first connection may take before the command gives up with a clear error. */
const CONNECT_TIMEOUT_MS = 5000;

/**
 * A connection to the queue's Redis, made and checked now: an unreachable Redis is an
 * error naming the URL and the reason, not a hang. Once connected it reconnects by itself
 * (BullMQ needs `maxRetriesPerRequest: null`: commands wait for Redis to come back), and
 * an outage is logged once when it starts and once when it ends.
 */
export async function connectRedis(url: string): Promise<Redis> {
  const redis = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: null,
    connectTimeout: CONNECT_TIMEOUT_MS,
    retryStrategy: (times) => Math.min(times * 250, 2000),
  });
  let lastError = "";
  let everReady = false;
  let down = false;
  redis.on("error", (err: Error) => {
    lastError = err.message;
    if (!everReady || down) return;
    down = true;
    log.warn(`lost Redis at ${shownUrl(url)} (${err.message}); reconnecting`);
  });
  redis.on("ready", () => {
    if (down) log.warn(`Redis at ${shownUrl(url)} is back`);
    down = false;
    everReady = true;
  });
  try {
    await redis.connect();
    await redis.ping();
  } catch (err) {
    redis.disconnect();
    throw new Error(`cannot reach Redis at ${shownUrl(url)}: ${lastError || (err as Error).message}`);
  }
  return redis;
}
