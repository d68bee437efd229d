import type { Candidate, Goal } from "../candidate.js";

/** Reference question styles: "tune" one or two values, or "leap" more freely. */
export type QuestionStyle = "tune" | "leap";

export interface ProposeContext {
  iteration: number;
  /** The episode's depth: how far along `iteration` is. */
  depth: number;
  /** Drafts to propose this iteration. */
  breadth: number;
  incumbent: Candidate;
  start: Candidate;
  goal: Goal;
  style: QuestionStyle;
  signal?: AbortSignal;
}

/** A proposed program, or the recorded reason there is none. */
export interface Draft {
  /** "d0", "d1", ... within the iteration. */
  id: string;
  program: string | null;
  rejected?: string;
  /** Queries spent on this draft. */
  queries: number;
  /** What the generator did, for the record (brainstorm, edits applied, parameter moves). */
  notes: Record<string, unknown>;
}

/** How a draft fared, told back to the generator so it can adapt. */
export interface DraftFeedback {
  id: string;
  outcome: "won" | "lost" | "failed" | "rejected";
  /** Its renders equal the incumbent's to the byte: the edit changed nothing visible. */
  unchanged: boolean;
  /** Metric against the goal, when the episode has goal images (lower is better). */
  score?: number;
  /**
   * Rendered in full, it lost and did not beat the incumbent's PL: the same change would
   * lose again while the incumbent stands. Screened, whatever `score` (the screening
   * objective) says: a gain seen at screening size that did not hold.
   */
  notBetterInFull?: boolean;
}

export interface IterationFeedback {
  iteration: number;
  incumbentScore?: number;
  drafts: DraftFeedback[];
}

/** Proposes drafts: a VLM brainstormer and code editor, or the offline parameter search. */
export interface DraftGenerator {
  readonly kind: "model" | "offline";
  /** The fewest queries one draft costs, for fitting drafts into a budget. */
  readonly queriesPerDraft: number;
  propose(context: ProposeContext): Promise<Draft[]>;
  observe(feedback: IterationFeedback): void | Promise<void>;
  /** JSON state, recorded after each iteration so a resumed episode goes on as if never stopped. */
  saveState(): unknown;
  loadState(state: unknown): void;
}
