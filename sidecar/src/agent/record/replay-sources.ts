import { ProviderError, type ChatReply, type ChatRequest, type ModelProvider } from "../../providers/provider.js";
import type { CandidateRenderer, ProgramAnalysis, RenderOutcome } from "../renderer.js";
import type { RecordedEvent } from "./episode-record.js";
import { programHash } from "./recording.js";

/** Thrown when a replay asks for something the record does not hold: the replay has left the recorded path. */
export class ReplayDivergence extends Error {
  override name = "ReplayDivergence";
}

function lastBy<T extends RecordedEvent>(events: readonly RecordedEvent[], type: string, key: (e: T) => string | undefined): Map<string, T> {
  const map = new Map<string, T>();
  for (const e of events) if (e.type === type) map.set(key(e as T) ?? "", e as T);
  return map;
}

/** Renders and analyses served from a record: no Blender. */
export class RecordedRenderer implements CandidateRenderer {
  private readonly renders: Map<string, RecordedEvent>;
  private readonly analyses: Map<string, RecordedEvent>;

  constructor(
    events: readonly RecordedEvent[],
    private readonly readImage: (ref: string) => Buffer,
  ) {
    this.renders = lastBy(events, "program.rendered", (e) => e.hash as string);
    this.analyses = lastBy(events, "program.analyzed", (e) => e.hash as string);
  }

  async render(program: string): Promise<RenderOutcome> {
    const e = this.renders.get(programHash(program));
    if (!e) throw new ReplayDivergence(`the record has no render of program ${programHash(program)}`);
    if (!e.ok) return { ok: false, error: e.error as string, traceback: e.traceback as string | undefined };
    return { ok: true, pngs: (e.images as string[]).map(this.readImage), renderMs: e.renderMs as number, totalMs: e.totalMs as number };
  }

  async analyze(program: string): Promise<ProgramAnalysis> {
    const e = this.analyses.get(programHash(program));
    if (!e) throw new ReplayDivergence(`the record has no analysis of program ${programHash(program)}`);
    return { syntaxError: e.syntaxError as ProgramAnalysis["syntaxError"], literals: e.literals as ProgramAnalysis["literals"] };
  }
}

/** Model replies served from a record by call key: no model is called. */
export class RecordedProvider implements ModelProvider {
  private readonly calls: Map<string, RecordedEvent>;

  constructor(
    events: readonly RecordedEvent[],
    readonly name: string,
    readonly model: string,
  ) {
    this.calls = lastBy(events, "model.call", (e) => e.key as string | undefined);
  }

  async complete(request: ChatRequest): Promise<ChatReply> {
    const e = request.key === undefined ? undefined : this.calls.get(request.key);
    if (!e) throw new ReplayDivergence(`the record has no model call "${request.key}"`);
    if (e.error !== undefined) throw new ProviderError(e.error as string, this.name, e.status as number | undefined, (e.attempts as number | undefined) ?? 1);
    return e.reply as ChatReply;
  }
}
