import { logger } from "../log.js";
import { ProviderError } from "./provider.js";

const log = logger("providers");

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  /** Backoff before the second attempt; doubles for each one after. */
  baseMs: number;
  /** Limit on each attempt, from sending the request to the parsed reply. */
  timeoutMs: number;
  /** Longest wait between attempts, a server's retry-after included. */
  maxDelayMs?: number;
  /** Waits for leave to send a request (a rate limit shared with other machines); before every attempt. */
  permit?: RequestPermit;
}

/** Resolves when a request may be sent; rejects with the signal's reason when it fires first. */
export type RequestPermit = (signal?: AbortSignal) => Promise<void>;

/** What a provider built on a vendor SDK is given. */
export interface SdkProviderOptions {
  model: string;
  apiKey: string;
  /** The API's own when absent. */
  baseUrl?: string;
  retry: RetryPolicy;
}

const DEFAULT_MAX_DELAY_MS = 60_000;

/** A failed attempt as the retry loop sees it; each provider maps its SDK's errors to this. */
export interface AttemptFailure {
  /** HTTP status; absent when no response came (connection refused or dropped). */
  status?: number;
  /** The API's own error message. */
  message: string;
  /** How long the server asked us to wait (retry-after). */
  retryAfterMs?: number;
}

export interface RetryOptions {
  /** Provider name, the prefix of every error message. */
  provider: string;
  /** What the call is for, for the log. */
  purpose: string;
  policy: RetryPolicy;
  /** The caller's cancel: stops the attempt in flight and the wait between attempts. */
  signal?: AbortSignal;
  /** Maps a thrown error to a failure, or undefined for an error that is not the API's (rethrown as it is). */
  describe: (error: unknown) => AttemptFailure | undefined;
}

export interface Retried<T> {
  value: T;
  attempts: number;
  /** Wall time of all attempts and the waits between them. */
  ms: number;
}

/** 408 and 429 ask to come back later; 5xx (529: Anthropic overloaded) may pass on a retry. Other 4xx never will. */
function retryable(failure: AttemptFailure): boolean {
  const { status } = failure;
  return status === undefined || status === 408 || status === 429 || status >= 500;
}

function describeFailure(failure: AttemptFailure): string {
  return failure.status === undefined ? failure.message : `${failure.status} ${failure.message}`;
}

/** Exponential backoff with jitter (half to all of the exponential step), at least what the server asked for. */
function backoffMs(attempt: number, failure: AttemptFailure, policy: RetryPolicy): number {
  const exponential = policy.baseMs * 2 ** (attempt - 1);
  const jittered = exponential * (0.5 + Math.random() / 2);
  return Math.round(Math.min(policy.maxDelayMs ?? DEFAULT_MAX_DELAY_MS, Math.max(jittered, failure.retryAfterMs ?? 0)));
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/**
 * Runs `attempt` until it succeeds, retrying rate limits, server errors, timeouts and
 * connection errors with backoff; other HTTP errors fail at once. Each attempt gets a
 * signal that fires on the caller's cancel or on the policy's timeout. A cancel
 * rejects with the signal's reason, as fetch does; every other failure is a ProviderError.
 */
export async function withRetries<T>(
  options: RetryOptions,
  attempt: (signal: AbortSignal) => Promise<T>,
): Promise<Retried<T>> {
  const { provider, purpose, policy, signal } = options;
  const started = performance.now();
  for (let n = 1; ; n++) {
    signal?.throwIfAborted();
    await policy.permit?.(signal);
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(), policy.timeoutMs);
    let failure: AttemptFailure;
    try {
      const value = await attempt(signal ? AbortSignal.any([signal, timeout.signal]) : timeout.signal);
      return { value, attempts: n, ms: performance.now() - started };
    } catch (error) {
      signal?.throwIfAborted();
      if (timeout.signal.aborted) failure = { message: `timed out after ${policy.timeoutMs} ms` };
      else {
        const described = options.describe(error);
        if (described === undefined) throw error;
        failure = described;
      }
    } finally {
      clearTimeout(timer);
    }

    if (!retryable(failure))
      throw new ProviderError(`${provider}: ${describeFailure(failure)}`, provider, failure.status, n);
    if (n >= policy.maxAttempts) {
      throw new ProviderError(
        `${provider}: failed after ${n} attempt${n === 1 ? "" : "s"}; last error: ${describeFailure(failure)}`,
        provider,
        failure.status,
        n,
      );
    }
    const delay = backoffMs(n, failure, policy);
    log.warn(
      `${provider} ${purpose}: attempt ${n}/${policy.maxAttempts} failed (${describeFailure(failure)}); ` +
        `retrying in ${delay} ms`,
    );
    await sleep(delay, signal);
  }
}
