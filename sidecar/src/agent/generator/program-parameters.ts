import type { EnumLiteral, NumericLiteral } from "../../../../protocol/src/index.js";
import { type Domain, domainOf } from "./parameter-domain.js";

/**
 * One tunable value of a program: a literal, named by what it is assigned to. An enum's
 * string (`"POINT"`) is searched as the index of its item among `choices`, an integer
 * from 0 to the number of items less one.
 */
export interface Parameter {
  /** Stable name, e.g. "CHAIR_LOCATION[1]" or "line12[0]". */
  key: string;
  value: number;
  kind: "int" | "float" | "enum";
  literal: NumericLiteral | EnumLiteral;
  /** An enum's items. */
  choices?: readonly string[];
  /** Its limits and units, from the Blender property it sets (or its name). */
  domain: Domain;
}

const DECLARED = /^[A-Z][A-Z0-9_]*$/;

/**
 * A declared constant's number: the constant itself, an item of its tuple, or a tuple's
 * item nested deeper when its place is known (a colour ramp's stops, `[(position, (r, g, b)), ...]`:
 * their colours went untuned, and a glaze's colour with them).
 */
function declaredNumber(l: NumericLiteral): boolean {
  if (l.name === null || !DECLARED.test(l.name)) return false;
  if (l.depth <= 1) return l.group === null || l.group === "tuple";
  return l.group === "tuple" && l.path?.length === l.depth;
}

/** A number's key: its constant's name (or line), and its place in the brackets around it. */
function numberKey(literal: NumericLiteral): string {
  const base = literal.name ?? `line${literal.line}`;
  if (literal.depth > 1 && literal.path?.length === literal.depth)
    return base + literal.path.map((i) => `[${i}]`).join("");
  return literal.group === "tuple" && (literal.groupSize ?? 0) > 1 ? `${base}[${literal.groupIndex}]` : base;
}

/**
 * The numbers worth tuning: not indices (`x[2]`), and, when the program declares its
 * parameters as UPPER_CASE constants (as the task programs do), only those.
 */
export function findParameters(literals: readonly NumericLiteral[], enums: readonly EnumLiteral[] = []): Parameter[] {
  const values = literals.filter((l) => !l.inSubscript);
  const declared = values.filter(declaredNumber);
  const choosable = enums.filter((e) => e.choices.length > 1 && e.choices.includes(e.value));
  const declaredEnums = choosable.filter((e) => e.name !== null && DECLARED.test(e.name) && e.depth === 0);
  const declaring = declared.length + declaredEnums.length > 0;
  const seen = new Map<string, number>();
  const unique = (key: string) => {
    const n = seen.get(key) ?? 0;
    seen.set(key, n + 1);
    return n === 0 ? key : `${key}#${n}`;
  };
  const numbers = (declaring ? declared : values).map(
    (literal): Parameter => ({
      key: unique(numberKey(literal)),
      value: literal.value,
      kind: literal.kind,
      literal,
      domain: domainOf(literal),
    }),
  );
  const choices = (declaring ? declaredEnums : choosable).map(
    (literal): Parameter => ({
      key: unique(literal.name ?? `line${literal.line}`),
      value: literal.choices.indexOf(literal.value),
      kind: "enum",
      literal,
      choices: literal.choices,
      domain: { min: 0, max: literal.choices.length - 1 },
    }),
  );
  return [...numbers, ...choices];
}

/** Python source for a number of the given kind: ints stay ints, floats keep a decimal point. */
export function formatNumber(value: number, kind: "int" | "float"): string {
  if (kind === "int") return String(Math.round(value));
  const text = String(Number(value.toPrecision(6)));
  return /[.e]/.test(text) ? text : `${text}.0`;
}

/** Python source for a parameter's value: a number, or an enum's item quoted as the literal was. */
function formatValue(p: Parameter, value: number): string {
  if (p.kind !== "enum") return formatNumber(value, p.kind);
  const item = p.choices![Math.round(value)]!;
  const quote = p.literal.text.startsWith("'") ? "'" : '"';
  return /^[\w .-]*$/.test(item) ? `${quote}${item}${quote}` : JSON.stringify(item);
}

/** The program with some parameters set to new values (spliced from the end, so offsets hold). */
export function applyValues(
  program: string,
  parameters: readonly Parameter[],
  values: ReadonlyMap<string, number>,
): string {
  const edits = parameters.filter((p) => values.has(p.key)).sort((a, b) => b.literal.start - a.literal.start);
  let out = program;
  for (const p of edits)
    out = out.slice(0, p.literal.start) + formatValue(p, values.get(p.key)!) + out.slice(p.literal.end);
  return out;
}

/** An object's own transform: a number assigned to one places, turns or sizes a whole object. */
const OBJECT_TRANSFORM = /^Object\.(delta_)?(location|rotation_euler|rotation_quaternion|rotation_axis_angle|scale)$/;

/** Whether any of a program's numbers (as `program.analyze` traced them) places, turns or sizes an object. */
export function placesObjects(literals: readonly NumericLiteral[]): boolean {
  return literals.some((l) => l.target && OBJECT_TRANSFORM.test(l.target.property));
}

/**
 * Whether any of a program's numbers moves geometry across the views: an object's
 * transform, or a shape key's weight (a neck stretched to its full length carries the head
 * across the frame).
 */
export function movesGeometry(literals: readonly NumericLiteral[]): boolean {
  return placesObjects(literals) || literals.some((l) => l.target?.property === "ShapeKey.value");
}
