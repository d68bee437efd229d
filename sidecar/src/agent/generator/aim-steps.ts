import { z } from "zod";
import type { LiteralTarget, ObjectVisibility } from "../../../../protocol/src/index.js";
import { type AimTarget, THERE } from "./object-aim.js";
import { clampTo } from "./parameter-domain.js";
import type { Move } from "./parameter-search.js";
import type { Parameter } from "./program-parameters.js";

/**
 * Steps straight to an object's place. With the aim (ObjectAim) the search knows where an
 * object's centre should be in each view, and every screened draft that moved one number
 * shows how far each object's centre moved per unit of it (its slope). Together they give
 * the move of an object's location numbers that carries its centre to its place (least
 * squares over the views): one jump past whatever stands between, where a step-by-step
 * search stops at the first thing in the way (a mug on its way left stalls behind the
 * laptop between, each step there scoring worse than where it stands), and a jump of
 * several objects at once where they trade places (jars reversed on a shelf).
 */

/** The numbers a step may move: an object's location (its own, or its delta). */
const LOCATION = /^Object\.(delta_)?location$/;
/** A location's height (its z), which a step that sank its object must raise. */
const HEIGHT = 2;
/** A step may leave a centre this many times `THERE` from its place by the slopes (or a quarter of how far it is). */
const MISS = 3;
/** A nudge that measures a number's slopes: this share of its value, at least of 1 (5 cm where it is metres). */
const NUDGE = 0.05;
/** A slope this small (frame heights per unit) is no movement: the number does not move that object. */
const NO_SLOPE = 1e-4;

const Slope = z.tuple([z.number(), z.number()]).nullable();
type Slope = z.infer<typeof Slope>;

/** The slopes as the generator's state keeps them, so a resumed episode steps as it would have. */
export const SavedSlopes = z.object({
  aspect: z.number().positive(),
  slopes: z.record(z.string(), z.record(z.string(), z.array(Slope))),
  /** Absent from records made before steps learnt them. */
  floors: z.record(z.string(), z.number()).optional(),
});
export type SavedSlopes = z.infer<typeof SavedSlopes>;

export class FrameSlopes {
  /** By number (parameter key), by object: how far its centre moves in each view per unit. */
  private readonly slopes = new Map<string, Map<string, Slope[]>>();
  /**
   * By height number (parameter key): the least value a step may give it. An object seen in
   * one view may stand anywhere along that view's ray through its place; the smallest move
   * to the ray (damped least squares) sinks a mug set on a book into the table. A step that
   * sank its object tells how far up its surface is, and the next step stays above it.
   */
  private readonly floors = new Map<string, number>();

  constructor(private readonly aspect: number) {}

  static load(saved: SavedSlopes): FrameSlopes {
    const loaded = new FrameSlopes(saved.aspect);
    for (const [key, byObject] of Object.entries(saved.slopes))
      loaded.slopes.set(key, new Map(Object.entries(byObject)));
    for (const [key, floor] of Object.entries(saved.floors ?? {})) loaded.floors.set(key, floor);
    return loaded;
  }

  save(): SavedSlopes {
    const slopes = Object.fromEntries([...this.slopes].map(([key, byObject]) => [key, Object.fromEntries(byObject)]));
    return { aspect: this.aspect, slopes, floors: Object.fromEntries(this.floors) };
  }

  /** The objects some number was seen to move. */
  moved(): Set<string> {
    return new Set([...this.slopes.values()].flatMap((byObject) => [...byObject.keys()]));
  }

  /**
   * A small move of each location number no screened draft has moved alone: its slopes are
   * unknown. First those of a tuple whose other numbers move an object of `offPlace` (the
   * apple's y moved it, so its x and z move it too), last those whose others move only
   * objects on their places: a kitchen's kettle and toaster nudged first kept the apple's
   * steps waiting five iterations.
   */
  nudges(parameters: readonly Parameter[], offPlace: readonly string[]): Move[][] {
    const movesOff = new Map<string, boolean>();
    for (const p of parameters) {
      const objects = [...(this.slopes.get(p.key)?.keys() ?? [])];
      if (objects.length === 0) continue;
      const tuple = tupleOf(p.key);
      movesOff.set(tuple, (movesOff.get(tuple) ?? false) || objects.some((o) => offPlace.includes(o)));
    }
    const rank = (p: Parameter) => {
      const off = movesOff.get(tupleOf(p.key));
      return off === true ? 0 : off === undefined ? 1 : 2;
    };
    return parameters
      .filter((p) => isLocation(p) && !this.slopes.has(p.key))
      .sort((a, b) => rank(a) - rank(b))
      .map((p) => {
        const step = NUDGE * Math.max(1, Math.abs(p.value));
        const up = clampTo(p.domain.min, p.domain.max, p.value + step);
        const to = up !== p.value ? up : clampTo(p.domain.min, p.domain.max, p.value - step);
        return [{ key: p.key, from: p.value, to }];
      })
      .filter(([m]) => m!.to !== m!.from);
  }

  /** Learn from a screened draft: `before` is the incumbent's visibility, `after` the draft's. */
  learn(moves: readonly Move[], before: ObjectVisibility, after: ObjectVisibility): void {
    if (moves.length !== 1) return;
    const { key, from, to } = moves[0]!;
    const delta = to - from;
    if (delta === 0) return;
    const byObject = new Map<string, Slope[]>();
    for (const [name, was] of Object.entries(before)) {
      const now = after[name]?.frame;
      if (!was.frame || !now) continue;
      const perView = was.frame.map((b, view): Slope => {
        const a = now[view];
        return a && b ? [(a[0] - b[0]) / delta, (a[1] - b[1]) / delta] : null;
      });
      if (perView.some((s) => s && Math.hypot(s[0] * this.aspect, s[1]) > NO_SLOPE)) byObject.set(name, perView);
    }
    this.slopes.set(key, byObject);
  }

  /**
   * Learn from a step (`moves`) that sank `object` into what stands under its place: the
   * worker reports (`seen`) its deepest point `sunk` metres below that one's top, and the
   * height the step gave it must rise as much. Not when that is more than the object's own
   * height: what it sank into is a wall or a cupboard beside its place, not what carries it
   * (a sofa pushed into a wall would climb to the wall's top). Nor when it sank into an
   * object of `offPlace`: that one is yet to move away (a bowl stepped alone onto the place
   * of the mug it trades places with). Whether that raised the floor (the steps it gives are new).
   */
  learnSinking(
    object: string,
    seen: ObjectVisibility[string],
    moves: readonly Move[],
    parameters: readonly Parameter[],
    offPlace: ReadonlySet<string> = new Set(),
  ): boolean {
    const sunk = seen.sunk ?? 0;
    if (!(sunk > 0) || sunk > seen.box[5]! - seen.box[2]! || offPlace.has(seen.sunkInto ?? "")) return false;
    const height = parameters.find((p) => locationOf(p)?.index === HEIGHT && this.slopes.get(p.key)?.has(object));
    // A step that left its height alone (a nudge of x) sank it by going sideways: no floor there.
    const stepped = height && moves.find((m) => m.key === height.key)?.to;
    if (!height || stepped === undefined) return false;
    const floor = stepped + sunk / (locationOf(height)?.scale ?? 1);
    if (floor <= (this.floors.get(height.key) ?? Number.NEGATIVE_INFINITY)) return false;
    this.floors.set(height.key, floor);
    return true;
  }

  /**
   * The moves that carry `objects` to their places, as the slopes tell (damped least
   * squares over every view with a place and a slope), or none when they are there or no
   * known slope moves them.
   */
  stepTo(
    objects: readonly string[],
    places: readonly AimTarget[],
    now: ObjectVisibility,
    parameters: readonly Parameter[],
  ) {
    const unknowns = parameters.filter((p) => isLocation(p) && objects.some((o) => this.slopes.get(p.key)?.has(o)));
    const rows: { coefficients: number[]; residual: number }[] = [];
    const offBy: number[] = [];
    for (const place of places) {
      if (!objects.includes(place.object)) continue;
      const at = now[place.object]?.frame?.[place.view];
      if (!at) continue;
      const residual = [(place.x - at[0]) * this.aspect, place.y - at[1]];
      offBy.push(Math.hypot(residual[0]!, residual[1]!));
      for (const axis of [0, 1]) {
        const coefficients = unknowns.map((p) => {
          const slope = this.slopes.get(p.key)?.get(place.object)?.[place.view];
          return slope ? slope[axis]! * (axis === 0 ? this.aspect : 1) : 0;
        });
        rows.push({ coefficients, residual: residual[axis]! });
      }
    }
    if (!offBy.some((d) => d > THERE) || unknowns.length === 0) return [];
    const deltas = this.fitAboveFloors(rows, unknowns);
    // Slopes known for too few of the numbers (a jar's height and depth, not yet its x) fit
    // the places only by a move that leaves them far off in some view: no step. Not closer
    // than a few pixels: the places found in two views agree only to a pixel or two.
    const misses = rows.map((r) => r.residual - r.coefficients.reduce((s, c, i) => s + c * deltas[i]!, 0));
    for (let i = 0; i < offBy.length; i++)
      if (Math.hypot(misses[2 * i]!, misses[2 * i + 1]!) > Math.max(MISS * THERE, offBy[i]! / 4)) return [];
    return unknowns.map(
      (p, i): Move => ({ key: p.key, from: p.value, to: clampTo(p.domain.min, p.domain.max, p.value + deltas[i]!) }),
    );
  }

  /**
   * The least-squares move (dampedLeastSquares) with each height number at or above its
   * floor: one the fit takes below it is held there, and the others fitted again.
   */
  private fitAboveFloors(rows: readonly { coefficients: number[]; residual: number }[], unknowns: Parameter[]) {
    const held = new Map<number, number>();
    for (;;) {
      const free = unknowns.map((_, i) => i).filter((i) => !held.has(i));
      const reduced = rows.map((r) => ({
        coefficients: free.map((i) => r.coefficients[i]!),
        residual: r.residual - [...held].reduce((sum, [i, delta]) => sum + r.coefficients[i]! * delta, 0),
      }));
      const fitted = dampedLeastSquares(reduced, free.length);
      const deltas = unknowns.map((_, i) => held.get(i) ?? fitted[free.indexOf(i)]!);
      const floorOf = (i: number) => this.floors.get(unknowns[i]!.key) ?? Number.NEGATIVE_INFINITY;
      const below = free.find((i) => unknowns[i]!.value + deltas[i]! < floorOf(i));
      if (below === undefined) return deltas;
      held.set(below, floorOf(below) - unknowns[below]!.value);
    }
  }
}

/** The tuple a number is an item of, by its key ("MUG_LOCATION[1]" → "MUG_LOCATION"). */
function tupleOf(key: string): string {
  return key.replace(/\[\d+\](?=(#\d+)?$)/, "");
}

function isLocation(p: Parameter): boolean {
  return locationOf(p) !== undefined;
}

/** The location property a number sets (its axis, its scale to metres), when it sets one. */
function locationOf(p: Parameter): LiteralTarget | undefined {
  const target = p.kind === "float" && "target" in p.literal ? p.literal.target : undefined;
  return target && LOCATION.test(target.property) ? target : undefined;
}

/**
 * The x minimising |Jx − r|² + λ|x|², λ a thousandth of JᵀJ's largest diagonal: an
 * object seen in one view has two equations for three numbers, and the damping picks the
 * smallest move that fits.
 */
export function dampedLeastSquares(rows: readonly { coefficients: number[]; residual: number }[], n: number): number[] {
  const a = Array.from({ length: n }, (_, i) =>
    Array.from({ length: n }, (_, j) => rows.reduce((s, r) => s + r.coefficients[i]! * r.coefficients[j]!, 0)),
  );
  const b = Array.from({ length: n }, (_, i) => rows.reduce((s, r) => s + r.coefficients[i]! * r.residual, 0));
  const lambda = 1e-3 * Math.max(1e-12, ...a.map((row, i) => row[i]!));
  for (let i = 0; i < n; i++) a[i]![i]! += lambda;
  return solve(a, b);
}

/** Gaussian elimination with partial pivoting of a symmetric positive definite system. */
function solve(a: number[][], b: number[]): number[] {
  const n = b.length;
  for (let col = 0; col < n; col++) {
    const pivot = a.reduce(
      (best, row, r) => (r >= col && Math.abs(row[col]!) > Math.abs(a[best]![col]!) ? r : best),
      col,
    );
    [a[col], a[pivot]] = [a[pivot]!, a[col]!];
    [b[col], b[pivot]] = [b[pivot]!, b[col]!];
    for (let r = col + 1; r < n; r++) {
      const f = a[r]![col]! / a[col]![col]!;
      for (let c = col; c < n; c++) a[r]![c]! -= f * a[col]![c]!;
      b[r]! -= f * b[col]!;
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let s = b[r]!;
    for (let c = r + 1; c < n; c++) s -= a[r]![c]! * x[c]!;
    x[r] = s / a[r]![r]!;
  }
  return x;
}
