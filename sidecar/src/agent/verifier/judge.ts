import { z } from "zod";
import type { Candidate, Goal } from "../candidate.js";

export interface Match {
  /** Stable name of this comparison within the episode, e.g. "i2/b0/r1/m0". */
  key: string;
  left: Candidate;
  right: Candidate;
  goal: Goal;
  /** The renders the episode started from (for a text goal: "what changed since"). */
  start: Candidate;
  signal?: AbortSignal;
}

export const Verdict = z.object({
  /** null: the judge gave no usable answer (the tournament's tie rule decides). */
  choice: z.enum(["left", "right"]).nullable(),
  reason: z.string(),
  /** Queries this comparison cost. */
  queries: z.number().int().min(0),
});
export type Verdict = z.infer<typeof Verdict>;

/** Decides which of two candidates is closer to the goal: a VLM, or a metric. */
export interface PairJudge {
  readonly kind: "model" | "metric";
  compare(match: Match): Promise<Verdict>;
}
