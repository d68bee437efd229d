import { z } from "zod";

/** A piece of a message: text, or a PNG image with the name the episode record gives it. */
export type ContentPart = { type: "text"; text: string } | { type: "image"; png: Buffer; ref: string };

export interface ChatMessage {
  role: "user" | "assistant";
  content: ContentPart[];
}

/** One model call, the same for every provider. */
export interface ChatRequest {
  /** What the call is for, for logs and the record ("brainstorm", "edit", "verify"). */
  purpose: string;
  /**
   * Stable name of the call within an episode (e.g. "i2/d1/brainstorm"): the record and replays
   * look replies up by it.
   */
  key?: string;
  system?: string;
  messages: ChatMessage[];
  temperature: number;
  maxTokens: number;
  /** Passed where the API takes one (OpenAI); others ignore it. */
  seed?: number;
  /** Cancels the call (the episode stopped). */
  signal?: AbortSignal;
}

export const Usage = z.object({
  inputTokens: z.number().int().nonnegative(),
  outputTokens: z.number().int().nonnegative(),
  /** In US dollars, from the provider's price table; null when the model's price is unknown. */
  costUsd: z.number().nonnegative().nullable(),
});
export type Usage = z.infer<typeof Usage>;

export interface ChatReply {
  text: string;
  /** The model that answered, as the API reports it. */
  model: string;
  usage: Usage;
  /** Attempts made, 1 when the first succeeded. */
  attempts: number;
  ms: number;
}

/** A model service behind one interface: OpenAI, Anthropic, an OpenAI-compatible server. */
export interface ModelProvider {
  /** "openai", "anthropic", "openai-compatible". */
  readonly name: string;
  readonly model: string;
  complete(request: ChatRequest): Promise<ChatReply>;
}

/** A call that failed for good: after its retries, or at once for an error no retry can fix (bad key, bad request). */
export class ProviderError extends Error {
  constructor(
    message: string,
    readonly provider: string,
    readonly status: number | undefined,
    readonly attempts: number,
  ) {
    super(message);
    this.name = "ProviderError";
  }
}

/** Statuses no retry or other draft can fix (bad request, key, permission, model): they end an episode. */
const FATAL_STATUS = new Set([400, 401, 403, 404]);

/** A failed call that should end the episode rather than cost one draft or one match. */
export function isFatal(err: unknown): boolean {
  return !(err instanceof ProviderError) || FATAL_STATUS.has(err.status ?? 0);
}
