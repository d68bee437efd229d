import { z } from "zod";
import type { Rng } from "../../rng.js";
import type { DraftFeedback, IterationFeedback } from "./generator.js";
import { clampTo } from "./parameter-domain.js";
import type { Parameter } from "./program-parameters.js";

/** A change of one parameter, relative to the incumbent it was proposed on. */
export const Move = z.object({ key: z.string(), from: z.number(), to: z.number() });
export type Move = z.infer<typeof Move>;

/**
 * A proposal and why: "probe" one parameter one step either way, "momentum" (push the
 * last winning change twice as far), "vertex" (jump to the minimum of a parabola fitted
 * through a parameter's two probes and the incumbent), "combine" (add other changes
 * that also beat the incumbent), "coupled" (move the parts of one value together, an
 * object's x, y and z or a colour's channels, each the way it last helped), "rebase" (an
 * integer's or enum's probe with the other numbers back at their start values); the
 * offline generator adds its own, "aim" (FrameSlopes: objects carried to their places,
 * or a location nudged to learn how it moves them).
 */
export interface Proposal {
  reason: "probe" | "momentum" | "vertex" | "combine" | "coupled" | "rebase" | "aim";
  moves: Move[];
}

const ParameterState = z.object({
  step: z.number(),
  /** The direction that last helped, or 0 (then both directions are probed together). */
  sign: z.number(),
  /**
   * Proposals that moved it since it last won by a tenth or more (`BIG_WIN`): fewer go
   * first, so a number that just cut the loss is probed again soon, near its new value.
   */
  tries: z.number().int(),
  wins: z.number().int(),
  /** Probes that changed nothing visible; with 2 or more the parameter is left for last. */
  unchanged: z.number().int(),
  /** Its limits as first seen (a multiplier's floor is a share of its start value, not of the incumbent's). */
  min: z.number().nullable().default(null),
  max: z.number().nullable().default(null),
  /**
   * An integer's (or an enum's) values that lost, probed from its value `scannedFrom`: its next probes go to
   * the nearest values not yet tried, so a count whose goal is the only value that scores
   * (posts at other counts overlap none of the goal's) is found by a widening scan.
   */
  scanned: z.array(z.number()).default([]),
  /** The value `scanned` (an integer's) or `samples` (a float's) were taken from: both start afresh when it moves. */
  scannedFrom: z.number().nullable().default(null),
  /** An integer whose every value within reach lost: left for last, then scanned afresh. */
  settled: z.boolean().default(false),
  /** Its value in the first program searched (the episode's start). */
  origin: z.number().nullable().default(null),
  /**
   * A float's values tried alone since it last moved (from `scannedFrom`), each with its
   * score relative to the incumbent's then: where the best lies between two worse ones, the
   * parabola through the three points to its minimum (see `bracketVertex`).
   */
  samples: z.array(z.object({ value: z.number(), score: z.number() })).default([]),
});
type ParameterState = z.infer<typeof ParameterState>;

/** The search's memory, recorded after each iteration (a resume reads it back through this schema). */
export const SearchState = z.object({
  parameters: z.record(z.string(), ParameterState),
  lastWin: z.array(Move),
  gains: z.array(Move),
  vertices: z.array(Move),
  /**
   * Changes (`changeSignature`) rendered in full and found no better than the incumbent,
   * while it stands: the verdict would be the same, so they are not proposed again (a
   * clamped probe the screening objective keeps favouring took half the slots for 20
   * iterations on material/showcase-noise-scale). Emptied when a draft wins.
   */
  refuted: z.array(z.string()).default([]),
});
export type SearchState = z.infer<typeof SearchState>;

const MIN_RELATIVE_STEP = 1e-3;
/**
 * A win that cuts the score by this share puts its numbers first in line again (their
 * tries start afresh). Small wins do not: numbers that keep winning by a hair (a book's
 * width, 0.149 to 0.151) would keep a count that needs its turn from ever getting one.
 */
const BIG_WIN = 0.1;
/** A float's samples kept since it last moved, the latest. */
const MAX_SAMPLES = 12;
/** How far a parabola's vertex may lie from the incumbent, in probe steps. */
const MAX_VERTEX_STEPS = 4;
/**
 * A probe that lost "helped" when it beat the incumbent by this share at least: less is
 * noise (a symmetric bin turned, anti-aliasing), and would send the line search off on it.
 */
const HELP_MARGIN = 0.005;
/**
 * A one-number change this close to a refuted one, as a share of the refuted change's size,
 * is refuted too: it renders almost as that one did. Not wider: a noise scale refuted at 7.9
 * (from 3.5) won at 8.8, a fifth of the change further on.
 */
const NEAR_REFUTED = 0.05;

/** The largest step a parameter takes: half a turn for an angle, its whole range when it has one. */
function maxStep(p: Parameter): number {
  const { min, max, angle } = p.domain;
  if (angle) return angle === "degrees" ? 180 : Math.PI;
  return min !== undefined && max !== undefined ? max - min : Infinity;
}

/** The first step: a quarter of the value, at least a usual nudge in the parameter's units, within its range. */
function initialStep(p: Parameter): number {
  const { min, max, angle } = p.domain;
  if (p.kind === "enum") return 1;
  if (p.kind === "int") return Math.max(1, Math.round(Math.abs(p.value) * 0.25));
  const nudge = angle === "degrees" ? 15 : angle === "radians" ? Math.PI / 12 : p.value === 0 ? 0.1 : 0.02;
  const step = Math.max(Math.abs(p.value) * 0.25, nudge);
  return min !== undefined && max !== undefined ? Math.min(Math.max(step, (max - min) / 10), (max - min) / 4) : step;
}

/**
 * The offline proposer's policy: a pattern search over a program's numbers with step
 * sizes that adapt to progress. A parameter with no known good direction is probed both
 * ways at once; one that helped is pushed further (double the step, whether or not it won:
 * a line search that carries on across iterations) and, when the scores are known, jumped
 * to the vertex of the parabola through its probes. A parameter whose probes both lose has
 * its step halved. Untried parameters come before tried ones. "Helped" is judged by the
 * scores it is given: each draft's PL, or with screening the objective with reach.
 */
export class ParameterSearch {
  private state: SearchState = { parameters: {}, lastWin: [], gains: [], vertices: [], refuted: [] };
  /** Each draft's proposal in the iteration in flight, by draft id. */
  private pending = new Map<string, Proposal>();
  private current = new Map<string, Parameter>();

  saveState(): SearchState {
    return structuredClone(this.state);
  }

  loadState(state: SearchState): void {
    this.state = structuredClone(state);
  }

  private param(p: Parameter): ParameterState {
    let s = this.state.parameters[p.key];
    if (!s) {
      const { min, max } = p.domain;
      const first = { step: initialStep(p), sign: 0, tries: 0, wins: 0, unchanged: 0, min, max, origin: p.value };
      s = ParameterState.parse(first);
      this.state.parameters[p.key] = s;
    }
    if (s.scannedFrom !== p.value) Object.assign(s, { scanned: [], samples: [], scannedFrom: p.value });
    return s;
  }

  /**
   * Up to `breadth` proposals on the incumbent's parameters, each a distinct change; the
   * numbers of `last` (the caller knows they are not needed) are probed after all others.
   */
  propose(
    parameters: readonly Parameter[],
    breadth: number,
    rng: Rng,
    draftIds: (i: number) => string,
    last: ReadonlySet<string> = new Set(),
  ): Proposal[] {
    this.current = new Map(parameters.map((p) => [p.key, p]));
    const proposals: Proposal[] = [];
    const refuted = new RefutedChanges(this.state.refuted);
    const signatures = new Set<string>();
    const add = (reason: Proposal["reason"], candidate: Move[]) => {
      const moves = candidate.filter((m) => !sameValue(m.to, m.from));
      const signature = changeSignature(moves);
      if (moves.length === 0 || signatures.has(signature) || refuted.has(moves) || proposals.length >= breadth) return;
      signatures.add(signature);
      proposals.push({ reason, moves });
    };
    const shifted = (moves: Move[], factor: number) =>
      moves.flatMap((m) => {
        const p = this.current.get(m.key);
        return p ? [this.move(p, p.value + (m.to - m.from) * factor)] : [];
      });

    if (this.state.lastWin.length) add("momentum", shifted(this.state.lastWin, 2));
    for (const v of this.state.vertices) add("vertex", shifted([v], 1));
    if (this.state.gains.length) add("combine", shifted(this.state.gains, 1));
    for (const group of coupledGroups(parameters, (p) => this.param(p)))
      add(
        "coupled",
        group.map((p) => this.move(p, p.value + this.param(p).sign * this.param(p).step)),
      );

    const rank = (p: Parameter) => {
      const s = this.param(p);
      return s.unchanged >= 2 || s.settled || last.has(p.key) ? 3 : s.sign !== 0 ? 0 : s.tries === 0 ? 1 : 2;
    };
    const probes = rng
      .shuffle(parameters)
      .sort((a, b) => rank(a) - rank(b) || this.param(a).tries - this.param(b).tries);
    for (const p of probes) {
      const s = this.param(p);
      s.step = Math.min(s.step, maxStep(p));
      if (p.kind === "float") this.avoidRefuted(p, s, refuted);
      const step = p.kind === "float" ? s.step : Math.max(1, Math.round(s.step));
      for (const sign of s.sign !== 0 ? [s.sign] : rng.shuffle([1, -1])) {
        const probe = this.move(p, p.value + sign * step);
        if (s.scanned.includes(probe.to)) continue;
        add("probe", [probe]);
        if (p.kind !== "float") add("rebase", [probe, ...this.backToOrigin(parameters)]);
      }
      if (proposals.length >= breadth) break;
    }
    this.pending = new Map(proposals.map((proposal, i) => [draftIds(i), proposal]));
    return proposals;
  }

  /**
   * A float whose next probe was refuted in full (pushed to a limit, or where screening
   * keeps favouring it) probes both ways instead, at the step or by halves down to its
   * smallest one: what a loss of both probes would have taught it.
   */
  private avoidRefuted(p: Parameter, s: ParameterState, refuted: RefutedChanges): void {
    const fresh = (sign: number) => {
      const probe = this.move(p, p.value + sign * s.step);
      return !sameValue(probe.to, probe.from) && !refuted.has([probe]);
    };
    if ((s.sign !== 0 ? [s.sign] : [1, -1]).some(fresh)) return;
    s.sign = 0;
    while (![1, -1].some(fresh) && s.step / 2 >= minStep(p)) s.step /= 2;
  }

  /**
   * The numbers that drifted since the start, moved back to their start values. The other
   * numbers fit themselves to a count or an enum's item as it is (a fence 3.75 m long with
   * 11 posts matches the goal's 3 m and 9 posts better than 3.75 m with 9), so a new count
   * is also tried on the start's numbers, where the numbers fitted to the old one are not in its way.
   */
  private backToOrigin(parameters: readonly Parameter[]): Move[] {
    return parameters.flatMap((q) => {
      const origin = this.param(q).origin;
      return q.kind === "float" && origin !== null && origin !== q.value ? [this.move(q, origin)] : [];
    });
  }

  /** A move of `p` to `value`, kept within its limits (an int's rounded inwards). */
  private move(p: Parameter, value: number): Move {
    const { min, max } = this.param(p);
    const to =
      p.kind === "float"
        ? clampTo(min, max, value)
        : clampTo(min === null ? null : Math.ceil(min), max === null ? null : Math.floor(max), Math.round(value));
    return { key: p.key, from: p.value, to };
  }

  /** Learn from how each proposal fared. */
  observe(feedback: IterationFeedback): void {
    const f0 = feedback.incumbentScore;
    const better = (d: DraftFeedback) => d.score !== undefined && f0 !== undefined && d.score < f0;
    const helps = (d: DraftFeedback) =>
      d.score !== undefined && f0 !== undefined && d.score < f0 - HELP_MARGIN * Math.abs(f0);
    const won = feedback.drafts.find((d) => d.outcome === "won");
    const lastWin = (won && this.pending.get(won.id)?.moves) || [];
    const winKeys = new Set(lastWin.map((m) => m.key));
    /** Probes that beat the incumbent but lost, by key: the better way of each parameter, not both. */
    const gains = new Map<string, { move: Move; score: number }>();
    const vertices: Move[] = [];
    /** Single-parameter results by key: the score on each side. */
    const sides = new Map<string, { move: Move; draft: DraftFeedback; reason: Proposal["reason"] }[]>();

    // Each change is relative to the incumbent it was proposed on: a win moves it, so every
    // verdict so far, this iteration's too, is about programs no longer proposed.
    const refuted = new Set(won ? [] : this.state.refuted);
    for (const draft of feedback.drafts) {
      const proposal = this.pending.get(draft.id);
      if (!proposal) continue;
      if (!won && draft.notBetterInFull && draft.outcome === "lost") refuted.add(changeSignature(proposal.moves));
      for (const move of proposal.moves) {
        const s = this.state.parameters[move.key];
        if (!s) continue;
        s.tries += 1;
        if (draft.outcome === "won") {
          s.wins += 1;
          if (draft.score !== undefined && f0 !== undefined && draft.score <= f0 * (1 - BIG_WIN)) s.tries = 0;
          s.settled = false;
          s.sign = Math.sign(move.to - move.from);
          s.step = Math.abs(move.to - move.from) * 2;
          s.unchanged = 0;
        } else if (proposal.reason !== "probe" && proposal.reason !== "rebase" && !better(draft)) {
          s.step /= 2; // pushed too far: come back with a smaller step
        }
      }
      if (proposal.moves.length === 1) {
        const move = proposal.moves[0]!;
        sides.set(move.key, [...(sides.get(move.key) ?? []), { move, draft, reason: proposal.reason }]);
        if (draft.outcome !== "won" && better(draft) && proposal.reason === "probe" && !winKeys.has(move.key)) {
          const known = gains.get(move.key);
          if (!known || draft.score! < known.score) gains.set(move.key, { move, score: draft.score! });
        }
      }
    }

    for (const [key, results] of sides) {
      const s = this.state.parameters[key]!;
      const p = this.current.get(key);
      if (!p || winKeys.has(key)) continue;
      const probes = results.filter((r) => r.reason === "probe");
      if (probes.length > 0 && probes.every((r) => r.draft.unchanged)) s.unchanged += probes.length;
      const helped = probes.find((r) => helps(r.draft));
      if (helped) {
        // It helped but did not win: go on that way, twice as far (a line search across
        // iterations, so an object far from its place gets there before the verifier sees it).
        const distance = helped.move.to - helped.move.from;
        s.sign = Math.sign(distance);
        s.step = Math.abs(distance) * 2;
        s.settled = false;
        // Rendered in full it was no better: it may have gone past the place, so the way
        // back to halfway is tried too (a chair pushed from in front of a desk to as far
        // under it scores as it did), and screening picks whichever of the two looks better.
        if (helped.draft.notBetterInFull && p.kind === "float")
          vertices.push({ key, from: p.value, to: p.value + distance / 2 });
      } else if (probes.length > 0 && p.kind !== "float") {
        s.sign = 0;
        this.scanOn(p, s, results);
      } else if (probes.length > 0) {
        s.sign = 0;
        if (probes.length === 2 || probes.some((r) => r.draft.outcome === "lost" && f0 === undefined))
          s.step = Math.max(s.step / 2, minStep(p));
      }
      const vertex = probes.length === 2 && f0 !== undefined ? parabolaVertex(probes, f0) : undefined;
      if (vertex !== undefined) vertices.push({ key, from: p.value, to: p.value + vertex });
      else if (p.kind === "float" && f0 !== undefined && f0 > 0) {
        const scored = results.filter((r) => r.draft.score !== undefined);
        const samples = [...s.samples, ...scored.map((r) => ({ value: r.move.to, score: r.draft.score! / f0 }))];
        s.samples = samples.slice(-MAX_SAMPLES);
        const bracketed = bracketVertex(p.value, s.samples, minStep(p));
        if (bracketed !== undefined) vertices.push({ key, from: p.value, to: bracketed });
      }
    }
    this.state.lastWin = lastWin;
    this.state.gains = [...gains.values()].map((g) => g.move);
    this.state.vertices = vertices;
    this.state.refuted = [...refuted];
    this.pending.clear();
  }

  /**
   * An integer whose probes lost: note the values tried; halve its step while it is more
   * than 1 (as a float's), then step to the nearest value either way not yet tried, out to
   * `scanReach`. When none is left, it settles (left for last) and the scan starts afresh,
   * since other parameters will have moved meanwhile.
   */
  private scanOn(p: Parameter, s: ParameterState, lost: readonly { move: Move }[]): void {
    s.scanned = [...new Set([...s.scanned, ...lost.map((r) => r.move.to)])];
    const open = (d: number) =>
      [p.value - d, p.value + d].some((v) => this.move(p, v).to === v && !s.scanned.includes(v));
    const halved = Math.floor(Math.max(1, Math.round(s.step)) / 2);
    const next = halved >= 1 && open(halved) ? halved : range(1, scanReach(p)).find(open);
    if (next !== undefined) s.step = next;
    else Object.assign(s, { step: 1, scanned: [], settled: true });
  }
}

/** Two values a float's rounding apart (0.45 - 0.45 is 5.6e-17) are one value. */
function sameValue(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(a), Math.abs(b));
}

/** A change of the incumbent, whatever the order of its moves; values rounded as `sameValue` compares them. */
function changeSignature(moves: readonly Move[]): string {
  const rounded = moves.map((m) => [m.key, Number(m.to.toPrecision(12))] as const);
  return JSON.stringify(rounded.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * The changes rendered in full and found no better while the incumbent stands (their
 * signatures, as the state keeps them). A change of one number that lands within a twentieth
 * of its size of a refuted one is refuted too: a parabola refitted through one noisy dip
 * proposed a book's turn at -7.5, -7.99, -7.22, -7.6, ... for 15 iterations, each favoured
 * at screening and promoted, each refused in full, and the slots it took were the ones the
 * other numbers needed.
 */
class RefutedChanges {
  private readonly signatures: Set<string>;
  /** The values a single number was refuted at, by key. */
  private readonly values = new Map<string, number[]>();

  constructor(signatures: readonly string[]) {
    this.signatures = new Set(signatures);
    for (const signature of signatures) {
      const moves = JSON.parse(signature) as [string, number][];
      if (moves.length !== 1) continue;
      const [key, to] = moves[0]!;
      this.values.set(key, [...(this.values.get(key) ?? []), to]);
    }
  }

  has(moves: readonly Move[]): boolean {
    if (this.signatures.has(changeSignature(moves))) return true;
    if (moves.length !== 1) return false;
    const { key, from, to } = moves[0]!;
    return (this.values.get(key) ?? []).some((v) => Math.abs(to - v) <= NEAR_REFUTED * Math.abs(v - from));
  }
}

/** The integers from `from` to `to`. */
function range(from: number, to: number): number[] {
  return Array.from({ length: Math.max(0, Math.floor(to) - from + 1) }, (_, i) => from + i);
}

/**
 * How far an integer's scan goes either way: to zero or twice its value, at least 4 and at
 * most 16 (a large one is narrowed by halving first); an enum's, every item.
 */
function scanReach(p: Parameter): number {
  return p.kind === "enum" ? maxStep(p) : Math.min(Math.max(4, Math.min(Math.abs(p.value), 16)), maxStep(p));
}

/**
 * The parts of one value (`LOCATION[0]`, `LOCATION[1]`, ... of a tuple) that each have a
 * direction that helped, when two or more do: moved together along it, they follow a
 * diagonal that one-at-a-time probes only zigzag along.
 */
function coupledGroups(parameters: readonly Parameter[], state: (p: Parameter) => ParameterState): Parameter[][] {
  const groups = new Map<string, Parameter[]>();
  for (const p of parameters) {
    const element = /^(.*)\[\d+\]$/.exec(p.key);
    if (!element || state(p).sign === 0) continue;
    groups.set(element[1]!, [...(groups.get(element[1]!) ?? []), p]);
  }
  return [...groups.values()].filter((g) => g.length >= 2);
}

/** A float's smallest step (an integer's is 1, and it then scans: see `scanOn`). */
function minStep(p: Parameter): number {
  return Math.max(Math.abs(p.value) * MIN_RELATIVE_STEP, 1e-4);
}

/**
 * Where a float's best value tried alone since it last moved (not the incumbent's) lies
 * between two worse ones, the minimum of the parabola through the three, when it is new:
 * so a probe that helped, then lost in full, and whose halfway and twice-as-far values
 * scored worse (a noise scale 7.9 between 6.1 and 11.4, its goal 9) is bracketed, not
 * only pushed on. Scores are each relative to the incumbent when they were taken.
 */
function bracketVertex(at: number, samples: readonly Point[], tolerance: number) {
  const byValue = new Map([[at, 1], ...samples.map((x) => [x.value, x.score] as const)]);
  const points = [...byValue].map(([value, score]) => ({ value, score })).sort((a, b) => a.value - b.value);
  const i = points.reduce((best, x, k) => (x.score < points[best]!.score ? k : best), 0);
  const [a, b, c] = [points[i - 1], points[i], points[i + 1]];
  if (!a || !b || !c || b.value === at || b.score >= a.score || b.score >= c.score) return undefined;
  const x = parabolaMinimum(a, b, c);
  if (x === undefined || x <= a.value || x >= c.value) return undefined;
  return points.some((point) => Math.abs(point.value - x) < tolerance) ? undefined : x;
}

type Point = { value: number; score: number };

/** The minimum of the parabola through three points in order of value (unevenly spaced), when it opens upwards. */
function parabolaMinimum(a: Point, b: Point, c: Point): number | undefined {
  const [ab, cb] = [b.value - a.value, b.value - c.value];
  const [fa, fc] = [b.score - a.score, b.score - c.score];
  const curvature = fc / cb - fa / ab; // the slope from b to c less the slope from a to b
  if (!(curvature > 0)) return undefined;
  return b.value - (0.5 * (ab * ab * fc - cb * cb * fa)) / (ab * fc - cb * fa);
}

/**
 * The offset of the minimum of the parabola through (-h, f-), (0, f0), (+h, f+), when it
 * opens upwards and lies a useful distance away (not the incumbent itself, not far off).
 */
function parabolaVertex(probes: { move: Move; draft: DraftFeedback }[], f0: number): number | undefined {
  const plus = probes.find((r) => r.move.to > r.move.from);
  const minus = probes.find((r) => r.move.to < r.move.from);
  if (!plus || !minus || plus.draft.score === undefined || minus.draft.score === undefined) return undefined;
  const h = plus.move.to - plus.move.from;
  // unequal steps (clamped)
  if (Math.abs(minus.move.from - minus.move.to - h) > 1e-9 * Math.max(1, Math.abs(h))) return undefined;
  const x = parabolaMinimum(
    { value: -h, score: minus.draft.score },
    { value: 0, score: f0 },
    { value: h, score: plus.draft.score },
  );
  if (x === undefined || Math.abs(x) < 0.1 * h || Math.abs(x) > MAX_VERTEX_STEPS * h) return undefined;
  return x;
}
