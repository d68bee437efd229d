import { type ChatReply, type ChatRequest, type ModelProvider, ProviderError } from "../../providers/provider.js";
import type { CandidateRenderer, ProgramAnalysis, RenderOutcome, ScreenOutcome } from "../renderer.js";
import { type EpisodeEvent, type EventOf, eventsOf } from "./events.js";
import { programHash } from "./recording.js";

/** Thrown when a replay asks for something the record does not hold: the replay has left the recorded path. */
export class ReplayDivergence extends Error {
  override name = "ReplayDivergence";
}

/** The last event of each key (a resumed episode may have recorded the same thing twice). */
function lastBy<T>(events: readonly T[], key: (e: T) => string | undefined): Map<string, T> {
  const map = new Map<string, T>();
  for (const e of events) map.set(key(e) ?? "", e);
  return map;
}

/** Renders and analyses served from a record: no Blender. */
export class RecordedRenderer implements CandidateRenderer {
  private readonly renders: Map<string, EventOf<"program.rendered">>;
  private readonly screens: Map<string, EventOf<"program.screened">>;
  private readonly analyses: Map<string, EventOf<"program.analyzed">>;

  constructor(
    events: readonly EpisodeEvent[],
    private readonly readImage: (ref: string) => Buffer,
  ) {
    this.renders = lastBy(eventsOf(events, "program.rendered"), (e) => e.hash);
    this.screens = lastBy(eventsOf(events, "program.screened"), (e) => e.hash);
    this.analyses = lastBy(eventsOf(events, "program.analyzed"), (e) => e.hash);
  }

  async render(program: string): Promise<RenderOutcome> {
    const hash = programHash(program);
    const e = this.renders.get(hash);
    if (!e) {
      // Records before the model's drafts went straight to the workers rejected a syntax error in an analysis.
      const syntaxError = this.analyses.get(hash)?.syntaxError;
      if (syntaxError)
        return { ok: false, error: `${syntaxError.type} at line ${syntaxError.line}: ${syntaxError.message}` };
      throw new ReplayDivergence(`the record has no render of program ${hash}`);
    }
    return this.outcomeOf(e);
  }

  async screen(program: string): Promise<ScreenOutcome> {
    const hash = programHash(program);
    const e = this.screens.get(hash);
    if (!e) throw new ReplayDivergence(`the record has no screening render of program ${hash}`);
    const outcome = this.outcomeOf(e);
    return outcome.ok ? { ...outcome, visibility: e.visibility ?? {} } : outcome;
  }

  /** A recorded render or screening render as the renderer gave it: its images read back, or the error. */
  private outcomeOf(e: EventOf<"program.rendered" | "program.screened">): RenderOutcome {
    if (!e.ok || !e.images) return { ok: false, error: e.error ?? "the render failed", traceback: e.traceback };
    return { ok: true, pngs: e.images.map(this.readImage), renderMs: e.renderMs ?? 0, totalMs: e.totalMs ?? 0 };
  }

  async analyze(program: string): Promise<ProgramAnalysis> {
    const e = this.analyses.get(programHash(program));
    if (!e) throw new ReplayDivergence(`the record has no analysis of program ${programHash(program)}`);
    return { syntaxError: e.syntaxError, literals: e.literals };
  }
}

/** Model replies served from a record by call key: no model is called. */
export class RecordedProvider implements ModelProvider {
  private readonly calls: Map<string, EventOf<"model.call">>;

  constructor(
    events: readonly EpisodeEvent[],
    readonly name: string,
    readonly model: string,
  ) {
    this.calls = lastBy(eventsOf(events, "model.call"), (e) => e.key);
  }

  async complete(request: ChatRequest): Promise<ChatReply> {
    const e = request.key === undefined ? undefined : this.calls.get(request.key);
    if (!e) throw new ReplayDivergence(`the record has no model call "${request.key}"`);
    if (e.error !== undefined || !e.reply)
      throw new ProviderError(e.error ?? "the call failed", this.name, e.status, e.attempts ?? 1);
    return e.reply;
  }
}

/** The artist's Accept and Reject as the record has them, for a replay to decide the same. */
export function recordedApprovals(
  events: readonly EpisodeEvent[],
): (winner: unknown, iteration: number) => Promise<boolean> {
  const rejected = new Set(eventsOf(events, "iteration.ended").flatMap((e) => (e.rejected ? [e.iteration] : [])));
  return async (_winner, iteration) => !rejected.has(iteration);
}
