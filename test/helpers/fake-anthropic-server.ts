import type Anthropic from "@anthropic-ai/sdk";
import { type Dialect, FakeModelServer } from "./fake-model-server.js";

export type AnthropicBody = Anthropic.MessageCreateParamsNonStreaming;
export type FakeAnthropicServer = FakeModelServer<AnthropicBody>;

/** Anthropic's error types and messages for the statuses tests use. */
const ERRORS: Record<number, { type: string; message: string }> = {
  400: { type: "invalid_request_error", message: "Invalid request." },
  401: { type: "authentication_error", message: "invalid x-api-key" },
  403: { type: "permission_error", message: "Your API key does not have permission to use the specified resource." },
  404: { type: "not_found_error", message: "The requested resource could not be found." },
  413: { type: "request_too_large", message: "Request exceeds the maximum allowed number of bytes." },
  429: { type: "rate_limit_error", message: "Number of request tokens has exceeded your per-minute rate limit." },
  500: { type: "api_error", message: "Internal server error" },
  504: { type: "timeout_error", message: "Request timed out" },
  529: { type: "overloaded_error", message: "Overloaded" },
};

/** API version 2026-10-21, which the SDK sends, refuses these even at their defaults. */
const SAMPLING_PARAMETERS = ["temperature", "top_p", "top_k"];

/** Numbers ids, as the real APIs give each reply and error its own. */
let serial = 0;

const dialect: Dialect<AnthropicBody> = {
  name: "fake Anthropic server",
  basePath: "",
  endpoint: "/v1/messages",
  reply(body, text, usage, model): Anthropic.Message {
    return {
      id: `msg_fake${++serial}`,
      type: "message",
      role: "assistant",
      model: model ?? body.model,
      content: [{ type: "text", text, citations: null }],
      stop_reason: "end_turn",
      stop_sequence: null,
      stop_details: null,
      container: null,
      diagnostics: null,
      usage: {
        input_tokens: usage.input,
        output_tokens: usage.output,
        cache_creation_input_tokens: 0,
        cache_read_input_tokens: 0,
        cache_creation: { ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: 0 },
        inference_geo: null,
        output_tokens_details: { thinking_tokens: 0 },
        server_tool_use: null,
        service_tier: "standard",
        speed: null,
      },
    };
  },
  error(status, message) {
    const known = ERRORS[status] ?? {
      type: status >= 500 ? "api_error" : "invalid_request_error",
      message: `HTTP ${status}`,
    };
    return {
      type: "error",
      error: { type: known.type, message: message ?? known.message },
      request_id: `req_fake${++serial}`,
    };
  },
  refuse(body) {
    const sampling = SAMPLING_PARAMETERS.find((name) => name in body);
    return sampling === undefined ? undefined : `${sampling}: Extra inputs are not permitted`;
  },
};

/** A fake Anthropic Messages API; its baseUrl has no /v1, as the SDK adds /v1/messages itself. */
export function startFakeAnthropic(): Promise<FakeAnthropicServer> {
  return FakeModelServer.start(dialect);
}

function texts(content: string | Anthropic.ContentBlockParam[]): string[] {
  return typeof content === "string"
    ? [content]
    : content.flatMap((block) => (block.type === "text" ? [block.text] : []));
}

/** Every text in a request, the system prompt first, one per line: for replies that depend on the prompt. */
export function promptText(body: AnthropicBody): string {
  return [
    ...(body.system === undefined ? [] : texts(body.system)),
    ...body.messages.flatMap((message) => texts(message.content)),
  ].join("\n");
}

/** The image blocks' sources a request carries, in order. */
export function imageSources(body: AnthropicBody): Anthropic.ImageBlockParam["source"][] {
  return body.messages.flatMap((message) =>
    typeof message.content === "string"
      ? []
      : message.content.flatMap((block) => (block.type === "image" ? [block.source] : [])),
  );
}
