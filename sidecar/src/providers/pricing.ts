import type { Usage } from "./provider.js";

interface Price {
  /** US$ per million input tokens. */
  input: number;
  /** US$ per million output tokens. */
  output: number;
}

/**
 * List prices as of writing (US$ per million tokens, no batch or cache discounts);
 * they change, so check the vendors' pages. Unknown models cost null, never a guess.
 */
const PRICES: Readonly<Record<string, Price>> = {
  "gpt-4o": { input: 2.5, output: 10 },
  "gpt-4o-mini": { input: 0.15, output: 0.6 },
  "gpt-4.1": { input: 2, output: 8 },
  "gpt-4.1-mini": { input: 0.4, output: 1.6 },
  "claude-sonnet-4-6": { input: 3, output: 15 },
  "claude-sonnet-4-5": { input: 3, output: 15 },
  "claude-3-5-sonnet-latest": { input: 3, output: 15 },
  "claude-3-5-haiku-latest": { input: 0.8, output: 4 },
};

/** gpt-4o-2024-08-06, claude-sonnet-4-5-20250929: a snapshot of the model named without the date. */
const DATE_SUFFIX = /-(\d{4}-\d{2}-\d{2}|\d{8})$/;

function priceOf(model: string): Price | undefined {
  const undated = model.replace(DATE_SUFFIX, "");
  // claude-3-5-sonnet-20241022 is what claude-3-5-sonnet-latest pointed to.
  return PRICES[model] ?? PRICES[undated] ?? PRICES[`${undated}-latest`];
}

/** Cost in US$ of a call to `model` (the id the call asked for), or null when its price is unknown. */
export function costOf(model: string, usage: Pick<Usage, "inputTokens" | "outputTokens">): number | null {
  const price = priceOf(model);
  if (price === undefined) return null;
  return (usage.inputTokens * price.input + usage.outputTokens * price.output) / 1_000_000;
}
