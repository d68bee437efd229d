import { z } from "zod";
import type { RenderSettings } from "../../../protocol/src/index.js";
import { EpisodeConfig } from "../agent/episode-config.js";
import type { AgentChoice } from "../agent/episode-setup.js";
import {
  createProvider,
  PROVIDER_NAMES,
  ProviderConfig,
  type ProviderConfigInput,
} from "../providers/provider-config.js";
import { POOL_FLAGS_USAGE, poolFlagShape } from "./pool-flags.js";

/** The flags that choose an agent and its episode parameters: shared by `run` and `bench`. */
export const AGENT_FLAGS_USAGE = `  --provider P           ${PROVIDER_NAMES.join(" | ")} (default offline)
  --model M              model name (openai: gpt-4o, anthropic: claude-sonnet-4-6; required for openai-compatible)
  --base-url URL         API base URL (required for openai-compatible, e.g. http://localhost:8000/v1)
  --timeout S            seconds a model call may take before it is retried (default 120)
  --attempts N           tries per model call, with backoff on 429, 5xx, timeouts (default 4)
  --verifier V           model | metric (default: metric offline, model with a provider)
  --judge-noise S        make the metric verifier imperfect: each PL it compares is scaled by 1 + N(0, S)
                         (default 0, exact; for verification-scaling studies without a model)
  --breadth N            drafts per iteration (default 4; offline 8)
  --depth N              iterations (default 3; offline 30)
  --verify-k N           verifier brackets per decision, votes aggregated (default 1)
  --budget N             total query budget (model calls; offline: drafts and comparisons)
  --veri-ratio R         share of the budget for verification, 0 < R < 1 (BlenderGym's VeriRatio)
  --temperature T        sampling temperature (default 0.7)
  --seed N               seed of every random choice (default 0)
  --size PX              render at PX×PX instead of the task's size (faster, coarser)
  --samples N            Cycles/EEVEE samples instead of the task's
  --screen               offline: render drafts at 64 px first and only the best 2 of 8 in full; drafts
                         that hide an object are refused (default with Cycles and EEVEE, where a 64 px
                         render costs a twentieth of a full one, and where the program places objects
                         or weights shape keys)
  --no-screen            offline: render every draft in full (default with Workbench where nothing moves
                         geometry: no object placed, no shape key weighted)
${POOL_FLAGS_USAGE}`;

/** The agent flags that take no value. */
export const AGENT_BOOLEAN_FLAGS = ["screen", "no-screen"] as const;

/** The offline search needs more, cheaper iterations than a VLM to get anywhere. */
const OFFLINE_DEFAULTS = { breadth: 8, depth: 30 };

export const count = (max: number) => z.coerce.number().int().min(1).max(max);

export const agentFlagShape = {
  provider: z.enum(PROVIDER_NAMES).default("offline"),
  model: z.string().min(1).optional(),
  "base-url": z.string().optional(),
  verifier: z.enum(["model", "metric"]).optional(),
  "judge-noise": z.coerce.number().min(0).max(10).optional(),
  timeout: z.coerce.number().positive().max(3600).optional(),
  attempts: count(20).optional(),
  breadth: count(32).optional(),
  depth: count(1000).optional(),
  "verify-k": count(64).optional(),
  budget: count(1_000_000).optional(),
  "veri-ratio": z.coerce.number().gt(0).lt(1).optional(),
  temperature: z.coerce.number().min(0).max(2).optional(),
  seed: z.coerce.number().int().min(0).optional(),
  size: z.coerce.number().int().min(16).max(4096).optional(),
  samples: count(4096).optional(),
  screen: z.boolean().default(false),
  "no-screen": z.boolean().default(false),
  ...poolFlagShape,
};
type AgentFlags = z.output<z.ZodObject<typeof agentFlagShape>>;

/** node:util parseArgs options for a flag schema: booleans as named, repeatable ones as named, the rest strings. */
export function flagOptions(
  shape: Record<string, unknown>,
  booleans: readonly string[] = [],
  repeatable: readonly string[] = [],
) {
  return Object.fromEntries(
    Object.keys(shape).map((k) => [
      k,
      booleans.includes(k)
        ? { type: "boolean" as const }
        : { type: "string" as const, multiple: repeatable.includes(k) },
    ]),
  );
}

/**
 * The agent the flags choose. `callsHere`: this process will call the model (so its key
 * must be here); a benchmark coordinator on a queue only checks the config, as its
 * workers read their own keys.
 */
export function agentFrom(flags: AgentFlags, callsHere = true): AgentChoice {
  if (flags.provider === "offline") {
    if (flags.model || flags["base-url"] || flags.timeout || flags.attempts) {
      throw new Error(
        "--model, --base-url, --timeout and --attempts need a model provider: " +
          "add --provider openai, anthropic or openai-compatible",
      );
    }
    if (flags.verifier === "model")
      throw new Error("--verifier model needs a model provider; the offline provider verifies with the metric");
    return { verifier: flags.verifier };
  }
  const provider = {
    provider: flags.provider,
    model: flags.model,
    baseUrl: flags["base-url"],
    timeoutMs: flags.timeout === undefined ? undefined : Math.round(flags.timeout * 1000),
    maxAttempts: flags.attempts,
  } as ProviderConfigInput;
  if (flags["judge-noise"] && (flags.verifier ?? "model") === "model")
    throw new Error("--judge-noise is for the metric verifier: add --verifier metric");
  // A bad config or a missing key fails here, before any Blender starts.
  if (callsHere) createProvider(provider);
  else {
    const parsed = ProviderConfig.safeParse(provider);
    if (!parsed.success) throw new Error(`invalid provider config:\n${z.prettifyError(parsed.error)}`);
  }
  return { provider: provider as AgentChoice["provider"], verifier: flags.verifier };
}

export function configFrom(flags: AgentFlags): EpisodeConfig {
  const offline = flags.provider === "offline";
  if (flags.screen && flags["no-screen"]) throw new Error("--screen and --no-screen contradict each other: give one");
  if ((flags.screen || flags["no-screen"]) && !offline)
    throw new Error(`--${flags.screen ? "screen" : "no-screen"} is for the offline provider`);
  const parsed = EpisodeConfig.safeParse({
    breadth: flags.breadth ?? (offline ? OFFLINE_DEFAULTS.breadth : undefined),
    depth: flags.depth ?? (offline ? OFFLINE_DEFAULTS.depth : undefined),
    verifyK: flags["verify-k"],
    judgeNoise: flags["judge-noise"],
    budget: flags.budget,
    veriRatio: flags["veri-ratio"],
    temperature: flags.temperature,
    seed: flags.seed,
    screen: flags.screen ? true : flags["no-screen"] ? false : "auto",
  });
  if (!parsed.success) throw new Error(z.prettifyError(parsed.error));
  return parsed.data;
}

/** --size and --samples as overrides of a task's render settings. */
export function renderOverrideFrom(flags: AgentFlags): Partial<RenderSettings> {
  return {
    ...(flags.size ? { width: flags.size, height: flags.size } : {}),
    ...(flags.samples ? { samples: flags.samples } : {}),
  };
}
