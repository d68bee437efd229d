import type { SidecarResult } from "../../../protocol/src/index.js";
import { KEY_VARIABLES, OFFLINE_PROVIDER, ProviderConfig } from "../providers/provider-config.js";
import { EpisodeConfig } from "./episode-config.js";

/** The hosted providers a peer can pick without giving the sidecar more than an environment variable. */
const HOSTED = ["openai", "anthropic"] as const;

/**
 * What this sidecar's agent offers a panel or page: each provider, its default model, and
 * whether its key is in the sidecar's environment (never the key), with the episode
 * defaults. The offline provider is always ready.
 */
export function agentOptions(env: NodeJS.ProcessEnv = process.env): SidecarResult<"agent.options"> {
  const defaults = EpisodeConfig.parse({});
  const hosted = HOSTED.map((name) => {
    const variable = KEY_VARIABLES[name];
    const model = ProviderConfig.parse({ provider: name }).model;
    return env[variable]
      ? { name, model, ready: true }
      : { name, model, ready: false, reason: `set ${variable} in the sidecar's environment and restart it` };
  });
  return {
    providers: [{ name: OFFLINE_PROVIDER, model: null, ready: true }, ...hosted],
    defaults: {
      provider: OFFLINE_PROVIDER,
      breadth: defaults.breadth,
      depth: defaults.depth,
      verifyK: defaults.verifyK,
      budget: defaults.budget ?? null,
    },
  };
}
