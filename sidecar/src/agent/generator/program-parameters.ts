import type { NumericLiteral } from "../../../../protocol/src/index.js";
import { type Domain, domainOf } from "./parameter-domain.js";

/** One tunable number of a program: a literal, named by what it is assigned to. */
export interface Parameter {
  /** Stable name, e.g. "CHAIR_LOCATION[1]" or "line12[0]". */
  key: string;
  value: number;
  kind: "int" | "float";
  literal: NumericLiteral;
  /** Its limits and units, from the Blender property it sets (or its name). */
  domain: Domain;
}

const DECLARED = /^[A-Z][A-Z0-9_]*$/;
/**
 * The numbers worth tuning: not indices (`x[2]`), and, when the program declares its
 * parameters as UPPER_CASE constants (as the task programs do), only those.
 */
export function findParameters(literals: readonly NumericLiteral[]): Parameter[] {
  const values = literals.filter((l) => !l.inSubscript);
  const declared = values.filter(
    (l) => l.name !== null && DECLARED.test(l.name) && l.depth <= 1 && (l.group === null || l.group === "tuple"),
  );
  const chosen = declared.length > 0 ? declared : values;
  const seen = new Map<string, number>();
  return chosen.map((literal) => {
    const base = literal.name ?? `line${literal.line}`;
    const element = literal.group === "tuple" && (literal.groupSize ?? 0) > 1 ? `${base}[${literal.groupIndex}]` : base;
    const n = seen.get(element) ?? 0;
    seen.set(element, n + 1);
    const key = n === 0 ? element : `${element}#${n}`;
    return { key, value: literal.value, kind: literal.kind, literal, domain: domainOf(literal) };
  });
}

/** Python source for a number of the given kind: ints stay ints, floats keep a decimal point. */
export function formatNumber(value: number, kind: "int" | "float"): string {
  if (kind === "int") return String(Math.round(value));
  const text = String(Number(value.toPrecision(6)));
  return /[.e]/.test(text) ? text : `${text}.0`;
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
    out = out.slice(0, p.literal.start) + formatNumber(values.get(p.key)!, p.kind) + out.slice(p.literal.end);
  return out;
}
