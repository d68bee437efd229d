import { Rng } from "../../rng.js";
import type { Candidate, Goal } from "../candidate.js";
import { GoalScorer } from "../goal-scorer.js";
import type { Match, PairJudge, Verdict } from "./judge.js";

/**
 * The metric verifier: the candidate whose renders have the lower photometric loss
 * against the goal renders wins. The offline provider's verifier, and an oracle
 * ablation for a VLM generator. Each comparison counts as one verification query so
 * budgets mean the same with every judge.
 */
export class MetricJudge implements PairJudge {
  readonly kind = "metric";

  /**
   * `noise` > 0 makes an imperfect judge, for verification-scaling studies without a model:
   * each comparison sees each PL times (1 + ε), ε normal with that standard deviation, drawn
   * from the seed and the match's key, so a replay sees the same. Repeated brackets then
   * disagree, and their votes help, as they do with a VLM verifier. `scorer` is shared
   * with the episode, so each candidate's PL is computed once.
   */
  constructor(
    private readonly noise = 0,
    private readonly seed = 0,
    private readonly scorer = new GoalScorer(),
  ) {}

  async compare({ key, left, right, goal }: Match): Promise<Verdict> {
    let [l, r] = await Promise.all([this.score(left, goal), this.score(right, goal)]);
    if (this.noise > 0) {
      const rng = Rng.for(this.seed, "judge", key);
      [l, r] = [l * (1 + this.noise * normal(rng)), r * (1 + this.noise * normal(rng))];
    }
    const choice = l === r ? null : l < r ? "left" : "right";
    return {
      choice,
      reason:
        `PL left ${l.toExponential(3)}, ` +
        `right ${r.toExponential(3)}${this.noise > 0 ? ` (noise ${this.noise})` : ""}`,
      queries: 1,
    };
  }

  /** PL of a candidate against the goal, computed once per candidate. */
  score(candidate: Candidate, goal: Goal): Promise<number> {
    return this.scorer.score(candidate, goal);
  }
}

/** A standard normal draw (Box–Muller). */
function normal(rng: Rng): number {
  return Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
}
