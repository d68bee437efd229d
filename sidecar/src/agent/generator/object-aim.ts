import type { ObjectVisibility } from "../../../../protocol/src/index.js";
import { floatRgb } from "../../metrics/photometric.js";
import type { ScreenOutcome } from "../renderer.js";

/**
 * Where each object of the start stands in the goal, found by its looks. PL (blurred or
 * not) gives an object that must cross the frame only a faint pull, shared with every
 * other difference, and none at all in its direction once other objects stand between.
 * The object's own pixels are known: the start rendered with and without it differ just
 * there (its mask). Slid over the goal's render, the mask's colours match best where the
 * goal shows it; where that match is clearly better than any other place, that is where
 * its centre should be seen in that view, and a draft's objects can be scored by how far
 * each one's centre (as the worker projects it) lies from its place. An object that does
 * not move in the goal matches where it stands, so the same score keeps it there.
 * An object that moved shows in the goal where the goal differs from the start: places
 * the goal shares with the start are not searched (but the object's own), so that a
 * look-alike standing still (a second jar, a bowl of fruit) is not taken for it.
 */

/** A pixel of an object's mask differs from the render without it by this much (sum of |Δ| over RGB in 0..1). */
const MASK_THRESHOLD = 0.06;
/** Masks smaller than this (pixels) are too few to match. */
const MIN_MASK = 4;
/** What a mask pixel shifted out of the frame costs, as a squared colour difference: as a fair mismatch. */
const OUT_OF_FRAME = 0.1;
/** A place away from the object's own is searched where this share of its pixels differs between goal and start. */
const CHANGED_SHARE = 0.3;
/** A pixel differs between the goal and the start by more than this (sum of |Δ| over RGB): past render noise. */
const CHANGE_THRESHOLD = 0.1;
/**
 * An object the goal shows as the start does: at most this share of its pixels changed in
 * any view. On the 24 placement tasks, 219 of 250 objects that stay alike in the goal, and
 * none of those moved, turned or resized (none up to a share of 0.2).
 */
const UNCHANGED_SHARE = 0.1;
/** A match counts where the best place's mismatch is below this share of the next best place's (away from it)... */
const CONFIDENT_RATIO = 0.6;
/** ...and that next best is at least this far off (mean squared colour difference): flat look-alikes tie. */
const CONFIDENT_FLOOR = 0.002;
/** A centre this close to its place (frame heights, about a screening pixel) is there. */
export const THERE = 0.015;
/** How far a draft's object may be from its place and still count (in frame sides): past it, off frame or gone. */
const MAX_DISTANCE = 1.5;

/** Whose centre should be where, in which view (shares of the frame's width and height from the top left). */
export interface AimTarget {
  object: string;
  view: number;
  x: number;
  y: number;
}

/** A view's pixels as floats (RGB in 0..1), row by row. */
interface Image {
  width: number;
  height: number;
  data: Float32Array;
}

export class ObjectAim {
  private constructor(
    readonly targets: readonly AimTarget[],
    /** The frame's width over its height. */
    readonly aspect: number,
    /** The objects the goal shows as the start does (`UNCHANGED_SHARE`). */
    readonly unchanged: ReadonlySet<string>,
  ) {}

  /**
   * The aim of an episode: `start` is the start's screening render, `hiddenScreen` renders
   * a program at screening size (each object of the start is rendered hidden once), and
   * `goal` and `startRenders` the goal's and the start's renders at the task's settings
   * (any size: they are scaled to the screening size). The two are compared as rendered
   * alike, so that only what changed differs, not what the screening size loses.
   */
  static async find({
    start,
    startProgram,
    startRenders,
    goal,
    hiddenScreen,
    seenAtStart,
  }: {
    start: Extract<ScreenOutcome, { ok: true }>;
    startProgram: string;
    startRenders: readonly Buffer[];
    goal: readonly Buffer[];
    hiddenScreen: (program: string) => Promise<ScreenOutcome>;
    seenAtStart: number;
  }): Promise<ObjectAim> {
    const startImages = await Promise.all(start.pngs.map((png) => floatRgb(png)));
    const { width, height } = startImages[0]!;
    const atScreenSize = (pngs: readonly Buffer[]) => Promise.all(pngs.map((png) => floatRgb(png, { width, height })));
    const [goalImages, startAlike] = await Promise.all([atScreenSize(goal), atScreenSize(startRenders)]);
    const changed = goalImages.map((image, view) => changedPixels(image, startAlike[view]!));
    const objects = Object.entries(start.visibility).filter(([, v]) => v.seen >= seenAtStart && v.frame);
    const unchanged = new Set<string>();
    const targets = await Promise.all(
      objects.map(async ([name, v]) => {
        const hidden = await hiddenScreen(hidingProgram(startProgram, name));
        if (!hidden.ok) return [];
        const without = await Promise.all(hidden.pngs.map((png) => floatRgb(png)));
        const masks = startImages.map((image, view) => maskedPixels(image, without[view]!));
        const seen = masks.map((mask, view) => ({ mask, view })).filter(({ mask }) => mask.xs.length >= MIN_MASK);
        if (
          seen.length > 0 &&
          seen.every(({ mask, view }) => changedShare(mask, changed[view]!, width) <= UNCHANGED_SHARE)
        )
          unchanged.add(name);
        return masks.flatMap((mask, view): AimTarget[] => {
          const centre = v.frame![view];
          const shift = centre && matchShift(mask, goalImages[view]!, changed[view]!);
          if (!centre || !shift) return [];
          return [{ object: name, view, x: centre[0] + shift.dx / width, y: centre[1] + shift.dy / height }];
        });
      }),
    );
    return new ObjectAim(targets.flat(), width / height, unchanged);
  }

  /** The aim at `objects` only (those the program was seen to move), or none when none of them has a place. */
  among(objects: ReadonlySet<string>): ObjectAim | undefined {
    const targets = this.targets.filter((t) => objects.has(t.object));
    return targets.length > 0 ? new ObjectAim(targets, this.aspect, this.unchanged) : undefined;
  }

  /** The objects whose centre is not there in some view, the farthest first. */
  offPlace(visibility: ObjectVisibility): string[] {
    const off = new Map<string, number>();
    for (const t of this.targets) {
      const d = this.offBy(t, visibility);
      if (d > THERE) off.set(t.object, Math.max(d, off.get(t.object) ?? 0));
    }
    return [...off].sort((a, b) => b[1] - a[1]).map(([object]) => object);
  }

  /**
   * How far a draft's objects are from their places: the mean over targets of the distance
   * (in frame heights) from the object's centre in that view to its place, at most `MAX_DISTANCE`
   * (an object gone or behind the camera counts that much).
   */
  distance(visibility: ObjectVisibility): number {
    return this.targets.reduce((sum, t) => sum + this.offBy(t, visibility), 0) / this.targets.length;
  }

  /** How far (frame heights) a target's object is from its place in its view, at most `MAX_DISTANCE`. */
  private offBy(t: AimTarget, visibility: ObjectVisibility): number {
    const at = visibility[t.object]?.frame?.[t.view];
    if (!at) return MAX_DISTANCE;
    return Math.min(MAX_DISTANCE, Math.hypot((at[0] - t.x) * this.aspect, at[1] - t.y));
  }
}

/** The start program with one object hidden from render, appended (the program may have made the object). */
function hidingProgram(program: string, object: string): string {
  return `${program}\n\nimport bpy as _aim_bpy\n_aim_bpy.data.objects[${JSON.stringify(object)}].hide_render = True\n`;
}

/** An object's pixels: where the render with it differs from the one without, each with its colour. */
interface Mask {
  xs: Int32Array;
  ys: Int32Array;
  colours: Float32Array;
}

export function maskedPixels(withObject: Image, without: Image): Mask {
  const xs: number[] = [];
  const ys: number[] = [];
  const colours: number[] = [];
  differingPixels(withObject, without, MASK_THRESHOLD).forEach((differs, p) => {
    if (!differs) return;
    xs.push(p % withObject.width);
    ys.push(Math.floor(p / withObject.width));
    colours.push(...withObject.data.subarray(p * 3, p * 3 + 3));
  });
  return { xs: Int32Array.from(xs), ys: Int32Array.from(ys), colours: Float32Array.from(colours) };
}

/** Which pixels (1) differ between two renders of a view alike in size and settings (the goal and the start). */
export function changedPixels(a: Image, b: Image): Uint8Array {
  return differingPixels(a, b, CHANGE_THRESHOLD);
}

/** Which pixels (1) of two images of one size differ by more than `threshold` (sum of |Δ| over RGB). */
function differingPixels(a: Image, b: Image, threshold: number): Uint8Array {
  const differs = new Uint8Array(a.width * a.height);
  for (let p = 0; p < differs.length; p++) {
    let diff = 0;
    for (let c = 0; c < 3; c++) diff += Math.abs(a.data[p * 3 + c]! - b.data[p * 3 + c]!);
    differs[p] = diff > threshold ? 1 : 0;
  }
  return differs;
}

/**
 * The shift (in pixels) that lays the mask's colours best over `goal`, when it is clearly
 * the best: every shift that keeps a pixel of the mask in frame is tried, each scored by
 * the mean squared colour difference (pixels shifted out of frame at `OUT_OF_FRAME`).
 * Away from where the object stands, only places where the goal differs from the start
 * (`changed`, per pixel) are tried.
 */
export function matchShift(mask: Mask, goal: Image, changed: Uint8Array): { dx: number; dy: number } | undefined {
  const n = mask.xs.length;
  if (n < MIN_MASK) return undefined;
  const { width, height, data } = goal;
  // Shifts this short still overlap the object's own place.
  const own = Math.max(2, Math.sqrt(n) / 2);
  const scores: { dx: number; dy: number; score: number }[] = [];
  for (let dy = -height + 1; dy < height; dy++)
    for (let dx = -width + 1; dx < width; dx++) {
      let sum = 0;
      let onChange = 0;
      for (let k = 0; k < n; k++) {
        const x = mask.xs[k]! + dx;
        const y = mask.ys[k]! + dy;
        if (x < 0 || y < 0 || x >= width || y >= height) {
          sum += OUT_OF_FRAME;
          continue;
        }
        const i = (y * width + x) * 3;
        onChange += changed[y * width + x]!;
        for (let c = 0; c < 3; c++) sum += (data[i + c]! - mask.colours[k * 3 + c]!) ** 2;
      }
      if (Math.hypot(dx, dy) > own && onChange < CHANGED_SHARE * n) continue;
      scores.push({ dx, dy, score: sum / n });
    }
  const best = scores.reduce((a, b) => (b.score < a.score ? b : a));
  // The next best place, away from the best: half the mask's extent, so its own neighbours do not count.
  const apart = Math.max(2, extent(mask) / 2);
  const next = scores
    .filter((s) => Math.hypot(s.dx - best.dx, s.dy - best.dy) > apart)
    .reduce((a, b) => (b.score < a.score ? b : a), { score: Number.POSITIVE_INFINITY });
  const confident = next.score >= CONFIDENT_FLOOR && best.score <= CONFIDENT_RATIO * next.score;
  if (!confident) return undefined;
  // A pixel from where it stands is where it stands: at screening size the goal (a full
  // render scaled down) and the start's screening render differ by a pixel at thin edges (a
  // floor lamp's pole), and a place a pixel off sets aim steps and nudges on still objects.
  return Math.abs(best.dx) <= 1 && Math.abs(best.dy) <= 1 ? { dx: 0, dy: 0 } : { dx: best.dx, dy: best.dy };
}

/** The share of a mask's pixels that differ between the goal and the start (`changed`, `width` pixels a row). */
function changedShare(mask: Mask, changed: Uint8Array, width: number): number {
  let count = 0;
  for (let k = 0; k < mask.xs.length; k++) count += changed[mask.ys[k]! * width + mask.xs[k]!]!;
  return count / mask.xs.length;
}

/** The mask's larger side, in pixels. */
function extent(mask: Mask): number {
  const side = (v: Int32Array) => Math.max(...v) - Math.min(...v) + 1;
  return Math.max(side(mask.xs), side(mask.ys));
}

/**
 * A draft's objective with the aim: the reach objective (1 for the incumbent) times its
 * objects' distance from their places relative to the incumbent's. A product, not a mix:
 * where no object moves, the objective is the reach objective as it was, its differences
 * not diluted by a term that does not change (an even mix halved them, and so doubled the
 * margin a probe must beat: the kettle, with no place found, went 58% → 47%).
 */
export function aimedObjective(objective: number, distance: number, incumbentDistance: number): number {
  return (objective * (distance + THERE)) / (incumbentDistance + THERE);
}
