import type { LogMessage } from "electron-log";
import log from "electron-log/node.js";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { OpenAIProvider } from "../../sidecar/src/providers/openai-provider.js";
import { costOf } from "../../sidecar/src/providers/pricing.js";
import { type ChatRequest, ProviderError } from "../../sidecar/src/providers/provider.js";
import {
  createProvider,
  ProviderConfig,
  type ProviderConfigInput,
} from "../../sidecar/src/providers/provider-config.js";
import {
  promptText as anthropicPrompt,
  type FakeAnthropicServer,
  imageSources,
  startFakeAnthropic,
} from "../helpers/fake-anthropic-server.js";
import type { FakeModelServer } from "../helpers/fake-model-server.js";
import { type FakeOpenAIServer, imageUrls, startFakeOpenAI } from "../helpers/fake-openai-server.js";

/** Every byte value after the PNG signature, so base64's every character is exercised. */
const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.from(Array.from({ length: 256 }, (_, i) => i)),
]);
const PNG2 = Buffer.from(PNG).reverse();
const SYSTEM = "You compare renders of a Blender scene.";

function chat(overrides: Partial<ChatRequest> = {}): ChatRequest {
  return {
    purpose: "verify",
    system: SYSTEM,
    messages: [
      {
        role: "user",
        content: [
          { type: "text", text: "Which render is closer to the goal?" },
          { type: "image", png: PNG, ref: "left" },
          { type: "image", png: PNG2, ref: "right" },
        ],
      },
    ],
    temperature: 0.3,
    maxTokens: 300,
    ...overrides,
  };
}

/** The provider's warnings, caught by a log transport of our own. */
const warnings: string[] = [];
beforeAll(() => {
  log.transports.providersTest = Object.assign((message: LogMessage) => void warnings.push(message.data.join(" ")), {
    level: "warn" as const,
    transforms: [],
  });
});
afterAll(() => {
  delete log.transports.providersTest;
});

let openai: FakeOpenAIServer;
let anthropic: FakeAnthropicServer;
beforeEach(async () => {
  warnings.length = 0;
  [openai, anthropic] = await Promise.all([startFakeOpenAI(), startFakeAnthropic()]);
});
afterEach(async () => {
  await Promise.all([openai.close(), anthropic.close()]);
});

async function elapsed<T>(run: () => Promise<T>): Promise<{ ms: number; result: PromiseSettledResult<T> }> {
  const started = performance.now();
  const [result] = await Promise.allSettled([run()]);
  return { ms: performance.now() - started, result: result! };
}

function rejection(result: PromiseSettledResult<unknown>): unknown {
  if (result.status === "fulfilled") throw new Error(`expected a rejection, got ${JSON.stringify(result.value)}`);
  return result.reason;
}

describe("OpenAIProvider", () => {
  const openaiRequest =
    "sends the system prompt, text and image_url data URLs, " +
    "temperature, seed and max_completion_tokens, with the key";
  it(openaiRequest, async () => {
    openai.script({ reply: "left", usage: { input: 1234, output: 56 }, model: "gpt-4o-2024-08-06" });
    const provider = createProvider({ provider: "openai", apiKey: "sk-test", baseUrl: openai.baseUrl });
    const history = chat().messages.concat(
      { role: "assistant", content: [{ type: "text", text: "The left one." }] },
      { role: "user", content: [{ type: "text", text: "Sure?" }] },
    );
    const reply = await provider.complete(chat({ messages: history, seed: 7 }));

    expect(reply).toMatchObject({ text: "left", model: "gpt-4o-2024-08-06", attempts: 1 });
    expect(reply.usage).toEqual({
      inputTokens: 1234,
      outputTokens: 56,
      costUsd: expect.closeTo((1234 * 2.5 + 56 * 10) / 1e6, 12),
    });
    const [request] = openai.requests;
    expect(request!.headers.authorization).toBe("Bearer sk-test");
    const body = request!.body;
    expect(body).toMatchObject({ model: "gpt-4o", temperature: 0.3, seed: 7, max_completion_tokens: 300 });
    expect(body).not.toHaveProperty("max_tokens");
    expect(body.messages).toEqual([
      { role: "system", content: SYSTEM },
      {
        role: "user",
        content: [
          { type: "text", text: "Which render is closer to the goal?" },
          { type: "image_url", image_url: { url: `data:image/png;base64,${PNG.toString("base64")}` } },
          { type: "image_url", image_url: { url: `data:image/png;base64,${PNG2.toString("base64")}` } },
        ],
      },
      { role: "assistant", content: "The left one." },
      { role: "user", content: [{ type: "text", text: "Sure?" }] },
    ]);
    const sent = imageUrls(body).map((url) => Buffer.from(url.slice("data:image/png;base64,".length), "base64"));
    expect(sent).toEqual([PNG, PNG2]);
  });

  it("costs null for a model missing from the price table, tokens still counted", async () => {
    openai.script({ reply: "right", usage: { input: 10, output: 2 } });
    const provider = createProvider({
      provider: "openai",
      apiKey: "sk-test",
      baseUrl: openai.baseUrl,
      model: "ft:gpt-4o:acme:blender",
    });
    const reply = await provider.complete(chat());
    expect(reply.usage).toEqual({ inputTokens: 10, outputTokens: 2, costUsd: null });
    expect(openai.requests[0]!.body).not.toHaveProperty("seed");
  });

  it("as openai-compatible: needs no key, sends max_tokens, costs null even for a priced model name", async () => {
    openai.script("left");
    const provider = createProvider({ provider: "openai-compatible", baseUrl: openai.baseUrl, model: "gpt-4o" }, {});
    const reply = await provider.complete(chat());
    expect(provider.name).toBe("openai-compatible");
    expect(reply).toMatchObject({ text: "left", usage: { inputTokens: 1000, outputTokens: 200, costUsd: null } });
    const { headers, body } = openai.requests[0]!;
    expect(headers.authorization).toBe("Bearer not-needed");
    expect(body.max_tokens).toBe(300);
    expect(body).not.toHaveProperty("max_completion_tokens");
  });
});

describe("AnthropicProvider", () => {
  const anthropicRequest =
    "sends the system prompt top-level, text and base64 image blocks, max_tokens, the key, and no temperature";
  it(anthropicRequest, async () => {
    anthropic.script({
      reply: (body) => (anthropicPrompt(body).includes("closer to the goal") ? "right" : "left"),
      usage: { input: 900, output: 30 },
    });
    const provider = createProvider({ provider: "anthropic", apiKey: "sk-ant-test", baseUrl: anthropic.baseUrl });
    const reply = await provider.complete(chat({ seed: 7 }));

    expect(provider.model).toBe("claude-sonnet-4-6");
    expect(reply).toMatchObject({ text: "right", model: "claude-sonnet-4-6", attempts: 1 });
    expect(reply.usage).toEqual({
      inputTokens: 900,
      outputTokens: 30,
      costUsd: expect.closeTo((900 * 3 + 30 * 15) / 1e6, 12),
    });
    const { headers, body } = anthropic.requests[0]!;
    expect(headers.authorization).toBe("Bearer sk-ant-test"); // SDK 1.x sends the key as a bearer token
    expect(headers["anthropic-version"]).toBe("2026-10-21");
    expect(body).toMatchObject({ model: "claude-sonnet-4-6", system: SYSTEM, max_tokens: 300 });
    for (const name of ["temperature", "seed"]) expect(body).not.toHaveProperty(name);
    expect(body.messages).toEqual([
      {
        role: "user",
        content: [
          { type: "text", text: "Which render is closer to the goal?" },
          { type: "image", source: { type: "base64", media_type: "image/png", data: PNG.toString("base64") } },
          { type: "image", source: { type: "base64", media_type: "image/png", data: PNG2.toString("base64") } },
        ],
      },
    ]);
    const sent = imageSources(body).map((source) =>
      source.type === "base64" ? Buffer.from(source.data, "base64") : null,
    );
    expect(sent).toEqual([PNG, PNG2]);
  });

  it("costs null for a model missing from the price table", async () => {
    anthropic.script("left");
    const provider = createProvider({
      provider: "anthropic",
      apiKey: "sk-ant-test",
      baseUrl: anthropic.baseUrl,
      model: "claude-unpriced-9",
    });
    expect((await provider.complete(chat())).usage).toEqual({ inputTokens: 1000, outputTokens: 200, costUsd: null });
  });
});

/** The same failures against both APIs: each SDK's errors must map alike. */
const APIS = [
  {
    name: "openai",
    server: () => openai as FakeModelServer<unknown>,
    config: (extra: object) =>
      ({
        provider: "openai",
        model: "gpt-4o",
        apiKey: "sk-test",
        baseUrl: openai.baseUrl,
        ...extra,
      }) as ProviderConfigInput,
    unauthorized: "Incorrect API key provided: sk-test.",
  },
  {
    name: "anthropic",
    server: () => anthropic as FakeModelServer<unknown>,
    // Any model will do: these cases are about the transport, not the price.
    config: (extra: object) =>
      ({
        provider: "anthropic",
        model: "claude-haiku-4-5",
        apiKey: "sk-ant-test",
        baseUrl: anthropic.baseUrl,
        ...extra,
      }) as ProviderConfigInput,
    unauthorized: "invalid x-api-key",
  },
];

describe.each(APIS)("retries against $name", ({ name, server, config, unauthorized }) => {
  it("429 with retry-after: waits what the server asked, then succeeds on attempt 2 with a warning", async () => {
    server().script({ status: 429, retryAfter: "1" }, "left");
    const provider = createProvider(config({ retryBaseMs: 1 }));
    const { ms, result } = await elapsed(() => provider.complete(chat()));
    expect(result).toMatchObject({ status: "fulfilled", value: { text: "left", attempts: 2 } });
    expect(ms).toBeGreaterThanOrEqual(990);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(new RegExp(`^${name} verify: attempt 1/4 failed \\(429 .+\\); retrying in 1000 ms$`));
  });

  it("500, 500, then success: 3 attempts", async () => {
    server().script({ status: 500 }, { status: name === "anthropic" ? 529 : 503 }, "right");
    const reply = await createProvider(config({ retryBaseMs: 1 })).complete(chat());
    expect(reply).toMatchObject({ text: "right", attempts: 3 });
    expect(server().requests).toHaveLength(3);
    expect(warnings).toHaveLength(2);
  });

  it("four 500s: a ProviderError naming the attempts and the last error", async () => {
    server().script(...Array.from({ length: 4 }, () => ({ status: 500, message: "boom" })));
    const error = await createProvider(config({ retryBaseMs: 1 }))
      .complete(chat())
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({
      provider: name,
      status: 500,
      attempts: 4,
      message: `${name}: failed after 4 attempts; last error: 500 boom`,
    });
    expect(server().requests).toHaveLength(4);
  });

  it("401: fails at once with the API's message, no retry", async () => {
    server().script({ status: 401 }, "never reached");
    const error = await createProvider(config({ retryBaseMs: 1 }))
      .complete(chat())
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ status: 401, attempts: 1 });
    expect((error as Error).message).toMatch(new RegExp(`^${name}: 401 ${unauthorized.replace(/[.]/g, "\\.")}`));
    expect(server().requests).toHaveLength(1);
    expect(warnings).toEqual([]);
  });

  it("a server that never answers: each attempt times out, then a clear timeout error", async () => {
    server().script({ hang: true }, { hang: true });
    const provider = createProvider(config({ retryBaseMs: 1, timeoutMs: 300, maxAttempts: 2 }));
    const { ms, result } = await elapsed(() => provider.complete(chat()));
    expect(rejection(result)).toMatchObject({
      attempts: 2,
      message: `${name}: failed after 2 attempts; last error: timed out after 300 ms`,
    });
    expect(ms).toBeGreaterThanOrEqual(590);
    expect(server().requests).toHaveLength(2);
    expect(warnings[0]).toContain("timed out after 300 ms");
  });

  it("the abort signal stops the wait between attempts", async () => {
    server().script({ status: 503 }, "never reached");
    const provider = createProvider(config({ retryBaseMs: 10_000 }));
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 200);
    const { ms, result } = await elapsed(() => provider.complete(chat({ signal: controller.signal })));
    expect(rejection(result)).toMatchObject({ name: "AbortError" });
    expect(ms).toBeLessThan(2000);
    expect(server().requests).toHaveLength(1);
    expect(warnings).toHaveLength(1); // the retry was scheduled, then cancelled
  });

  it("the abort signal stops a call in flight", async () => {
    server().script({ hang: true });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 200);
    const { ms, result } = await elapsed(() =>
      createProvider(config({})).complete(chat({ signal: controller.signal })),
    );
    expect(rejection(result)).toMatchObject({ name: "AbortError" });
    expect(ms).toBeLessThan(2000);
    expect(warnings).toEqual([]);
  });
});

describe("retry policy details", () => {
  it("caps a long retry-after at the policy's longest wait", async () => {
    openai.script({ status: 429, retryAfter: "3600" }, "left");
    const provider = new OpenAIProvider({
      name: "openai",
      model: "gpt-4o",
      apiKey: "sk-test",
      baseUrl: openai.baseUrl,
      retry: { maxAttempts: 2, baseMs: 1, timeoutMs: 5000, maxDelayMs: 50 },
    });
    const { ms, result } = await elapsed(() => provider.complete(chat()));
    expect(result).toMatchObject({ status: "fulfilled", value: { attempts: 2 } });
    expect(ms).toBeLessThan(2000);
  });

  it("retries a refused connection and says so", async () => {
    const baseUrl = openai.baseUrl;
    await openai.close();
    openai = await startFakeOpenAI(); // afterEach closes this one
    const error = await createProvider({
      provider: "openai",
      apiKey: "sk-test",
      baseUrl,
      retryBaseMs: 1,
      maxAttempts: 2,
    })
      .complete(chat())
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ attempts: 2, status: undefined });
    expect((error as Error).message).toMatch(
      /^openai: failed after 2 attempts; last error: Connection error\..*ECONNREFUSED/,
    );
  });
});

describe("createProvider and ProviderConfig", () => {
  it("a missing API key throws before any call, naming the variable", () => {
    expect(() => createProvider({ provider: "anthropic" }, {})).toThrow(
      'provider "anthropic" needs an API key: set ANTHROPIC_API_KEY or pass apiKey',
    );
    expect(() => createProvider({ provider: "openai" }, { OPENAI_API_KEY: "" })).toThrow(
      'provider "openai" needs an API key: set OPENAI_API_KEY or pass apiKey',
    );
  });

  it("takes the key from the environment it is given, and fills in the default model", async () => {
    anthropic.script("left");
    const provider = createProvider(
      { provider: "anthropic", model: "claude-haiku-4-5", baseUrl: anthropic.baseUrl },
      { ANTHROPIC_API_KEY: "sk-ant-env" },
    );
    await provider.complete(chat());
    expect(anthropic.requests[0]!.headers.authorization).toBe("Bearer sk-ant-env");
    expect(createProvider({ provider: "openai" }, { OPENAI_API_KEY: "sk-env" }).model).toBe("gpt-4o");
  });

  it("rejects a bad config with a message naming the field", () => {
    expect(() =>
      createProvider({ provider: "openai-compatible", model: "qwen2.5-vl", baseUrl: "localhost:8000/v1" }),
    ).toThrow(/Invalid URL\s+→ at baseUrl/);
    expect(() =>
      createProvider({ provider: "openai-compatible", baseUrl: "http://localhost:8000/v1" } as ProviderConfigInput),
    ).toThrow(/→ at model/);
    expect(() => createProvider({ provider: "openai", apikey: "sk-typo" } as ProviderConfigInput)).toThrow(/apikey/);
    const parsed = ProviderConfig.safeParse({ provider: "anthropic", baseUrl: "ftp://example.com" });
    expect(parsed.error?.issues.map((issue) => issue.path)).toEqual([["baseUrl"]]);
    expect(ProviderConfig.parse({ provider: "openai" })).toEqual({
      provider: "openai",
      model: "gpt-4o",
      timeoutMs: 120_000,
      maxAttempts: 4,
      retryBaseMs: 1000,
    });
  });
});

describe("costOf", () => {
  it("prices known models, dated snapshots by their undated name, and nothing else", () => {
    const tokens = { inputTokens: 1_000_000, outputTokens: 1_000_000 };
    expect(costOf("gpt-4o", tokens)).toBeCloseTo(12.5);
    expect(costOf("gpt-4o-2024-08-06", tokens)).toBeCloseTo(12.5);
    expect(costOf("gpt-4o-mini-2024-07-18", tokens)).toBeCloseTo(0.75);
    expect(costOf("gpt-4.1-mini", tokens)).toBeCloseTo(2);
    expect(costOf("claude-sonnet-4-5-20250929", tokens)).toBeCloseTo(18);
    expect(costOf("claude-3-5-haiku-20241022", tokens)).toBeCloseTo(4.8);
    expect(costOf("gpt-4o-audio-preview", tokens)).toBeNull();
    expect(costOf("llama3.2-vision", tokens)).toBeNull();
  });
});
