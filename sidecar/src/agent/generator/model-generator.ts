import { isFatal, type ModelProvider } from "../../providers/provider.js";
import type { EpisodeConfig } from "../episode-config.js";
import {
  type BrainstormReply,
  BrainstormReply as BrainstormSchema,
  brainstormPrompt,
  EditReply,
  editPrompt,
  SYSTEM,
} from "../prompts.js";
import { goalRefs, renderRefs } from "../record/recording.js";
import { extractPythonBlock, parseReply } from "../reply-parsing.js";
import { applyBeforeAfter } from "./before-after.js";
import type { Draft, DraftGenerator, ProposeContext } from "./generator.js";
import { draftId } from "./offline-generator.js";

/**
 * The VLM generator: per draft, a brainstormer call (program, current renders, goal →
 * differences and changes) and a code-editor call (→ Before/After edits, or a whole
 * program). Drafts run in parallel. A draft whose replies do not parse or whose edits do
 * not apply (after `replans` more tries) is rejected with the reason. Its syntax is the
 * worker's to check, in the one compile `worker.evaluate` gives a program.
 */
export class ModelGenerator implements DraftGenerator {
  readonly kind = "model";
  readonly queriesPerDraft = 2;

  constructor(
    private readonly provider: ModelProvider,
    private readonly config: EpisodeConfig,
  ) {}

  propose(context: ProposeContext): Promise<Draft[]> {
    return Promise.all(Array.from({ length: context.breadth }, (_, i) => this.draftOrReason(context, i)));
  }

  /**
   * A model call that failed after its retries rejects only its draft; one that no retry
   * can fix (bad key, bad request, unknown model) ends the episode with the API's message.
   */
  private async draftOrReason(context: ProposeContext, index: number): Promise<Draft> {
    const spent = { queries: 0 };
    try {
      return await this.draft(context, index, spent);
    } catch (err) {
      if (isFatal(err) || context.signal?.aborted) throw err;
      return {
        id: draftId(index),
        program: null,
        rejected: `model call failed: ${(err as Error).message}`,
        queries: spent.queries,
        notes: {},
      };
    }
  }

  private async draft(context: ProposeContext, index: number, spent: { queries: number }): Promise<Draft> {
    const id = draftId(index);
    const notes: Record<string, unknown> = { tries: [] as unknown[] };
    // With a budget, every draft costs exactly two queries: no re-planning.
    const tries = 1 + (this.config.budget === undefined ? this.config.replans : 0);
    let reason = "";
    for (let attempt = 0; attempt < tries; attempt++) {
      const key = `i${context.iteration}/${id}/t${attempt}`;
      spent.queries += 1;
      const plan = parseReply(
        await this.call(`${key}/brainstorm`, "brainstorm", context, index, () =>
          brainstormPrompt(context.incumbent.program, context.incumbent, context.goal, context.style, {
            goal: goalRefs(context.goal.views),
            current: renderRefs(context.incumbent.program, context.goal.views),
          }),
        ),
        BrainstormSchema,
      );
      (notes.tries as unknown[]).push({ plan: plan.ok ? plan.value : { rejected: plan.reason } });
      if (!plan.ok) return { id, program: null, rejected: `brainstorm: ${plan.reason}`, queries: spent.queries, notes };
      spent.queries += 1;
      const edit = await this.editorProgram(`${key}/edit`, context, index, plan.value);
      (notes.tries as unknown[]).push({ edit });
      if (!edit.ok) {
        reason = edit.reason;
        if (edit.retry) continue;
        return { id, program: null, rejected: reason, queries: spent.queries, notes };
      }
      return { id, program: edit.program, queries: spent.queries, notes };
    }
    return { id, program: null, rejected: reason, queries: spent.queries, notes };
  }

  private async editorProgram(
    key: string,
    context: ProposeContext,
    index: number,
    plan: BrainstormReply,
  ): Promise<
    { ok: true; program: string; applied?: number; skipped?: string[] } | { ok: false; reason: string; retry: boolean }
  > {
    const program = context.incumbent.program;
    const reply = await this.call(key, "edit", context, index, () => editPrompt(program, plan));
    const parsed = parseReply(reply, EditReply);
    if (!parsed.ok) {
      const whole = extractPythonBlock(reply);
      return whole ? { ok: true, program: whole } : { ok: false, reason: `edit: ${parsed.reason}`, retry: false };
    }
    if ("program" in parsed.value) return { ok: true, program: parsed.value.program };
    const result = applyBeforeAfter(program, parsed.value.edits);
    if (result.applied === 0)
      return { ok: false, reason: `edit: no Before/After pair applied (${result.skipped.join("; ")})`, retry: true };
    if (result.program === program)
      return { ok: false, reason: "edit: the edits leave the program unchanged", retry: true };
    return { ok: true, program: result.program, applied: result.applied, skipped: result.skipped };
  }

  private async call(
    key: string,
    purpose: string,
    context: ProposeContext,
    index: number,
    prompt: () => ReturnType<typeof brainstormPrompt>,
  ): Promise<string> {
    const reply = await this.provider.complete({
      key,
      purpose,
      system: SYSTEM,
      messages: [{ role: "user", content: prompt() }],
      temperature: this.config.temperature,
      maxTokens: this.config.maxTokens,
      // Distinct seeds per draft: the same prompt must still give different drafts.
      seed: this.config.seed + context.iteration * 1000 + index,
      signal: context.signal,
    });
    return reply.text;
  }

  observe(): void {}

  saveState(): undefined {
    return undefined;
  }

  loadState(): void {}
}
