import type { ChatRequest } from "./provider.js";
import { type AttemptFailure, type Retried, type RetryPolicy, withRetries } from "./retry.js";

/** What the openai and @anthropic-ai/sdk APIError classes have in common (both SDKs are generated alike). */
export interface SdkApiError extends Error {
  /** Absent for a connection error or a timeout. */
  readonly status: number | undefined;
  readonly headers: Headers | undefined;
  /** The parsed error body: OpenAI's `error` member, Anthropic's whole body. */
  readonly error: unknown;
}

function stringAt(value: unknown, key: string): string | undefined {
  const member = typeof value === "object" && value !== null ? (value as Record<string, unknown>)[key] : undefined;
  return typeof member === "string" ? member : undefined;
}

/** OpenAI's body.error.message or Anthropic's body.error.message; else the SDK's text, less its status prefix. */
function apiMessage(error: SdkApiError): string {
  const body = error.error;
  const nested = typeof body === "object" && body !== null ? (body as Record<string, unknown>).error : undefined;
  const found = stringAt(body, "message") ?? stringAt(nested, "message");
  if (found !== undefined) return found;
  return error.status === undefined ? error.message : error.message.replace(new RegExp(`^${error.status} `), "");
}

/** A connection error's message with its causes ("Connection error.: fetch failed: connect ECONNREFUSED ..."). */
function withCauses(error: Error): string {
  const messages = [error.message];
  for (let cause = error.cause; cause instanceof Error; cause = cause.cause) messages.push(cause.message);
  return messages.join(": ");
}

/** retry-after-ms (OpenAI) or retry-after in seconds or as an HTTP date. */
function retryAfterMs(headers: Headers | undefined): number | undefined {
  const ms = Number(headers?.get("retry-after-ms") ?? NaN);
  if (Number.isFinite(ms) && ms >= 0) return ms;
  const value = headers?.get("retry-after");
  if (!value) return undefined;
  const seconds = Number(value);
  const wait = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(value) - Date.now();
  return Number.isFinite(wait) ? Math.max(0, wait) : undefined;
}

export function describeSdkError(error: SdkApiError): AttemptFailure {
  if (error.status === undefined) return { message: withCauses(error) };
  return { status: error.status, message: apiMessage(error), retryAfterMs: retryAfterMs(error.headers) };
}

/**
 * One request through a vendor SDK with our retry policy: errors that are instances of
 * the SDK's `apiError` class are classified by status; anything else is the network's.
 */
export function withSdkRetries<T>(
  provider: string,
  request: ChatRequest,
  policy: RetryPolicy,
  apiError: abstract new (...args: never[]) => SdkApiError,
  call: (signal: AbortSignal) => Promise<T>,
): Promise<Retried<T>> {
  return withRetries(
    {
      provider,
      purpose: request.purpose,
      policy,
      signal: request.signal,
      describe: (error) => (error instanceof apiError ? describeSdkError(error) : undefined),
    },
    call,
  );
}
