import { Rng } from "../rng.js";
import { type Candidate, type Goal, INCUMBENT } from "./candidate.js";
import { type EpisodeConfig, styleFor } from "./episode-config.js";
import type { Draft, DraftGenerator, QuestionStyle } from "./generator/generator.js";
import { GoalScorer } from "./goal-scorer.js";
import { type QueriesUsed, QueryBudget } from "./query-budget.js";
import type { EpisodeRecord } from "./record/episode-record.js";
import type { EpisodeEventStream } from "./record/event-stream.js";
import { type DraftResult, type EpisodeMetaInput, RECORD_VERSION } from "./record/events.js";
import { programHash, type UsageTotals } from "./record/recording.js";
import type { CandidateRenderer, RenderOutcome } from "./renderer.js";
import type { PairJudge } from "./verifier/judge.js";
import { type MatchResult, runTournament, type TournamentResult } from "./verifier/tournament.js";

export interface EpisodeInput {
  /** What the episode works on, e.g. the task key "placement/desk-chair-tuck-in" or "live". */
  label: string;
  startProgram: string;
  goal: Goal;
  config: EpisodeConfig;
  /** The agent, what the workers render, and where the episode came from (the record's first line). */
  meta: EpisodeMetaInput;
}

export interface EpisodeParts {
  record: EpisodeRecord;
  /** Already recording (RecordingRenderer) when the episode is live; a RecordedRenderer in a replay. */
  renderer: CandidateRenderer;
  generator: DraftGenerator;
  judge: PairJudge;
  /** PL against the goal, shared with a metric verifier (default: the episode's own). */
  scorer?: GoalScorer;
  /** Model-call totals, when a model is used. */
  usage?: () => UsageTotals;
  /**
   * Asked before a winning edit becomes the incumbent ("ask before applying"): false
   * rejects it, and the loop goes on from the incumbent. `signal` aborts on stop.
   */
  approve?: (winner: Candidate, iteration: number, signal: AbortSignal) => Promise<boolean>;
  /** Called with each accepted edit (e.g. to push it into the live scene as one undo step). */
  onAccepted?: (program: string, iteration: number) => Promise<void>;
}

export type EpisodeStatus = "ready" | "running" | "paused" | "finished" | "stopped" | "failed";
export type EndReason = "depth" | "budget" | "stopped" | "failed";

export interface IterationSummary {
  iteration: number;
  style: QuestionStyle;
  drafts: DraftResult[];
  winner: string;
  /** The winning draft, when it was rejected before applying (the incumbent is then the winner). */
  rejected?: string;
  votes: Record<string, number>;
  tieBreak?: string;
  /** Metric of the (new) incumbent against the goal images, when there are goal images. */
  score?: number;
  queries: QueriesUsed;
  ms: number;
}

export interface EpisodeSummary {
  id: string;
  dir: string;
  status: EpisodeStatus;
  reason?: EndReason;
  iterations: number;
  finalProgram: string;
  startScore?: number;
  finalScore?: number;
  /** The best executable candidate seen by the metric (BlenderGym's "best", an oracle). */
  bestScore?: number;
  bestProgram?: string;
  queries: QueriesUsed;
  usage?: UsageTotals;
  error?: string;
}

/** The state an episode is in after some iterations: what a resume needs. */
export interface EpisodeProgress {
  iteration: number;
  incumbent: Candidate;
  start: Candidate;
  queries: QueriesUsed;
  best?: { score: number; program: string };
  generatorState?: unknown;
}

class Stopped extends Error {}

/**
 * One episode of the generate–verify loop (BlenderAlchemy's method): each iteration the
 * generator drafts edits of the incumbent program, the workers render them, a tournament
 * of pairwise judgments picks the closest to the goal among the drafts and the incumbent
 * ("no change" can win), and the winner becomes the incumbent. It can run free, pause,
 * step one iteration at a time, resume, or stop. Everything it does is an event on its one
 * typed stream (`events`, see record/events.ts), which its record writes down and which
 * every surface (the CLI's progress, the page, the panel, the MCP server) subscribes to.
 */
export class Episode {
  private status_: EpisodeStatus = "ready";
  private pauseRequested = false;
  private readonly abort = new AbortController();
  private readonly budget: QueryBudget;
  private ended: EndReason | undefined;
  private error: string | undefined;
  private busy: Promise<unknown> = Promise.resolve();

  private constructor(
    readonly input: EpisodeInput,
    private readonly parts: EpisodeParts,
    private progress: EpisodeProgress,
  ) {
    this.budget = new QueryBudget(input.config, progress.queries);
  }

  /** Start a new episode: record its inputs, render the start program. */
  static async begin(input: EpisodeInput, parts: EpisodeParts): Promise<Episode> {
    const { record } = parts;
    const goalImages = input.goal.images?.map((png, i) => record.image(`goal-${input.goal.views[i] ?? i}`, png));
    record.events.publish("episode.started", {
      recordVersion: RECORD_VERSION,
      id: record.id,
      label: input.label,
      config: input.config,
      startProgram: input.startProgram,
      goal: { instruction: input.goal.instruction, views: input.goal.views, images: goalImages },
      generator: parts.generator.kind,
      verifier: parts.judge.kind,
      meta: input.meta,
    });
    const outcome = await parts.renderer.render(input.startProgram);
    if (!outcome.ok) {
      const error = `the start program does not render: ${failureText(outcome)}`;
      record.events.publish("episode.failed", { iteration: 0, error });
      throw new Error(error);
    }
    const start: Candidate = { id: INCUMBENT, program: input.startProgram, pngs: outcome.pngs };
    const episode = new Episode(input, parts, {
      iteration: 0,
      incumbent: start,
      start,
      queries: { generation: 0, verification: 0 },
    });
    const score = await episode.score(start);
    if (score !== undefined) episode.progress.best = { score, program: input.startProgram };
    record.events.publish("start.scored", { hash: programHash(input.startProgram), score });
    return episode;
  }

  /** Continue an episode from the progress its record holds. */
  static async resumeFrom(input: EpisodeInput, parts: EpisodeParts, progress: EpisodeProgress): Promise<Episode> {
    if (progress.generatorState !== undefined) parts.generator.loadState(progress.generatorState);
    parts.record.events.publish("episode.resumed", { fromIteration: progress.iteration });
    const episode = new Episode(input, parts, progress);
    await episode.score(progress.start);
    await episode.score(progress.incumbent);
    return episode;
  }

  get status(): EpisodeStatus {
    return this.status_;
  }

  get iteration(): number {
    return this.progress.iteration;
  }

  get incumbent(): Candidate {
    return this.progress.incumbent;
  }

  get dir(): string {
    return this.parts.record.dir;
  }

  /** The episode's typed event stream: subscribe with `on(type, listener)` or `onAny`. */
  get events(): EpisodeEventStream {
    return this.parts.record.events;
  }

  private setStatus(status: EpisodeStatus): void {
    this.status_ = status;
  }

  private get done(): boolean {
    return this.ended !== undefined || this.progress.iteration >= this.input.config.depth;
  }

  /** Run iterations until the depth, the budget, a pause or a stop. */
  async run(): Promise<EpisodeSummary> {
    if (this.status_ === "running") throw new Error("the episode is already running");
    this.pauseRequested = false;
    this.setStatus("running");
    while (!this.done && !this.pauseRequested) {
      if (!(await this.guarded(() => this.iterate()))) break;
    }
    return this.settle();
  }

  /** Run exactly one iteration (the episode must not be running). */
  async step(): Promise<IterationSummary | undefined> {
    if (this.status_ === "running") throw new Error("pause the episode before stepping it");
    if (this.done) return undefined;
    this.setStatus("running");
    const summary = await this.guarded(() => this.iterate());
    await this.settle();
    return summary;
  }

  /** Finish the iteration in flight, then stop running (run() resolves with status "paused"). */
  pause(): void {
    this.pauseRequested = true;
  }

  /** Abandon the iteration in flight (its model calls are aborted) and end the episode. */
  async stop(): Promise<EpisodeSummary> {
    this.abort.abort();
    this.ended ??= "stopped";
    await this.busy.catch(() => undefined);
    return this.settle();
  }

  private async guarded<T>(fn: () => Promise<T>): Promise<T | undefined> {
    const work = fn();
    this.busy = work;
    try {
      return await work;
    } catch (err) {
      if (err instanceof Stopped || this.abort.signal.aborted) {
        this.ended ??= "stopped";
      } else {
        this.ended = "failed";
        this.error = (err as Error).message;
        this.parts.record.events.publish("episode.failed", {
          iteration: this.progress.iteration + 1,
          error: this.error,
          stack: (err as Error).stack,
        });
      }
      return undefined;
    }
  }

  private settled = false;

  private async settle(): Promise<EpisodeSummary> {
    if (this.done && !this.settled) {
      this.settled = true;
      this.ended ??= "depth";
      this.parts.record.events.publish("episode.ended", { reason: this.ended, ...this.summaryFields() });
    }
    this.setStatus(
      this.ended === "failed" ? "failed" : this.ended === "stopped" ? "stopped" : this.done ? "finished" : "paused",
    );
    if (this.status_ === "paused")
      this.parts.record.events.publish("episode.paused", { iteration: this.progress.iteration });
    return this.summary();
  }

  summary(): EpisodeSummary {
    return {
      id: this.parts.record.id,
      dir: this.dir,
      status: this.status_,
      reason: this.ended,
      error: this.error,
      ...this.summaryFields(),
    };
  }

  private summaryFields() {
    const { iteration, incumbent, start, best, queries } = this.progress;
    return {
      iterations: iteration,
      finalProgram: incumbent.program,
      startScore: this.scorer.scoreOf(start),
      finalScore: this.scorer.scoreOf(incumbent),
      bestScore: best?.score,
      bestProgram: best?.program,
      queries: { ...queries },
      usage: this.parts.usage?.(),
    };
  }

  private get scorer(): GoalScorer {
    this.parts.scorer ??= new GoalScorer();
    return this.parts.scorer;
  }

  private async score(candidate: Candidate): Promise<number | undefined> {
    return this.input.goal.images ? this.scorer.score(candidate, this.input.goal) : undefined;
  }

  private checkStopped(): void {
    if (this.abort.signal.aborted) throw new Stopped();
  }

  /** One iteration: propose drafts, evaluate them in workers, verify, accept the winner. */
  private async iterate(): Promise<IterationSummary> {
    const started = Date.now();
    const iteration = this.progress.iteration + 1;
    const breadth = this.budget.draftsThatFit(this.parts.generator.queriesPerDraft);
    if (breadth === 0) {
      this.ended = "budget";
      throw new Stopped();
    }
    const style = styleFor(this.input.config, iteration);
    this.parts.record.events.publish("iteration.started", {
      iteration,
      style,
      breadth,
      incumbent: programHash(this.progress.incumbent.program),
    });
    const incumbentScore = await this.score(this.progress.incumbent);
    const drafts = await this.propose(iteration, breadth, style);
    const evaluated = await this.evaluate(iteration, drafts);
    const tournament = await this.verify(iteration, evaluated, drafts);
    return this.accept({ iteration, style, started, incumbentScore }, evaluated, tournament);
  }

  /** The generator's drafts, each recorded and its queries counted. */
  private async propose(iteration: number, breadth: number, style: QuestionStyle): Promise<Draft[]> {
    const { incumbent, start } = this.progress;
    const drafts = await this.parts.generator.propose({
      iteration,
      depth: this.input.config.depth,
      breadth,
      incumbent,
      start,
      goal: this.input.goal,
      style,
      signal: this.abort.signal,
    });
    this.checkStopped();
    for (const d of drafts) {
      this.budget.used.generation += d.queries;
      this.parts.record.events.publish("draft", {
        iteration,
        id: d.id,
        hash: d.program === null ? null : programHash(d.program),
        program: d.program,
        rejected: d.rejected,
        queries: d.queries,
        notes: d.notes,
      });
    }
    return drafts;
  }

  /** Each draft rendered and scored; the best candidate seen so far kept up to date. */
  private async evaluate(iteration: number, drafts: Draft[]): Promise<Evaluated[]> {
    const evaluated = await Promise.all(drafts.map((d) => this.evaluateDraft(iteration, d, this.progress.incumbent)));
    this.checkStopped();
    for (const { candidate, result } of evaluated) {
      if (candidate && result.score !== undefined && (!this.progress.best || result.score < this.progress.best.score)) {
        this.progress.best = { score: result.score, program: candidate.program };
      }
    }
    return evaluated;
  }

  /** The tournament among the incumbent and the drafts that rendered, with the brackets the budget allows. */
  private async verify(iteration: number, evaluated: Evaluated[], drafts: Draft[]): Promise<TournamentResult> {
    const candidates = this.candidatesOf(evaluated);
    const generationSpent = drafts.reduce((sum, d) => sum + d.queries, 0);
    const tournament = await runTournament({
      candidates,
      start: this.progress.start,
      goal: this.input.goal,
      judge: this.parts.judge,
      brackets: this.budget.bracketsThatFit(candidates.length, generationSpent),
      rng: Rng.for(this.input.config.seed, "verify", iteration),
      keyPrefix: `i${iteration}`,
      signal: this.abort.signal,
      onMatch: (m: MatchResult) => this.parts.record.events.publish("verify.match", { iteration, ...m }),
    });
    this.checkStopped();
    this.budget.used.verification += tournament.queries;
    return tournament;
  }

  private candidatesOf(evaluated: Evaluated[]): Candidate[] {
    return [this.progress.incumbent, ...evaluated.flatMap((e) => (e.candidate ? [e.candidate] : []))];
  }

  /** Tell the generator how its drafts fared, make the winner the incumbent (pushing it live), record the iteration. */
  private async accept(
    at: { iteration: number; style: QuestionStyle; started: number; incumbentScore?: number },
    evaluated: Evaluated[],
    tournament: TournamentResult,
  ): Promise<IterationSummary> {
    const { iteration, style } = at;
    const { generator, record } = this.parts;
    const chosen = this.candidatesOf(evaluated).find((c) => c.id === tournament.winner)!;
    const rejected = chosen.id !== INCUMBENT && !(await this.approved(chosen, iteration)) ? chosen.id : undefined;
    const winner = rejected ? this.progress.incumbent : chosen;
    await generator.observe({
      iteration,
      incumbentScore: at.incumbentScore,
      drafts: evaluated.map(({ result, draft }) => ({
        id: draft.id,
        outcome: draft.program === null ? "rejected" : !result.ok ? "failed" : result.id === winner.id ? "won" : "lost",
        unchanged: result.unchanged,
        score: result.score,
      })),
    });
    if (winner.id !== INCUMBENT) {
      this.progress.incumbent = { ...winner, id: INCUMBENT };
      await this.parts.onAccepted?.(winner.program, iteration);
    }
    this.progress.iteration = iteration;
    const summary: IterationSummary = {
      iteration,
      style,
      drafts: evaluated.map((e) => e.result),
      winner: winner.id,
      rejected,
      votes: tournament.votes,
      tieBreak: tournament.tieBreak,
      score: await this.score(this.progress.incumbent),
      queries: { ...this.budget.used },
      ms: Date.now() - at.started,
    };
    record.events.publish("iteration.ended", {
      ...summary,
      brackets: tournament.brackets,
      program: this.progress.incumbent.program,
      hash: programHash(this.progress.incumbent.program),
      best: this.progress.best,
      usage: this.parts.usage?.(),
      generatorState: generator.saveState(),
    });
    return summary;
  }

  /** Whether the winning edit may be applied (always, unless the episode asks first). */
  private async approved(winner: Candidate, iteration: number): Promise<boolean> {
    if (!this.parts.approve) return true;
    const ok = await this.parts.approve(winner, iteration, this.abort.signal);
    this.checkStopped();
    return ok;
  }

  /**
   * A draft as the loop sees it: rendered (a candidate), or dropped with the reason,
   * in one form from the renderer on.
   */
  private async evaluateDraft(iteration: number, draft: Draft, incumbent: Candidate): Promise<Evaluated> {
    if (draft.program === null) {
      return { draft, result: { id: draft.id, ok: false, unchanged: false, error: draft.rejected } };
    }
    const outcome = await this.parts.renderer.render(draft.program);
    if (!outcome.ok) {
      const error = failureText(outcome);
      this.parts.record.events.publish("draft.dropped", { iteration, id: draft.id, error });
      return { draft, result: { id: draft.id, ok: false, unchanged: false, error } };
    }
    const candidate: Candidate = { id: draft.id, program: draft.program, pngs: outcome.pngs };
    const unchanged = candidate.pngs.every((png, i) => png.equals(incumbent.pngs[i]!));
    const score = await this.score(candidate);
    this.parts.record.events.publish("draft.scored", { iteration, id: draft.id, score, unchanged });
    return { draft, candidate, result: { id: draft.id, ok: true, score, unchanged } };
  }
}

/** A draft after evaluation: its result, and its candidate when it rendered. */
interface Evaluated {
  draft: Draft;
  result: DraftResult;
  candidate?: Candidate;
}

/** A failed render as one message: the error, and the traceback when there is one. */
function failureText(outcome: Extract<RenderOutcome, { ok: false }>): string {
  return outcome.traceback ? `${outcome.error}\n${outcome.traceback}` : outcome.error;
}
