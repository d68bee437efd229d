import { z } from "zod";
import type { ObjectVisibility } from "../../../../protocol/src/index.js";
import { Rng } from "../../rng.js";
import type { Candidate } from "../candidate.js";
import { programHash } from "../record/recording.js";
import type { CandidateRenderer, ScreenOutcome } from "../renderer.js";
import { FrameSlopes, SavedSlopes } from "./aim-steps.js";
import type { Draft, DraftFeedback, DraftGenerator, IterationFeedback, ProposeContext } from "./generator.js";
import { aimedObjective, ObjectAim } from "./object-aim.js";
import { Move, ParameterSearch, type Proposal, SearchState } from "./parameter-search.js";
import { applyValues, findParameters, type Parameter, placesObjects } from "./program-parameters.js";
import { INCUMBENT_OBJECTIVE, objectiveOf, ReachObjective } from "./reach-objective.js";
import { boxChanged, SavedTouches, TouchedObjects } from "./touched-objects.js";

export const draftId = (i: number) => `d${i}`;

/** How the reason of a draft set aside at screening begins. */
export const SCREENED_OUT = "screened out";
/** Why a draft that hides an object was set aside (see hiddenObjects). */
const HIDDEN = "less than half as visible as at the start, or sunk into another object";

/** An object the start shows this much of (share of its sample points seen) must not hide... */
const VISIBLE_AT_START = 0.2;
/** ...behind something or out of frame, by its own change: keep less than this share of what it showed... */
const KEPT_IN_VIEW = 0.5;
/**
 * ...or sink into another object (deeper than a tenth of its own height) by more of its
 * points than at the start, two of 15 being slack (a rug turned under a table puts two more
 * into the table's legs). A mug sunk into a table top still showed 8 of its 15 points from
 * above, and a lamp under its desk top 10: by the seen share alone they could sink.
 */
const INSIDE_SLACK = 0.15;

/** Aim steps per iteration, at most: all objects off their places together, then the farthest alone. */
const AIM_STEPS = 2;
/** Iterations an incumbent gets aim steps: the slopes change little while it stands, nor then do the steps. */
const AIM_TRIES = 2;
/**
 * An aim step this close to one screening found hiding an object (each number within this
 * share of its value, at least of 1: 2 cm where it is metres), while the same objects are
 * off their places, would hide it again: not proposed. On the placement tasks 105 of 126
 * hidden aim steps repeated an earlier one. Once another object reaches its place or
 * leaves it, the step may go where that one stood (a bowl onto the place of the mug it
 * trades places with).
 */
const SAME_STEP = 0.02;
/** Hidden aim steps remembered, the latest. */
const HIDDEN_STEPS_KEPT = 32;

/**
 * Doublings of the promoted drafts, at most (2 of 8 → 4). Promoting all 8 after stalls (as
 * before) found no more wins on the material tasks, which stall near the goal, and cost 1.6× the time.
 */
const MAX_STALLS = 1;

/**
 * The generator's state in the record: the search's, the stalls that set how many drafts
 * are promoted, and the aim's slopes and tries (absent from records made before the aim).
 */
const OfflineState = SearchState.extend({
  stalls: z.number().int().min(0).default(0),
  slopes: SavedSlopes.optional(),
  aimTries: z.object({ incumbent: z.string(), count: z.number().int().min(0) }).optional(),
  touches: SavedTouches.optional(),
  hiddenSteps: z.array(z.object({ off: z.array(z.string()), moves: z.array(Move) })).optional(),
});
type OfflineState = z.infer<typeof OfflineState>;

/** How one proposal fared at screening fidelity. */
interface Screened {
  id: string;
  proposal: Proposal;
  outcome: ScreenOutcome;
  /** The search's objective; undefined when the render failed or the draft hides an object. */
  objective?: number;
  /** Its loss at the objective's finest level (PL at screening size). */
  fine?: number;
  /** Objects of the start this draft hides (see hiddenObjects). */
  hidden: string[];
  unchanged: boolean;
}

/**
 * The offline provider's generator: no model at all. It reads the incumbent program's
 * numbers, and the Blender property each one sets (program.analyze traced on the scene),
 * and proposes changed values (ParameterSearch); each proposal counts as one generation
 * query. Without screening every proposal is a draft, rendered in full and judged, and
 * the search learns from each one's PL. With screening (EpisodeConfig.screen) every
 * proposal is first rendered small and cheap (`renderer.screen`: 64 px, few samples, with
 * how much of each object the views see) and scored by the search's objective with reach
 * (ReachObjective); a proposal that hides an object of the start is set aside, only the
 * best few (`promoted`) are rendered at the task's settings for the verifier, which still
 * decides by PL, and the search learns from every screened proposal on its objective.
 */
export class OfflineGenerator implements DraftGenerator {
  readonly kind = "offline";
  readonly queriesPerDraft = 1;
  private readonly search = new ParameterSearch();
  private objective?: ReachObjective;
  /** Where the objects of the start stand in the goal, when screening a program that places objects (found once). */
  private aim?: Promise<ObjectAim | undefined>;
  /** How each object's centre moves per unit of each number, learnt from screened drafts (with an aim). */
  private slopes?: FrameSlopes;
  /** Which objects each number changes, learnt from screened drafts (with an aim). */
  private touches = new TouchedObjects();
  /** The incumbent aim steps were last proposed on, and in how many iterations. */
  private aimTries = { incumbent: "", count: 0 };
  /** Aim steps (of several numbers) that screening found hiding an object, and the objects then off their places. */
  private hiddenSteps: { off: string[]; moves: Move[] }[] = [];
  /** Screening renders by program hash: the last iteration's start, incumbent and drafts. */
  private screens = new Map<string, Promise<ScreenOutcome>>();
  private inFlight?: { screened: Screened[] };
  /** Iterations in a row whose promoted drafts all lost (see `promoted`). */
  private stalls = 0;

  /** `screen`: render drafts small first and only the best in full (EpisodeConfig.screen). */
  constructor(
    private readonly renderer: CandidateRenderer,
    private readonly seed: number,
    private readonly screen = false,
  ) {}

  /**
   * Drafts rendered in full per iteration, of `breadth` screened: a quarter (at least one)
   * while screening picks winners; doubled after an iteration none of them won, since near
   * the goal a change too fine for 64 px may still lower PL; halved again after a win.
   */
  static promoted(breadth: number, stalls = 0): number {
    return Math.min(breadth, Math.max(1, Math.ceil(breadth / 4)) * 2 ** Math.min(stalls, MAX_STALLS));
  }

  async propose({ iteration, depth, breadth, incumbent, start, goal }: ProposeContext): Promise<Draft[]> {
    const analysis = await this.renderer.analyze(incumbent.program);
    if (analysis.syntaxError) throw new Error(`the current program does not compile: ${analysis.syntaxError.message}`);
    const parameters = findParameters(analysis.literals, analysis.enums);
    if (parameters.length === 0)
      throw new Error("the program has no numbers to tune: the offline generator cannot change it");
    if (this.screen && goal.images && placesObjects(analysis.literals)) this.aim ??= this.findAim(start, goal.images);
    const steps = this.screen ? await this.aimSteps(parameters, incumbent.program) : [];
    const searched = this.search.propose(
      parameters,
      breadth - steps.length,
      Rng.for(this.seed, "offline", iteration),
      draftId,
      this.screen ? await this.numbersOfStillObjects(start.program, incumbent.program) : undefined,
    );
    const proposals = [...searched, ...steps.map((moves): Proposal => ({ reason: "aim", moves }))];
    const programs = proposals.map((p) =>
      applyValues(incumbent.program, parameters, new Map(p.moves.map((m) => [m.key, m.to]))),
    );
    if (!this.screen)
      return proposals.map((p, i) => ({
        id: draftId(i),
        program: programs[i]!,
        queries: 1,
        notes: { reason: p.reason, moves: p.moves },
      }));
    if (!goal.images) throw new Error("screening needs goal images to aim at");
    return this.screened(proposals, programs, parameters, { iteration, depth, breadth, incumbent, start, goal });
  }

  /** The drafts after screening: the best few to render in full, the rest rejected with the reason. */
  private async screened(
    proposals: Proposal[],
    programs: string[],
    parameters: readonly Parameter[],
    { iteration, depth, breadth, incumbent, start, goal }: Omit<ProposeContext, "style">,
  ): Promise<Draft[]> {
    this.objective ??= new ReachObjective(goal.images!);
    const objective = this.objective;
    const [startScreen, incumbentScreen, ...outcomes] = await this.screenAll([
      start.program,
      incumbent.program,
      ...programs,
    ]);
    if (!startScreen!.ok) throw new Error(`the start program fails at screening size: ${startScreen!.error}`);
    if (!incumbentScreen!.ok) throw new Error(`the current program fails at screening size: ${incumbentScreen!.error}`);
    const incumbentKey = programHash(incumbent.program);
    objective.keepOnly([incumbentKey]);
    const incumbentLevels = await objective.levels(incumbentKey, incumbentScreen!.pngs);
    const progress = Math.min(1, (iteration - 1) / Math.max(1, depth - 1));
    const found = await this.aim;
    if (found) {
      this.slopes ??= new FrameSlopes(found.aspect);
      for (const [i, outcome] of outcomes.entries()) {
        if (!outcome.ok) continue;
        this.slopes.learn(proposals[i]!.moves, incumbentScreen!.visibility, outcome.visibility);
        this.touches.learn(proposals[i]!.moves, incumbentScreen!.visibility, outcome.visibility);
      }
    }
    // Aimed only at objects the program was seen to move: a lighting task moves lights, not what they light.
    const aim = this.slopes && found?.among(this.slopes.moved());
    const incumbentDistance = aim?.distance(incumbentScreen!.visibility);

    const screened: Screened[] = await Promise.all(
      proposals.map(async (proposal, i): Promise<Screened> => {
        const outcome = outcomes[i]!;
        if (!outcome.ok) return { id: draftId(i), proposal, outcome, hidden: [], unchanged: false };
        const hidden = hiddenObjects(startScreen!.visibility, incumbentScreen!.visibility, outcome.visibility);
        const unchanged = outcome.pngs.every((png, v) => png.equals(incumbentScreen!.pngs[v]!));
        if (hidden.length) return { id: draftId(i), proposal, outcome, hidden, unchanged };
        const levels = await objective.levels(programHash(programs[i]!), outcome.pngs);
        const reach = objectiveOf(levels, incumbentLevels, progress);
        const value = aim ? aimedObjective(reach, aim.distance(outcome.visibility), incumbentDistance!) : reach;
        return { id: draftId(i), proposal, outcome, objective: value, fine: levels[0]!, hidden, unchanged };
      }),
    );
    this.inFlight = { screened };
    const offPlace = new Set(found?.offPlace(incumbentScreen!.visibility));
    this.learnFromHiddenAimSteps(screened, startScreen!.visibility, offPlace, parameters);

    const ranked = screened.filter((s) => s.objective !== undefined && !s.unchanged);
    ranked.sort((a, b) => a.objective! - b.objective!);
    const promoted = promote(ranked, OfflineGenerator.promoted(breadth, this.stalls), aim !== undefined);
    return screened.map((s, i) => {
      const notes = {
        reason: s.proposal.reason,
        moves: s.proposal.moves,
        screen: { objective: s.objective, incumbent: INCUMBENT_OBJECTIVE, hidden: s.hidden },
      };
      if (promoted.has(s.id)) return { id: s.id, program: programs[i]!, queries: 1, notes };
      return { id: s.id, program: null, rejected: screenedOut(s, ranked.indexOf(s), ranked.length), queries: 1, notes };
    });
  }

  /**
   * Moves that carry objects off their places straight there (FrameSlopes.stepTo): all of
   * them together, then the farthest alone, while the incumbent has tries left; in the
   * slots left, a nudge of each location number no draft has moved alone yet, so that
   * every object's slopes are known (a kettle stepped onto the hob where the pot stands
   * sinks into it, unless the pot, whose x no draft had moved, steps aside at once).
   * None before the aim is known, or once every object is on its place.
   */
  private async aimSteps(parameters: readonly Parameter[], incumbent: string): Promise<Move[][]> {
    const hash = programHash(incumbent);
    const found = await this.aim;
    if (!found || !this.slopes) return [];
    const now = await this.screenOf(incumbent);
    const off = now.ok ? found.offPlace(now.visibility) : [];
    if (!now.ok || off.length === 0) return [];
    // Steps only for objects some number was seen to move; nudges to learn the others' numbers.
    const aim = found.among(this.slopes.moved());
    const far = aim?.offPlace(now.visibility) ?? [];
    if (this.aimTries.incumbent !== hash) this.aimTries = { incumbent: hash, count: 0 };
    const groups = aim && this.aimTries.count++ < AIM_TRIES ? [far, ...far.map((o) => [o])] : [];
    const steps = groups.map((g) => this.slopes!.stepTo(g, aim!.targets, now.visibility, parameters));
    const hiddenBefore = this.hiddenSteps.filter((h) => sameNames(h.off, off));
    const fresh = steps.filter((m) => m.length > 0 && !hiddenBefore.some((h) => sameStep(h.moves, m)));
    const distinct = new Map(fresh.map((m) => [JSON.stringify(m), m]));
    const chosen = [...distinct.values()].slice(0, AIM_STEPS);
    return [...chosen, ...this.slopes.nudges(parameters, off).slice(0, AIM_STEPS - chosen.length)];
  }

  /**
   * Aim steps that screening found hiding an object: remembered while the same objects are
   * off their places (`SAME_STEP`), and, where one sank an object into another, a floor on its
   * height (FrameSlopes.learnSinking); the steps then differ, so the incumbent gets its tries again.
   */
  private learnFromHiddenAimSteps(
    screened: readonly Screened[],
    start: ObjectVisibility,
    offPlace: ReadonlySet<string>,
    parameters: readonly Parameter[],
  ) {
    const slopes = this.slopes;
    if (!slopes) return;
    for (const { proposal, outcome, hidden } of screened) {
      if (proposal.reason !== "aim" || !outcome.ok || hidden.length === 0) continue;
      if (proposal.moves.length > 1) this.hiddenSteps.push({ off: [...offPlace], moves: proposal.moves });
      for (const name of hidden) {
        const now = outcome.visibility[name];
        const sank = now && start[name] && sankDeeper(start[name], now);
        if (sank && slopes.learnSinking(name, now, proposal.moves, parameters, offPlace)) this.aimTries.count = 0;
      }
    }
    this.hiddenSteps = this.hiddenSteps.slice(-HIDDEN_STEPS_KEPT);
  }

  /**
   * The numbers that change only objects the goal shows unchanged and that stand as at the
   * start (TouchedObjects): probed last. None before the aim is known.
   */
  private async numbersOfStillObjects(start: string, incumbent: string): Promise<Set<string>> {
    const found = await this.aim;
    if (!found) return new Set();
    const [was, now] = await Promise.all([this.screenOf(start), this.screenOf(incumbent)]);
    if (!was.ok || !now.ok) return new Set();
    const still = [...found.unchanged].filter((name) => {
      const [a, b] = [was.visibility[name], now.visibility[name]];
      return a && b && !boxChanged(a.box, b.box);
    });
    return this.touches.onlyAmong(new Set(still));
  }

  /** The aim (ObjectAim), when any object of the start is matched in the goal with confidence. */
  private async findAim(start: Candidate, goal: readonly Buffer[]) {
    const startScreen = await this.screenOf(start.program);
    if (!startScreen.ok) return undefined;
    const aim = await ObjectAim.find({
      start: startScreen,
      startProgram: start.program,
      startRenders: start.pngs,
      goal,
      hiddenScreen: (program) => this.renderer.screen(program),
      seenAtStart: VISIBLE_AT_START,
    });
    return aim.targets.length > 0 ? aim : undefined;
  }

  /** A program's screening render: the one kept, or made and kept (till screenAll drops it). */
  private screenOf(program: string): Promise<ScreenOutcome> {
    const hash = programHash(program);
    let screen = this.screens.get(hash);
    if (!screen) {
      screen = this.renderer.screen(program);
      this.screens.set(hash, screen);
    }
    return screen;
  }

  /**
   * Screening renders of `programs`, each made once: the start's and the incumbent's are
   * kept from one iteration to the next (the incumbent was a draft the iteration before).
   */
  private async screenAll(programs: string[]): Promise<ScreenOutcome[]> {
    const hashes = new Set(programs.map(programHash));
    this.screens = new Map([...this.screens].filter(([hash]) => hashes.has(hash)));
    return Promise.all(programs.map((p) => this.screenOf(p)));
  }

  /** Screened, the search learns from every proposal on its own objective; promoted ones also won or lost. */
  observe(feedback: IterationFeedback): void {
    const inFlight = this.inFlight;
    const f0 = feedback.incumbentScore;
    const notBetter = (full?: DraftFeedback) =>
      full !== undefined &&
      full.outcome === "lost" &&
      !(full.score !== undefined && f0 !== undefined && full.score < f0);
    if (!inFlight) {
      // Not screened: it learns from each draft's PL, every draft rendered in full.
      this.search.observe({
        ...feedback,
        drafts: feedback.drafts.map((d) => ({ ...d, notBetterInFull: notBetter(d) })),
      });
      return;
    }
    const judged = new Map(feedback.drafts.map((d) => [d.id, d]));
    const drafts: DraftFeedback[] = inFlight.screened.map((s) => {
      const full = judged.get(s.id);
      return {
        id: s.id,
        outcome: !s.outcome.ok ? "failed" : full?.outcome === "won" ? "won" : "lost",
        unchanged: s.unchanged,
        score: s.objective,
        notBetterInFull: notBetter(full),
      };
    });
    this.search.observe({ iteration: feedback.iteration, incumbentScore: INCUMBENT_OBJECTIVE, drafts });
    const won = feedback.drafts.some((d) => d.outcome === "won");
    this.stalls = won ? Math.max(0, this.stalls - 1) : Math.min(MAX_STALLS, this.stalls + 1);
    this.inFlight = undefined;
  }

  saveState(): OfflineState {
    return {
      ...this.search.saveState(),
      stalls: this.stalls,
      slopes: this.slopes?.save(),
      aimTries: { ...this.aimTries },
      touches: this.touches.save(),
      hiddenSteps: this.hiddenSteps,
    };
  }

  loadState(state: unknown): void {
    const parsed = OfflineState.safeParse(state);
    if (!parsed.success)
      throw new Error(`the record's search state does not match this version's: ${z.prettifyError(parsed.error)}`);
    const { stalls, slopes, aimTries, touches, hiddenSteps, ...search } = parsed.data;
    this.search.loadState(search);
    this.stalls = stalls;
    this.slopes = slopes && FrameSlopes.load(slopes);
    this.aimTries = aimTries ?? { incumbent: "", count: 0 };
    this.touches = TouchedObjects.load(touches ?? {});
    this.hiddenSteps = hiddenSteps ?? [];
  }
}

/**
 * The drafts rendered in full: the best by the objective (reach), and the best by PL at
 * screening size (what the verifier will judge), in turn, `count` in all. With an aim, a
 * draft is promoted by PL only where the objective, aim and all, also finds it better than
 * the incumbent: PL alone favours a lamp lowered behind the desk it should stand on, half
 * hidden, over one carried to its place, and the verifier would take it.
 */
export function promote(
  ranked: readonly Pick<Screened, "id" | "objective" | "fine">[],
  count: number,
  aimed: boolean,
): Set<string> {
  const byFine = ranked.filter((s) => !aimed || s.objective! < INCUMBENT_OBJECTIVE).sort((a, b) => a.fine! - b.fine!);
  const chosen = new Set<string>();
  for (let i = 0; chosen.size < Math.min(count, ranked.length); i++) {
    chosen.add(ranked[i]!.id);
    if (chosen.size < count && byFine[i]) chosen.add(byFine[i]!.id);
  }
  return chosen;
}

/**
 * Objects the start shows (at least a fifth of their points seen) that a draft changed (its
 * box is not the incumbent's) so that the views see less than half of what they saw, or
 * so that more of its points lie inside another object than at the start, beyond the slack
 * (`INSIDE_SLACK`): moved out of frame, under the floor, into a desk top, behind a wall (a
 * gradual slide behind a wall is stopped halfway, not only once it is gone). An object that
 * only ends up behind another that moved (a floor behind wider stairs) is not hidden by its
 * own change. The goals of the task set keep every object they move at least half as
 * visible as its start (a rug turned under a table the least, 8 of 15 points), and sink
 * none beyond the slack (that rug puts 2 more of its points into the table's legs).
 */
export function hiddenObjects(start: ObjectVisibility, incumbent: ObjectVisibility, draft: ObjectVisibility): string[] {
  return Object.entries(start)
    .filter(([name, was]) => {
      if (was.seen < VISIBLE_AT_START) return false;
      const now = draft[name];
      if (!now) return true; // deleted or hidden from render
      const before = incumbent[name];
      const moved = !before || boxChanged(before.box, now.box);
      return moved && (now.seen < KEPT_IN_VIEW * was.seen || sankDeeper(was, now));
    })
    .map(([name]) => name);
}

/** Two steps that move the same numbers to about the same values (`SAME_STEP`). */
export function sameStep(a: readonly Move[], b: readonly Move[]): boolean {
  const to = new Map(a.map((m) => [m.key, m.to]));
  return (
    a.length === b.length &&
    b.every((m) => to.has(m.key) && Math.abs(to.get(m.key)! - m.to) <= SAME_STEP * Math.max(1, Math.abs(m.to)))
  );
}

function sameNames(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((name) => b.includes(name));
}

/** More of the object's points lie inside another than at the start, beyond the slack. */
function sankDeeper(was: ObjectVisibility[string], now: ObjectVisibility[string]): boolean {
  return (now.inside ?? 0) > (was.inside ?? 0) + INSIDE_SLACK;
}

function screenedOut(s: Screened, rank: number, ranked: number): string {
  if (!s.outcome.ok) return `screening render failed: ${s.outcome.error}`;
  if (s.hidden.length) return `${SCREENED_OUT}: it hides ${s.hidden.join(", ")} (${HIDDEN})`;
  if (s.unchanged) return `${SCREENED_OUT}: no visible change at screening size`;
  return `${SCREENED_OUT}: ranked ${rank + 1} of ${ranked} at screening size`;
}
