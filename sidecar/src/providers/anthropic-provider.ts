import Anthropic, { APIError } from "@anthropic-ai/sdk";
import { assistantText, mapParts } from "./convert.js";
import { costOf } from "./pricing.js";
import type { ChatReply, ChatRequest, ModelProvider } from "./provider.js";
import type { RetryPolicy, SdkProviderOptions } from "./retry.js";
import { withSdkRetries } from "./sdk-error.js";

type ContentBlock = Anthropic.TextBlockParam | Anthropic.ImageBlockParam;

/** baseUrl without /v1: the SDK adds /v1/messages. */
export type AnthropicProviderOptions = SdkProviderOptions;

const BLOCKS = {
  text: (text: string): ContentBlock => ({ type: "text", text }),
  image: (data: string): ContentBlock => ({ type: "image", source: { type: "base64", media_type: "image/png", data } }),
};

function toMessages(request: ChatRequest, provider: string): Anthropic.MessageParam[] {
  return request.messages.map((message) =>
    message.role === "user"
      ? { role: "user", content: mapParts(message, BLOCKS) }
      : { role: "assistant", content: assistantText(message, provider) },
  );
}

/** Anthropic's Messages API. It takes no temperature or seed; the request's are ignored. */
export class AnthropicProvider implements ModelProvider {
  readonly name = "anthropic";
  readonly model: string;
  readonly #client: Anthropic;
  readonly #retry: RetryPolicy;

  constructor(options: AnthropicProviderOptions) {
    this.model = options.model;
    this.#retry = options.retry;
    // Retries are withRetries'. An explicit timeout also stops the SDK refusing non-streamed calls
    // with a large max_tokens.
    this.#client = new Anthropic({
      apiKey: options.apiKey,
      baseURL: options.baseUrl,
      maxRetries: 0,
      timeout: options.retry.timeoutMs,
    });
  }

  async complete(request: ChatRequest): Promise<ChatReply> {
    const body: Anthropic.MessageCreateParamsNonStreaming = {
      model: this.model,
      messages: toMessages(request, this.name),
      // No temperature: API version 2026-10-21, which this SDK sends, rejects every sampling parameter with a 400.
      max_tokens: request.maxTokens,
      ...(request.system && { system: request.system }),
    };
    const { value, attempts, ms } = await withSdkRetries(this.name, request, this.#retry, APIError, (signal) =>
      this.#client.messages.create(body, { signal }),
    );
    const { input_tokens: inputTokens, output_tokens: outputTokens } = value.usage;
    return {
      text: value.content.flatMap((block) => (block.type === "text" ? [block.text] : [])).join(""),
      model: value.model,
      usage: { inputTokens, outputTokens, costUsd: costOf(this.model, { inputTokens, outputTokens }) },
      attempts,
      ms,
    };
  }
}
