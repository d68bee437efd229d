import type { LiteralTarget, NumericLiteral } from "../../../../protocol/src/index.js";

/**
 * Where a parameter may go and in what units, as the search needs it: the limits it never
 * crosses (Blender would clamp there, or the value would stop meaning what it means), and
 * whether it is an angle (in degrees or radians). Read from the RNA property the literal
 * is assigned to when the worker could trace it; otherwise guessed from the literal's name.
 */
export interface Domain {
  min?: number;
  max?: number;
  angle?: "degrees" | "radians";
}

/** RNA limits this large mean "no limit" (FLT_MAX, INT_MIN and the soft ±10000 of many sockets). */
const UNBOUNDED = 1e4;
const bounded = (x: number | null | undefined) =>
  x !== null && x !== undefined && Math.abs(x) < UNBOUNDED ? x : undefined;

/** Properties that multiply a size: zero or a flipped sign makes an object vanish or mirror, never closer. */
const MULTIPLIER = /\.scale$|\.(size|radius|scale)\b/i;
/** How far a multiplier may shrink from its start value, at most. */
const SHRINK_FLOOR = 0.05;
/**
 * How far an object's own scale may shrink from its start, at most. A misplaced object costs PL
 * wherever it stands, so shrinking it is always a way down: a cutting board the goal moves and
 * turns went to 5% of its size, a book to a quarter. Goals resize objects (a bin to 0.75, a
 * vase to 1.6); they do not make them vanish. A part's size (a radius in a node tree) may
 * still shrink to the general floor: a coil's top narrows from 0.3 to 0.06.
 */
const OBJECT_SHRINK_FLOOR = 0.5;

/** What the property says (when traced), narrowed by what the name says. */
export function domainOf(literal: NumericLiteral): Domain {
  const byName = fromName(literal.name, literal.value);
  if (!literal.target) return byName;
  const byProperty = fromTarget(literal.target, literal.value);
  return {
    min: maxOf(byProperty.min, byName.min),
    max: byProperty.max,
    // The property knows whether it is an angle; the name is only a guess (SPIRAL_TURNS on
    // a spiral's Rotations counts turns, and stepping it by 15 "degrees" sent it to -12).
    angle: byProperty.angle,
  };
}

function maxOf(a?: number, b?: number): number | undefined {
  return a === undefined ? b : b === undefined ? a : Math.max(a, b);
}

function fromTarget(t: LiteralTarget, value: number): Domain {
  let min = bounded(t.hardMin);
  let max = bounded(t.hardMax);
  // A soft minimum of zero marks a quantity that is never negative (an energy, a colour),
  // though its hard limit allows it; honour it unless the program starts below it.
  if (min === undefined && t.softMin === 0 && value >= 0) min = 0;
  // Colours stay in their own space: display colours in [0, 1], light and emission colours up to where they start.
  if (t.subtype === "COLOR" || t.subtype === "COLOR_GAMMA") max = Math.min(max ?? Infinity, Math.max(1, value));
  if (MULTIPLIER.test(t.property) && value !== 0)
    [min, max] = keepSign(value, t.property === "Object.scale" ? OBJECT_SHRINK_FLOOR : SHRINK_FLOOR, min, max);
  const rotation = t.subtype === "ANGLE" || t.subtype === "EULER" || t.unit === "ROTATION";
  // A number that reaches the property through radians() is in degrees, whatever the property.
  const degrees = Math.abs(Math.abs(t.scale) - Math.PI / 180) < 1e-9;
  const angle = degrees ? "degrees" : rotation && t.scale === 1 ? "radians" : undefined;
  return { min, max, angle };
}

/** A multiplier keeps its sign and shrinks to `shrink` of its start at most. */
function keepSign(value: number, shrink: number, min?: number, max?: number): [number | undefined, number | undefined] {
  const floor = Math.abs(value) * shrink;
  return value > 0 ? [Math.max(min ?? floor, floor), max] : [min, Math.min(max ?? -floor, -floor)];
}

/** Names of quantities that are never negative: a step must not push them below zero. */
const NON_NEGATIVE = new RegExp(
  "COLOU?R|STRENGTH|ENERGY|POWER|SIZE|SCALE|RADIUS|ROUGHNESS|METALLIC|SPECULAR|ALPHA|COUNT|" +
    "WIDTH|HEIGHT|LENGTH|THICKNESS|DEPTH|SPREAD|DISTANCE|SAMPLES|DENSITY",
);
const MULTIPLIER_NAME = /SCALE|SIZE|RADIUS/;
const COUNT_NAME = /COUNT|NUMBER/;
const ANGLE = /TURN|ANGLE|ROT|AZIMUTH|ELEVATION|TILT|TWIST|YAW|PITCH|ROLL|DEG/;

/** What a name says, for a literal the worker could not trace (it flows through arithmetic, or no scene). */
function fromName(name: string | null, value: number): Domain {
  if (name === null) return {};
  const angle = ANGLE.test(name) && !/RAD/.test(name) ? "degrees" : undefined;
  let min = value >= 0 && NON_NEGATIVE.test(name) ? 0 : undefined;
  if (MULTIPLIER_NAME.test(name) && value > 0) min = value * SHRINK_FLOOR;
  // None of what a count counts is the cheapest way down PL (nothing left to mismatch):
  // a city of 5 x 5 buildings went to 0 x 0 where the goal had 7 x 7.
  if (COUNT_NAME.test(name) && value >= 1) min = 1;
  return { min, angle };
}

/** `value` within limits (none where null or undefined). */
export function clampTo(min: number | null | undefined, max: number | null | undefined, value: number): number {
  return Math.min(max ?? Infinity, Math.max(min ?? -Infinity, value));
}
