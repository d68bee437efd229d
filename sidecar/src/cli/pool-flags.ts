import { z } from "zod";
import { SandboxMode } from "../pool/sandbox.js";
import type { PoolOptions } from "../pool/worker-pool.js";

/** How the workers run: shared by serve, run and bench (each says --workers its own way). */
export const SANDBOX_FLAGS_USAGE = `  --sandbox MODE         auto | bwrap | off: where candidate programs run (default
                         auto: bwrap where it works, else unsandboxed with a warning)
  --worker-memory MB     memory cap per worker (default: the machine's memory shared out, at least 3072)
  --threads N            render threads per worker (default: the machine's cores shared out; give 1 when
                         other processes share the machine's cores)`;

/** Command-line flags for the worker pool of run and bench. */
export const POOL_FLAGS_USAGE = `  --workers N            headless Blender workers (default 2)
${SANDBOX_FLAGS_USAGE}`;

export const poolFlagShape = {
  workers: z.coerce.number().int().min(1).max(16).default(2),
  sandbox: SandboxMode.default("auto"),
  "worker-memory": z.coerce.number().int().min(1024).optional(),
  threads: z.coerce.number().int().min(1).max(256).optional(),
};

export function poolOptionsFrom(flags: {
  workers: number;
  sandbox: SandboxMode;
  "worker-memory"?: number;
  threads?: number;
}): PoolOptions {
  return {
    size: flags.workers,
    sandbox: flags.sandbox,
    memoryLimitMb: flags["worker-memory"],
    threadsPerWorker: flags.threads,
  };
}
