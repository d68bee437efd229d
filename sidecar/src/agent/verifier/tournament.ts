import type { Rng } from "../../rng.js";
import { type Candidate, type Goal, INCUMBENT } from "../candidate.js";
import type { PairJudge, Verdict } from "./judge.js";

export interface MatchResult {
  key: string;
  bracket: number;
  round: number;
  left: string;
  right: string;
  winner: string;
  verdict: Verdict;
}

export interface TournamentResult {
  winner: string;
  /** Brackets won, per candidate id. */
  votes: Record<string, number>;
  matches: MatchResult[];
  brackets: number;
  queries: number;
  /** How a tie on votes was broken, when there was one. */
  tieBreak?: string;
}

export interface TournamentOptions {
  /** Candidates in their canonical order: the incumbent first, then the drafts. */
  candidates: Candidate[];
  start: Candidate;
  goal: Goal;
  judge: PairJudge;
  /** Brackets to run (BlenderGym's verification scaling: repeat and aggregate). */
  brackets: number;
  rng: Rng;
  /** Prefix of every match key, e.g. "i2". */
  keyPrefix: string;
  onMatch?: (m: MatchResult) => void;
  signal?: AbortSignal;
}

/** Queries one bracket over n candidates costs: one per pairwise match. */
export function bracketCost(n: number): number {
  return Math.max(0, n - 1);
}

/**
 * The verifier: single-elimination brackets of pairwise comparisons, as BlenderGym runs
 * them. Each bracket shuffles the candidates' positions and each match's left/right
 * sides; an odd one out gets a bye. A match the judge cannot decide goes to the
 * candidate that comes first in canonical order (the incumbent first): an edit must
 * earn its place. Each bracket's champion gets a vote; the most votes win. Ties on
 * votes go to the incumbent if it is tied, else to the candidate with more match wins
 * over all brackets, else to the earlier draft.
 */
export async function runTournament(options: TournamentOptions): Promise<TournamentResult> {
  const { candidates, judge, rng } = options;
  const order = new Map(candidates.map((c, i) => [c.id, i]));
  const votes: Record<string, number> = Object.fromEntries(candidates.map((c) => [c.id, 0]));
  const matchWins: Record<string, number> = { ...votes };
  const matches: MatchResult[] = [];
  let queries = 0;
  if (candidates.length === 1)
    return { winner: candidates[0]!.id, votes: { [candidates[0]!.id]: 1 }, matches, brackets: 0, queries };

  for (let b = 0; b < options.brackets; b++) {
    let field = rng.shuffle(candidates);
    for (let round = 0; field.length > 1; round++) {
      const pairs: [Candidate, Candidate][] = [];
      for (let i = 0; i + 1 < field.length; i += 2)
        pairs.push(rng.next() < 0.5 ? [field[i]!, field[i + 1]!] : [field[i + 1]!, field[i]!]);
      const bye = field.length % 2 === 1 ? field[field.length - 1] : undefined;
      const results = await Promise.all(
        pairs.map(async ([left, right], m): Promise<MatchResult> => {
          const key = `${options.keyPrefix}/b${b}/r${round}/m${m}`;
          const verdict = await judge.compare({
            key,
            left,
            right,
            goal: options.goal,
            start: options.start,
            signal: options.signal,
          });
          const undecided = order.get(left.id)! < order.get(right.id)! ? left : right;
          const winner = verdict.choice === "left" ? left : verdict.choice === "right" ? right : undecided;
          return { key, bracket: b, round, left: left.id, right: right.id, winner: winner.id, verdict };
        }),
      );
      for (const r of results) {
        queries += r.verdict.queries;
        matchWins[r.winner]! += 1;
        matches.push(r);
        options.onMatch?.(r);
      }
      const winners = new Set(results.map((r) => r.winner));
      field = field.filter((c) => winners.has(c.id) || c === bye);
    }
    votes[field[0]!.id]! += 1;
  }

  const most = Math.max(...Object.values(votes));
  const tied = candidates.filter((c) => votes[c.id] === most);
  if (tied.length === 1) return { winner: tied[0]!.id, votes, matches, brackets: options.brackets, queries };
  const incumbent = tied.find((c) => c.id === INCUMBENT);
  const byWins = [...tied].sort((a, b) => matchWins[b.id]! - matchWins[a.id]! || order.get(a.id)! - order.get(b.id)!);
  const winner = incumbent ?? byWins[0]!;
  const sameWins = tied.filter((c) => matchWins[c.id] === matchWins[winner.id]).length > 1;
  const tieBreak = incumbent
    ? `tied on ${most} votes with ${tied.length - 1} other(s): the incumbent keeps its place`
    : sameWins
      ? `tied on ${most} votes and ${matchWins[winner.id]} match wins: the earlier draft, ${winner.id}, wins`
      : `tied on ${most} votes: ${winner.id} has the most match wins (${matchWins[winner.id]})`;
  return { winner: winner.id, votes, matches, brackets: options.brackets, queries, tieBreak };
}
