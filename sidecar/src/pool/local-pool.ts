import { Hub, type HubOptions } from "../hub/hub-server.js";
import { type PoolOptions, WorkerPool } from "./worker-pool.js";

/** A hub (by default on a free loopback port) with its own pool of headless workers. */
export interface LocalPool {
  hub: Hub;
  pool: WorkerPool;
  close(): Promise<void>;
}

/** For commands and tests that need workers but no live Blender: start both, close both. */
export async function startLocalPool(
  options: PoolOptions = {},
  hubOptions: HubOptions = { port: 0 },
): Promise<LocalPool> {
  const hub = await Hub.start(hubOptions);
  try {
    const pool = await WorkerPool.start(hub, options);
    return {
      hub,
      pool,
      async close() {
        await pool.close();
        await hub.close();
      },
    };
  } catch (err) {
    await hub.close();
    throw err;
  }
}

/** Run `fn` with a local pool of `size` workers, closing it whatever happens. */
export async function withLocalPool<T>(options: PoolOptions, fn: (pool: WorkerPool) => Promise<T>): Promise<T> {
  const local = await startLocalPool(options);
  try {
    return await fn(local.pool);
  } finally {
    await local.close();
  }
}
