import type OpenAI from "openai";
import { type Dialect, FakeModelServer } from "./fake-model-server.js";

export type OpenAIBody = OpenAI.Chat.ChatCompletionCreateParamsNonStreaming;
export type FakeOpenAIServer = FakeModelServer<OpenAIBody>;

/** OpenAI's error types, codes and (abridged) messages for the statuses tests use. */
const ERRORS: Record<number, Omit<OpenAI.ErrorObject, "param">> = {
  400: { type: "invalid_request_error", code: null, message: "Invalid request." },
  401: {
    type: "invalid_request_error",
    code: "invalid_api_key",
    message:
      "Incorrect API key provided: sk-test. You can find your API key at https://platform.openai.com/account/api-keys.",
  },
  403: {
    type: "invalid_request_error",
    code: "unsupported_country_region_territory",
    message: "Country, region, or territory not supported",
  },
  404: {
    type: "invalid_request_error",
    code: "model_not_found",
    message: "The model does not exist or you do not have access to it.",
  },
  429: {
    type: "requests",
    code: "rate_limit_exceeded",
    message: "Rate limit reached for requests per min (RPM): Limit 500, Used 500, Requested 1.",
  },
  500: {
    type: "server_error",
    code: null,
    message: "The server had an error while processing your request. Sorry about that!",
  },
  503: { type: "server_error", code: null, message: "The engine is currently overloaded, please try again later." },
};

/** Numbers ids, as the real APIs give each reply and error its own. */
let serial = 0;

const dialect: Dialect<OpenAIBody> = {
  name: "fake OpenAI server",
  basePath: "/v1",
  endpoint: "/v1/chat/completions",
  reply(body, text, usage, model): OpenAI.Chat.ChatCompletion {
    return {
      id: `chatcmpl-fake${++serial}`,
      object: "chat.completion",
      created: Math.floor(Date.now() / 1000),
      model: model ?? body.model,
      choices: [
        {
          index: 0,
          message: { role: "assistant", content: text, refusal: null, annotations: [] },
          logprobs: null,
          finish_reason: "stop",
        },
      ],
      usage: {
        prompt_tokens: usage.input,
        completion_tokens: usage.output,
        total_tokens: usage.input + usage.output,
        prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
        completion_tokens_details: {
          reasoning_tokens: 0,
          audio_tokens: 0,
          accepted_prediction_tokens: 0,
          rejected_prediction_tokens: 0,
        },
      },
      service_tier: "default",
      system_fingerprint: "fp_fake",
    };
  },
  error(status, message) {
    const known = ERRORS[status] ?? {
      type: status >= 500 ? "server_error" : "invalid_request_error",
      code: null,
      message: `HTTP ${status}`,
    };
    return { error: { ...known, message: message ?? known.message, param: null } };
  },
};

/** A fake OpenAI Chat Completions API; its baseUrl ends in /v1, as the SDK expects. */
export function startFakeOpenAI(): Promise<FakeOpenAIServer> {
  return FakeModelServer.start(dialect);
}

/** Every text in a request, the system prompt first, one per line: for replies that depend on the prompt. */
export function promptText(body: OpenAIBody): string {
  return body.messages
    .flatMap((message) => {
      const content = message.content ?? [];
      return typeof content === "string"
        ? [content]
        : content.flatMap((part) => (part.type === "text" ? [part.text] : []));
    })
    .join("\n");
}

/** The image URLs a request carries, in order (data:image/png;base64,... for ours). */
export function imageUrls(body: OpenAIBody): string[] {
  return body.messages.flatMap((message) =>
    message.role === "user" && typeof message.content !== "string"
      ? message.content.flatMap((part) => (part.type === "image_url" ? [part.image_url.url] : []))
      : [],
  );
}
