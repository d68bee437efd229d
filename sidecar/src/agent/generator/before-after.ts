/** An edit as the reference's code editor writes it: replace the exact text `before` with `after`. */
export interface BeforeAfter {
  before: string;
  after: string;
}

export interface AppliedEdits {
  program: string;
  applied: number;
  /** Why each skipped edit was skipped. */
  skipped: string[];
}

/**
 * Apply Before/After pairs by exact substring, in order, each to the program as the
 * previous ones left it; a pair whose `before` is not found is skipped (as the
 * reference does) and the reason kept.
 */
export function applyBeforeAfter(program: string, edits: readonly BeforeAfter[]): AppliedEdits {
  let out = program;
  let applied = 0;
  const skipped: string[] = [];
  edits.forEach((edit, i) => {
    if (edit.before === "") skipped.push(`edit ${i + 1}: empty "before"`);
    else if (!out.includes(edit.before))
      skipped.push(`edit ${i + 1}: "before" not found: ${JSON.stringify(edit.before.slice(0, 80))}`);
    else {
      const at = out.indexOf(edit.before);
      out = out.slice(0, at) + edit.after + out.slice(at + edit.before.length);
      applied += 1;
    }
  });
  return { program: out, applied, skipped };
}
