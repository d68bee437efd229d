import { PhotometricGoal } from "../metrics/photometric.js";
import type { Candidate, Goal } from "./candidate.js";

/**
 * PL of candidates against the goal renders, computed once per candidate and shared by
 * the episode (its scores and "best") and the metric verifier (its comparisons), with
 * the goal decoded once per goal.
 */
export class GoalScorer {
  private readonly pending = new WeakMap<Candidate, Promise<number>>();
  private readonly known = new WeakMap<Candidate, number>();
  private readonly goals = new WeakMap<readonly Buffer[], Promise<PhotometricGoal>>();

  score(candidate: Candidate, goal: Goal): Promise<number> {
    let s = this.pending.get(candidate);
    if (!s) {
      const images = goal.images;
      if (!images) throw new Error("the metric verifier needs goal images; this goal is text only");
      let reference = this.goals.get(images);
      if (!reference) this.goals.set(images, (reference = PhotometricGoal.of(images)));
      s = reference.then((r) => r.lossOf(candidate.pngs));
      void s.then((v) => this.known.set(candidate, v), () => undefined);
      this.pending.set(candidate, s);
    }
    return s;
  }

  /** A score already computed, without waiting. */
  scoreOf(candidate: Candidate): number | undefined {
    return this.known.get(candidate);
  }

  /** `to` shows the same renders as `from` (the winner becoming the incumbent): same score. */
  alias(to: Candidate, from: Candidate): void {
    const s = this.pending.get(from);
    if (s) this.pending.set(to, s);
    const v = this.known.get(from);
    if (v !== undefined) this.known.set(to, v);
  }
}
