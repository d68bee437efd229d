import type { Candidate, Goal } from "../candidate.js";
import { photometricLossViews } from "../../metrics/photometric.js";
import type { Match, PairJudge, Verdict } from "./judge.js";

/**
 * The metric verifier: the candidate whose renders have the lower photometric loss
 * against the goal renders wins. The offline provider's verifier, and an oracle
 * ablation for a VLM generator. Each comparison counts as one verification query so
 * budgets mean the same with every judge.
 */
export class MetricJudge implements PairJudge {
  readonly kind = "metric";
  private readonly scores = new WeakMap<Candidate, Promise<number>>();

  async compare({ left, right, goal }: Match): Promise<Verdict> {
    const [l, r] = await Promise.all([this.score(left, goal), this.score(right, goal)]);
    const choice = l === r ? null : l < r ? "left" : "right";
    return { choice, reason: `PL left ${l.toExponential(3)}, right ${r.toExponential(3)}`, queries: 1 };
  }

  /** PL of a candidate against the goal, computed once per candidate. */
  score(candidate: Candidate, goal: Goal): Promise<number> {
    let s = this.scores.get(candidate);
    if (!s) {
      if (!goal.images) throw new Error("the metric verifier needs goal images; this goal is text only");
      s = photometricLossViews(candidate.pngs, goal.images);
      this.scores.set(candidate, s);
    }
    return s;
  }
}
