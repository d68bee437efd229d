import { z } from "zod";

/** Limits on peers that have not yet proved they hold the token. */
export const PreAuthLimits = z
  .object({
    /** Largest message before the hello succeeds (the full limit applies after). */
    maxMessageBytes: z
      .number()
      .int()
      .positive()
      .default(64 * 1024),
    /** Connections open at once that have not authenticated; more are refused (503). */
    maxPendingConnections: z.number().int().positive().default(16),
    /** Failed hellos an address may have in a burst before it is refused (429)... */
    failedHelloBurst: z.number().int().positive().default(10),
    /** ...and how often it earns one more. */
    failedHelloRefillMs: z.number().int().positive().default(3000),
  })
  .strict();
export type PreAuthLimits = z.output<typeof PreAuthLimits>;

/** Why an upgrade is refused: the HTTP status and a sentence. */
export interface Refusal {
  status: number;
  message: string;
}

interface Bucket {
  tokens: number;
  at: number;
}

/** Past this many addresses, buckets that have refilled are forgotten (they hold no state). */
const MAX_TRACKED_ADDRESSES = 4096;

/**
 * Who may open a connection before authenticating: a cap on unauthenticated connections
 * open at once, and a token bucket of failed hellos per address. A connection counts as
 * pending from its upgrade until it authenticates or closes; a close before authenticating
 * costs its address one token.
 */
export class Admission {
  private pending = 0;
  private readonly buckets = new Map<string, Bucket>();

  constructor(private readonly limits: PreAuthLimits) {}

  /** At the upgrade: undefined to let the peer in, else why not. */
  check(address: string): Refusal | undefined {
    if (this.pending >= this.limits.maxPendingConnections) {
      return {
        status: 503,
        message: `too many connections waiting to authenticate (${this.pending}); try again shortly`,
      };
    }
    if (this.tokens(address) < 1)
      return { status: 429, message: "too many failed hellos from this address; try again later" };
    return undefined;
  }

  /** A connection was accepted; returns the function to call once it has settled. */
  opened(address: string): (outcome: "authenticated" | "failed") => void {
    this.pending += 1;
    let settled = false;
    return (outcome) => {
      if (settled) return;
      settled = true;
      this.pending -= 1;
      if (outcome === "failed") this.spend(address);
    };
  }

  private tokens(address: string): number {
    const bucket = this.buckets.get(address);
    if (!bucket) return this.limits.failedHelloBurst;
    const refilled = (Date.now() - bucket.at) / this.limits.failedHelloRefillMs;
    return Math.min(this.limits.failedHelloBurst, bucket.tokens + refilled);
  }

  private spend(address: string): void {
    if (this.buckets.size >= MAX_TRACKED_ADDRESSES) this.forgetRefilled();
    this.buckets.set(address, { tokens: Math.max(0, this.tokens(address) - 1), at: Date.now() });
  }

  private forgetRefilled(): void {
    for (const address of this.buckets.keys()) {
      if (this.tokens(address) >= this.limits.failedHelloBurst) this.buckets.delete(address);
    }
  }
}
