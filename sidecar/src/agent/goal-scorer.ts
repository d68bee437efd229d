import { PhotometricGoal } from "../metrics/photometric.js";
import type { Candidate, Goal } from "./candidate.js";
import { programHash } from "./record/recording.js";

/**
 * PL of candidates against the goal renders, computed once per program and shared by the
 * episode (its scores and "best") and the metric verifier (its comparisons), with the goal
 * decoded once per goal. Keyed by the program's hash: renders are deterministic, so the
 * same program scores the same whichever candidate (a draft, then the incumbent) holds it.
 */
export class GoalScorer {
  private readonly pending = new Map<string, Promise<number>>();
  private readonly known = new Map<string, number>();
  private readonly goals = new WeakMap<readonly Buffer[], Promise<PhotometricGoal>>();

  score(candidate: Candidate, goal: Goal): Promise<number> {
    const key = programHash(candidate.program);
    let s = this.pending.get(key);
    if (!s) {
      const images = goal.images;
      if (!images) throw new Error("the metric verifier needs goal images; this goal is text only");
      let reference = this.goals.get(images);
      if (!reference) {
        reference = PhotometricGoal.of(images);
        this.goals.set(images, reference);
      }
      s = reference.then((r) => r.lossOf(candidate.pngs));
      void s.then(
        (v) => this.known.set(key, v),
        () => undefined,
      );
      this.pending.set(key, s);
    }
    return s;
  }

  /** A score already computed, without waiting. */
  scoreOf(candidate: Candidate): number | undefined {
    return this.known.get(programHash(candidate.program));
  }
}
