import type { z } from "zod";
import type { EpisodeProgressParams } from "../../../protocol/src/index.js";
import type { Candidate } from "../agent/candidate.js";
import type { EpisodeParts } from "../agent/episode.js";
import { describeChanges, parameterChanges } from "../agent/program-changes.js";

export type Proposal = NonNullable<z.input<typeof EpisodeProgressParams>["proposal"]>;

/**
 * "Ask before applying": the winning edit of an iteration waits here, described as the
 * parameters it changes, until the artist accepts or rejects it (or the episode stops).
 */
export class EditApproval {
  private waiting?: { proposal: Proposal; decide: (accepted: boolean) => void };

  /**
   * @param incumbent the program the scene shows now (what the edit is described against)
   * @param onChange called when an edit starts or stops waiting
   */
  constructor(
    private readonly incumbent: () => string,
    private readonly onChange: () => void,
  ) {}

  /** The edit waiting for a decision, if any. */
  get proposal(): Proposal | undefined {
    return this.waiting?.proposal;
  }

  /** The episode's `approve` part. */
  readonly approve: NonNullable<EpisodeParts["approve"]> = (winner: Candidate, iteration, signal) =>
    new Promise<boolean>((resolve, reject) => {
      const changes = parameterChanges(this.incumbent(), winner.program);
      const abandon = () => {
        this.waiting = undefined;
        reject(new Error("the episode stopped while an edit waited for a decision"));
      };
      if (signal.aborted) return abandon();
      signal.addEventListener("abort", abandon, { once: true });
      this.waiting = {
        proposal: { iteration, summary: describeChanges(changes, 200), changes },
        decide: (accepted) => {
          signal.removeEventListener("abort", abandon);
          this.waiting = undefined;
          resolve(accepted);
        },
      };
      this.onChange();
    });

  /** The artist's answer to the waiting edit; false when none waits. */
  decide(accepted: boolean): boolean {
    if (!this.waiting) return false;
    this.waiting.decide(accepted);
    return true;
  }
}
