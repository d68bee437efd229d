import { z } from "zod";
import type { EpisodeConfig } from "./episode-config.js";

/** Queries spent so far, by kind. */
export const QueriesUsed = z.object({ generation: z.number().int().min(0), verification: z.number().int().min(0) });
export type QueriesUsed = z.infer<typeof QueriesUsed>;

/**
 * The query budget: a total, optionally split between generation and verification by
 * VeriRatio. An iteration only takes as many drafts as it can also afford to verify
 * (one bracket over n+1 candidates costs n queries), so a decision is never left half made.
 */
export class QueryBudget {
  constructor(
    private readonly config: EpisodeConfig,
    readonly used: QueriesUsed = { generation: 0, verification: 0 },
  ) {}

  private get split(): { generation: number; verification: number } | undefined {
    const { budget, veriRatio } = this.config;
    if (budget === undefined || veriRatio === undefined) return undefined;
    const verification = Math.round(budget * veriRatio);
    return { generation: budget - verification, verification };
  }

  /** Drafts the next iteration may propose (0: the budget is spent). */
  draftsThatFit(queriesPerDraft: number): number {
    const { breadth, budget } = this.config;
    if (budget === undefined) return breadth;
    const split = this.split;
    if (split) {
      const genLeft = split.generation - this.used.generation;
      const verLeft = split.verification - this.used.verification;
      return Math.max(0, Math.min(breadth, Math.floor(genLeft / queriesPerDraft), verLeft));
    }
    const left = budget - this.used.generation - this.used.verification;
    return Math.max(0, Math.min(breadth, Math.floor(left / (queriesPerDraft + 1))));
  }

  /**
   * Brackets the verifier may run over `candidates` (at least one when there is anything
   * to decide). With a split budget and `generationSpent` (this iteration's generation
   * queries), the verification share is spread over the iterations the generation share
   * can still pay for, so the first decision does not spend what later ones need.
   */
  bracketsThatFit(candidates: number, generationSpent?: number): number {
    const cost = candidates - 1;
    const { verifyK, budget } = this.config;
    if (cost <= 0 || budget === undefined) return verifyK;
    const split = this.split;
    const left = split
      ? split.verification - this.used.verification
      : budget - this.used.generation - this.used.verification;
    let share = left;
    if (split && generationSpent) {
      const laterIterations = Math.floor((split.generation - this.used.generation) / generationSpent);
      share = left / (1 + laterIterations);
    }
    return Math.max(1, Math.min(verifyK, Math.floor(share / cost), Math.floor(left / cost)));
  }

  get total(): number {
    return this.used.generation + this.used.verification;
  }
}
