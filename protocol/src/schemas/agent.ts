import { z } from "zod";

/** A peer → sidecar: what the sidecar's agent offers, for a panel or page to show before an episode starts. */
export const AgentOptionsParams = z.object({}).strict();

export const ProviderChoice = z.object({
  /** "offline", "openai", "anthropic", ... */
  name: z.string(),
  /** The model the sidecar would use; null for the offline provider. */
  model: z.string().nullable(),
  /** Whether an episode could use it now (its key is in the sidecar's environment). */
  ready: z.boolean(),
  /** Why it is not ready, in words a user can act on. */
  reason: z.string().optional(),
});

/** Keys never cross: only whether the sidecar has one. */
export const AgentOptionsResult = z.object({
  providers: z.array(ProviderChoice),
  defaults: z.object({
    provider: z.string(),
    breadth: z.number().int(),
    depth: z.number().int(),
    verifyK: z.number().int(),
    budget: z.number().int().nullable(),
  }),
});
