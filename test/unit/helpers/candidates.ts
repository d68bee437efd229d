/** Candidates, goals and scripted judges for the agent's unit tests. */
import sharp from "sharp";
import { type Candidate, type Goal, INCUMBENT } from "../../../sidecar/src/agent/candidate.js";
import type { Match, PairJudge } from "../../../sidecar/src/agent/verifier/judge.js";
import { runTournament, type TournamentResult } from "../../../sidecar/src/agent/verifier/tournament.js";
import { Rng } from "../../../sidecar/src/rng.js";

/** The incumbent and n-1 drafts, in canonical order. */
export function field(n: number): Candidate[] {
  return Array.from({ length: n }, (_, i) => ({
    id: i === 0 ? INCUMBENT : `d${i - 1}`,
    program: `# candidate ${i}`,
    pngs: [],
  }));
}

export const textGoal: Goal = { instruction: "make it nicer", views: ["front"] };

export type Choice = "left" | "right" | null;

/** A judge whose answers are a function of the match; it keeps every match it was asked. */
export function scriptedJudge(decide: (m: Match) => Choice, queries = 1): PairJudge & { seen: Match[] } {
  const seen: Match[] = [];
  return {
    kind: "metric",
    seen,
    async compare(m) {
      seen.push(m);
      return { choice: decide(m), reason: "scripted", queries };
    },
  };
}

export const bracketOf = (key: string) => Number(/\/b(\d+)\//.exec(key)![1]);

/** Prefers the candidate with the lower rank; the ranking may differ per bracket. */
export const rankingJudge = (rank: (id: string, bracket: number) => number) =>
  scriptedJudge((m) => (rank(m.left.id, bracketOf(m.key)) < rank(m.right.id, bracketOf(m.key)) ? "left" : "right"));

/** A ranking from best to worst, as a rank function. */
export const ranked =
  (...ids: string[]) =>
  (id: string) => {
    const r = ids.indexOf(id);
    if (r < 0) throw new Error(`${id} not ranked`);
    return r;
  };

export function tournament(candidates: Candidate[], judge: PairJudge, brackets: number, seed: number) {
  return runTournament({
    candidates,
    start: candidates[0]!,
    goal: textGoal,
    judge,
    brackets,
    rng: new Rng(seed),
    keyPrefix: "i1",
  });
}

/** Match wins per candidate, counted from the match list (independently of the tournament's own tally). */
export function matchWins(result: TournamentResult): Record<string, number> {
  const wins: Record<string, number> = {};
  for (const m of result.matches) wins[m.winner] = (wins[m.winner] ?? 0) + 1;
  return wins;
}

export const solidPng = (rgb: [number, number, number], size = 8) =>
  sharp({ create: { width: size, height: size, channels: 3, background: { r: rgb[0], g: rgb[1], b: rgb[2] } } })
    .png()
    .toBuffer();
