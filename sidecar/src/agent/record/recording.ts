import { createHash } from "node:crypto";
import { z } from "zod";
import { type ChatReply, type ChatRequest, type ModelProvider, ProviderError } from "../../providers/provider.js";
import type { CandidateRenderer, ProgramAnalysis, RenderOutcome, ScreenOutcome } from "../renderer.js";
import type { EpisodeRecord } from "./episode-record.js";

/** Names a program in the record: renders and analyses are filed under it. */
export function programHash(program: string): string {
  return createHash("sha256").update(program).digest("hex").slice(0, 16);
}

/** Record-relative paths of a program's renders, one per view (as prompts cite them). */
export function renderRefs(program: string, views: readonly string[]): string[] {
  const hash = programHash(program);
  return views.map((v) => `images/${hash}-${v}.png`);
}

export const goalRefs = (views: readonly string[]) => views.map((v) => `images/goal-${v}.png`);

/** Renders through `inner` and records each outcome, images as PNG files named by program and view. */
export class RecordingRenderer implements CandidateRenderer {
  constructor(
    private readonly inner: CandidateRenderer,
    private readonly record: EpisodeRecord,
    private readonly views: readonly string[],
  ) {}

  async render(program: string): Promise<RenderOutcome> {
    const outcome = await this.inner.render(program);
    // images named as renderRefs gives them
    this.record.events.publish("program.rendered", this.filed(program, "", outcome));
    return outcome;
  }

  /** Screening renders are filed as `images/<hash>-screen-<view>.png`, apart from the program's full renders. */
  async screen(program: string): Promise<ScreenOutcome> {
    const outcome = await this.inner.screen(program);
    const visibility = outcome.ok ? outcome.visibility : undefined;
    this.record.events.publish("program.screened", { ...this.filed(program, "screen-", outcome), visibility });
    return outcome;
  }

  /** An outcome as the record has it: its images written as `<hash>-<prefix><view>.png`, or the error. */
  private filed(program: string, prefix: string, outcome: RenderOutcome | ScreenOutcome) {
    const hash = programHash(program);
    if (!outcome.ok) return { hash, ok: false, error: outcome.error, traceback: outcome.traceback };
    const images = outcome.pngs.map((png, i) => this.record.image(`${hash}-${prefix}${this.views[i] ?? i}`, png));
    return { hash, ok: true, images, renderMs: outcome.renderMs, totalMs: outcome.totalMs };
  }

  async analyze(program: string): Promise<ProgramAnalysis> {
    const analysis = await this.inner.analyze(program);
    this.record.events.publish("program.analyzed", { hash: programHash(program), ...analysis });
    return analysis;
  }
}

/** Running totals of the model calls of an episode. */
export const UsageTotals = z.object({
  calls: z.number().int().min(0),
  inputTokens: z.number().int().min(0),
  outputTokens: z.number().int().min(0),
  /** null once any call's price was unknown. */
  costUsd: z.number().nullable(),
});
export type UsageTotals = z.infer<typeof UsageTotals>;

/** Calls `inner` and records each call: prompt (text, image references), reply, usage, time, or the error. */
export class RecordingProvider implements ModelProvider {
  readonly totals: UsageTotals = { calls: 0, inputTokens: 0, outputTokens: 0, costUsd: 0 };

  constructor(
    private readonly inner: ModelProvider,
    private readonly record: EpisodeRecord,
  ) {}

  get name(): string {
    return this.inner.name;
  }

  get model(): string {
    return this.inner.model;
  }

  async complete(request: ChatRequest): Promise<ChatReply> {
    const prompt = {
      system: request.system,
      messages: request.messages.map((m) => ({
        role: m.role,
        content: m.content.map((part) => (part.type === "text" ? part : { type: "image" as const, ref: part.ref })),
      })),
      temperature: request.temperature,
      maxTokens: request.maxTokens,
    };
    const base = { key: request.key, purpose: request.purpose, provider: this.name, model: this.model, prompt };
    this.totals.calls += 1;
    try {
      const reply = await this.inner.complete(request);
      this.totals.inputTokens += reply.usage.inputTokens;
      this.totals.outputTokens += reply.usage.outputTokens;
      this.totals.costUsd =
        this.totals.costUsd === null || reply.usage.costUsd === null ? null : this.totals.costUsd + reply.usage.costUsd;
      this.record.events.publish("model.call", { ...base, reply });
      return reply;
    } catch (err) {
      // The status and attempts too: a replay must fail the call the same way
      // (a 401 ends the episode, a 500 rejects a draft).
      const failure = err instanceof ProviderError ? { status: err.status, attempts: err.attempts } : {};
      this.record.events.publish("model.call", { ...base, error: (err as Error).message, ...failure });
      throw err;
    }
  }
}
