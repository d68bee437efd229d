import { z } from "zod";
import { Rng } from "../../rng.js";
import type { CandidateRenderer } from "../renderer.js";
import type { Draft, DraftGenerator, IterationFeedback, ProposeContext } from "./generator.js";
import { ParameterSearch, SearchState } from "./parameter-search.js";
import { applyValues, findParameters } from "./program-parameters.js";

export const draftId = (i: number) => `d${i}`;

/**
 * The offline provider's generator: no model at all. It reads the incumbent program's
 * numbers with Python's own tokenizer (program.analyze in a worker) and proposes
 * changed values (ParameterSearch). Each draft counts as one generation query.
 */
export class OfflineGenerator implements DraftGenerator {
  readonly kind = "offline";
  readonly queriesPerDraft = 1;
  private readonly search = new ParameterSearch();

  constructor(
    private readonly renderer: CandidateRenderer,
    private readonly seed: number,
  ) {}

  async propose({ iteration, breadth, incumbent }: ProposeContext): Promise<Draft[]> {
    const analysis = await this.renderer.analyze(incumbent.program);
    if (analysis.syntaxError) throw new Error(`the current program does not compile: ${analysis.syntaxError.message}`);
    const parameters = findParameters(analysis.literals);
    if (parameters.length === 0)
      throw new Error("the program has no numbers to tune: the offline generator cannot change it");
    const proposals = this.search.propose(parameters, breadth, Rng.for(this.seed, "offline", iteration), draftId);
    return proposals.map((proposal, i) => ({
      id: draftId(i),
      program: applyValues(incumbent.program, parameters, new Map(proposal.moves.map((m) => [m.key, m.to]))),
      queries: 1,
      notes: { reason: proposal.reason, moves: proposal.moves },
    }));
  }

  observe(feedback: IterationFeedback): void {
    this.search.observe(feedback);
  }

  saveState(): SearchState {
    return this.search.saveState();
  }

  loadState(state: unknown): void {
    const parsed = SearchState.safeParse(state);
    if (!parsed.success)
      throw new Error(`the record's search state does not match this version's: ${z.prettifyError(parsed.error)}`);
    this.search.loadState(parsed.data);
  }
}
