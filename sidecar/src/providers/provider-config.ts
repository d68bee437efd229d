import { z } from "zod";
import { AnthropicProvider } from "./anthropic-provider.js";
import { OpenAIProvider } from "./openai-provider.js";
import type { ModelProvider } from "./provider.js";
import type { RequestPermit, RetryPolicy } from "./retry.js";

/** The CLI's choice that needs no model service (its generator and verifier are not ModelProviders). */
export const OFFLINE_PROVIDER = "offline";
export const PROVIDER_NAMES = [OFFLINE_PROVIDER, "openai", "anthropic", "openai-compatible"] as const;

const url = z.url({ protocol: /^https?$/ });
const common = {
  /** Else from the environment: OPENAI_API_KEY or ANTHROPIC_API_KEY. */
  apiKey: z.string().min(1).optional(),
  /** Per attempt. */
  timeoutMs: z.number().int().positive().default(120_000),
  maxAttempts: z.number().int().min(1).default(4),
  retryBaseMs: z.number().int().nonnegative().default(1000),
};

export const ProviderConfig = z.discriminatedUnion("provider", [
  z.strictObject({
    provider: z.literal("openai"),
    model: z.string().min(1).default("gpt-4o"),
    baseUrl: url.optional(),
    ...common,
  }),
  z.strictObject({
    provider: z.literal("anthropic"),
    model: z.string().min(1).default("claude-sonnet-4-6"),
    baseUrl: url.optional(),
    ...common,
  }),
  /** A self-hosted server (vLLM, Ollama, llama.cpp): baseUrl ends in /v1; the key is optional. */
  z.strictObject({ provider: z.literal("openai-compatible"), model: z.string().min(1), baseUrl: url, ...common }),
]);
export type ProviderConfig = z.infer<typeof ProviderConfig>;
export type ProviderConfigInput = z.input<typeof ProviderConfig>;

/** Where each provider's key comes from when the config gives none. */
export const KEY_VARIABLES = {
  openai: "OPENAI_API_KEY",
  anthropic: "ANTHROPIC_API_KEY",
  "openai-compatible": "OPENAI_API_KEY",
} as const;

/** The OpenAI SDK demands a key; servers run without one ignore it. */
const NO_KEY = "not-needed";

/** Validates a provider config and builds its provider; a bad config or a missing key throws here, before any call. */
export function createProvider(
  input: ProviderConfigInput,
  env: NodeJS.ProcessEnv = process.env,
  permit?: RequestPermit,
): ModelProvider {
  const parsed = ProviderConfig.safeParse(input);
  if (!parsed.success) throw new Error(`invalid provider config:\n${z.prettifyError(parsed.error)}`);
  const config = parsed.data;
  const variable = KEY_VARIABLES[config.provider];
  const apiKey = config.apiKey ?? (env[variable] || undefined);
  const retry: RetryPolicy = {
    maxAttempts: config.maxAttempts,
    baseMs: config.retryBaseMs,
    timeoutMs: config.timeoutMs,
    permit,
  };
  const { model, baseUrl } = config;

  if (config.provider === "openai-compatible")
    return new OpenAIProvider({ name: config.provider, model, baseUrl, apiKey: apiKey ?? NO_KEY, retry });
  if (apiKey === undefined)
    throw new Error(`provider "${config.provider}" needs an API key: set ${variable} or pass apiKey`);
  return config.provider === "openai"
    ? new OpenAIProvider({ name: config.provider, model, baseUrl, apiKey, retry })
    : new AnthropicProvider({ model, baseUrl, apiKey, retry });
}
