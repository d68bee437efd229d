/** A top-level parameter whose value an edit changed, as the programs write it. */
export interface ParameterChange {
  name: string;
  from: string;
  to: string;
}

/** `NAME = value`, at the start of a line, with an optional trailing comment. */
const PARAMETER = /^([A-Z_][A-Z0-9_]*)\s*=\s*(.+?)(?:\s+#.*)?$/;

function parametersOf(program: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const line of program.split("\n")) {
    const m = PARAMETER.exec(line);
    if (m && !found.has(m[1]!)) found.set(m[1]!, m[2]!);
  }
  return found;
}

/**
 * The UPPER_CASE parameters whose value differs between two programs (added ones come
 * from "(none)"). Only one-line assignments count; other edits are not named here.
 */
export function parameterChanges(before: string, after: string): ParameterChange[] {
  const old = parametersOf(before);
  return [...parametersOf(after)]
    .filter(([name, value]) => old.get(name) !== value)
    .map(([name, to]) => ({ name, from: old.get(name) ?? "(none)", to }));
}

/** Blender keeps 64 bytes of an undo step's name. */
const UNDO_NAME_BYTES = 63;

/**
 * What an accepted edit changed, in one line that fits an undo step's name:
 * "CHAIR_SCALE (1.0, 1.0, 1.5) → (1.0, 1.0, 1.25)", "CHAIR_LOCATION, CHAIR_SCALE", "2 parameters".
 */
export function describeChanges(changes: readonly ParameterChange[], maxBytes = UNDO_NAME_BYTES): string {
  if (changes.length === 0) return "the program (no parameter named)";
  const candidates = [
    changes.length === 1 ? `${changes[0]!.name} ${changes[0]!.from} → ${changes[0]!.to}` : undefined,
    changes.map((c) => c.name).join(", "),
    changes.length > 1 ? `${changes[0]!.name} and ${changes.length - 1} more` : undefined,
    `${changes.length} parameter${changes.length === 1 ? "" : "s"}`,
  ];
  return candidates.find((c) => c !== undefined && Buffer.byteLength(c) <= maxBytes) ?? candidates.at(-1)!;
}

/** `text` cut to fit an undo step's name, with an ellipsis when it was cut. */
export function undoStepName(text: string): string {
  if (Buffer.byteLength(text) <= UNDO_NAME_BYTES) return text;
  let cut = text;
  while (Buffer.byteLength(`${cut}…`) > UNDO_NAME_BYTES) cut = cut.slice(0, -1);
  return `${cut}…`;
}

/** The undo step's name for the edit of iteration `iteration`: "Agent 2: CHAIR_SCALE 1.0 → 1.25". */
export function editLabel(iteration: number, before: string, after: string): string {
  const prefix = `Agent ${iteration}: `;
  return prefix + describeChanges(parameterChanges(before, after), UNDO_NAME_BYTES - Buffer.byteLength(prefix));
}

/**
 * `program` with some of its UPPER_CASE parameters set to other values (each one's first
 * one-line assignment; a trailing comment stays). Names the program lacks are left out.
 */
export function withParameters(program: string, values: ReadonlyMap<string, string>): string {
  const done = new Set<string>();
  return program
    .split("\n")
    .map((line) => {
      const m = PARAMETER.exec(line);
      const name = m?.[1];
      if (!name || done.has(name) || !values.has(name)) return line;
      done.add(name);
      const at = line.indexOf(m[2]!, line.indexOf("="));
      return line.slice(0, at) + values.get(name)! + line.slice(at + m[2]!.length);
    })
    .join("\n");
}
