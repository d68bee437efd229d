import { isFatal, type ModelProvider } from "../../providers/provider.js";
import type { EpisodeConfig } from "../episode-config.js";
import { SYSTEM, VerdictReply, verifyPrompt } from "../prompts.js";
import { goalRefs, renderRefs } from "../record/recording.js";
import { parseReply } from "../reply-parsing.js";
import type { Match, PairJudge, Verdict } from "./judge.js";

/**
 * The VLM verifier: one query per pairwise comparison, "which is more similar to the
 * goal, left or right?". A reply that does not parse, or a call that fails after its
 * retries, is no answer (choice null); the tournament's rule decides that match. A
 * failure no retry can fix (400, 401, 403, 404) ends the episode, as in the generator.
 */
export class ModelJudge implements PairJudge {
  readonly kind = "model";

  constructor(
    private readonly provider: ModelProvider,
    private readonly config: EpisodeConfig,
  ) {}

  async compare({ key, left, right, goal, start, signal }: Match): Promise<Verdict> {
    const views = goal.views;
    const content = verifyPrompt(left, right, goal, start, {
      goal: goalRefs(views),
      left: renderRefs(left.program, views),
      right: renderRefs(right.program, views),
      start: renderRefs(start.program, views),
    });
    let text: string;
    try {
      const reply = await this.provider.complete({
        key: `${key}/verify`,
        purpose: "verify",
        system: SYSTEM,
        messages: [{ role: "user", content }],
        temperature: this.config.temperature,
        maxTokens: Math.min(this.config.maxTokens, 1024),
        seed: this.config.seed,
        signal,
      });
      text = reply.text;
    } catch (err) {
      if (isFatal(err) || signal?.aborted) throw err;
      return { choice: null, reason: `model call failed: ${(err as Error).message}`, queries: 1 };
    }
    const parsed = parseReply(text, VerdictReply);
    return parsed.ok
      ? { choice: parsed.value.answer, reason: parsed.value.reason, queries: 1 }
      : { choice: null, reason: parsed.reason, queries: 1 };
  }
}
