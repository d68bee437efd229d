import OpenAI, { APIError } from "openai";
import { assistantText, mapParts } from "./convert.js";
import { costOf } from "./pricing.js";
import { type ChatReply, type ChatRequest, type ModelProvider, ProviderError } from "./provider.js";
import type { RetryPolicy, SdkProviderOptions } from "./retry.js";
import { withSdkRetries } from "./sdk-error.js";

type MessageParam = OpenAI.Chat.ChatCompletionMessageParam;
type ContentPart = OpenAI.Chat.ChatCompletionContentPart;

/** baseUrl ends in /v1. */
export interface OpenAIProviderOptions extends SdkProviderOptions {
  /**
   * "openai-compatible": a self-hosted server (vLLM, Ollama, llama.cpp), which is sent max_tokens
   * and costs nothing.
   */
  name: "openai" | "openai-compatible";
}

const PARTS = {
  text: (text: string): ContentPart => ({ type: "text", text }),
  image: (base64: string): ContentPart => ({
    type: "image_url",
    image_url: { url: `data:image/png;base64,${base64}` },
  }),
};

function toMessages(request: ChatRequest, provider: string): MessageParam[] {
  const messages: MessageParam[] = request.system ? [{ role: "system", content: request.system }] : [];
  for (const message of request.messages) {
    messages.push(
      message.role === "user"
        ? { role: "user", content: mapParts(message, PARTS) }
        : { role: "assistant", content: assistantText(message, provider) },
    );
  }
  return messages;
}

/** The Chat Completions API, OpenAI's or a server that speaks it. */
export class OpenAIProvider implements ModelProvider {
  readonly name: OpenAIProviderOptions["name"];
  readonly model: string;
  readonly #client: OpenAI;
  readonly #retry: RetryPolicy;

  constructor(options: OpenAIProviderOptions) {
    this.name = options.name;
    this.model = options.model;
    this.#retry = options.retry;
    // Retries are withRetries'; its timer, which also covers reading the body, fires no later than the SDK's.
    this.#client = new OpenAI({
      apiKey: options.apiKey,
      baseURL: options.baseUrl,
      maxRetries: 0,
      timeout: options.retry.timeoutMs,
    });
  }

  async complete(request: ChatRequest): Promise<ChatReply> {
    const compatible = this.name === "openai-compatible";
    const body: OpenAI.Chat.ChatCompletionCreateParamsNonStreaming = {
      model: this.model,
      messages: toMessages(request, this.name),
      temperature: request.temperature,
      // Many self-hosted servers know only the older max_tokens; OpenAI deprecates it for max_completion_tokens.
      ...(compatible ? { max_tokens: request.maxTokens } : { max_completion_tokens: request.maxTokens }),
      ...(request.seed !== undefined && { seed: request.seed }),
    };
    const { value, attempts, ms } = await withSdkRetries(this.name, request, this.#retry, APIError, (signal) =>
      this.#client.chat.completions.create(body, { signal }),
    );
    const message = value.choices[0]?.message;
    if (!message) throw new ProviderError(`${this.name}: the reply has no choices`, this.name, undefined, attempts);
    // Some self-hosted servers leave usage out.
    const inputTokens = value.usage?.prompt_tokens ?? 0;
    const outputTokens = value.usage?.completion_tokens ?? 0;
    return {
      text: message.content ?? message.refusal ?? "",
      model: value.model,
      usage: {
        inputTokens,
        outputTokens,
        costUsd: compatible ? null : costOf(this.model, { inputTokens, outputTokens }),
      },
      attempts,
      ms,
    };
  }
}
