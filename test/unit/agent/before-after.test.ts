import { describe, expect, it } from "vitest";
import { applyBeforeAfter } from "../../../sidecar/src/agent/generator/before-after.js";

describe("applyBeforeAfter", () => {
  const program = ["LIGHT_ENERGY = 100", "LIGHT_COLOR = (1.0, 0.9, 0.8)", "LIGHT_ENERGY = 100", "x = a.b"].join("\n");

  it("applies edits in order, each to the program the previous ones left", () => {
    const out = applyBeforeAfter("A = 1", [
      { before: "A = 1", after: "A = 2" },
      { before: "A = 2", after: "A = 3" },
    ]);
    expect(out).toEqual({ program: "A = 3", applied: 2, skipped: [] });
  });

  const firstOccurrenceOnly =
    "replaces only the first occurrence, by exact substring " +
    "(no whitespace or case folding, no regex, no $ patterns)";
  it(firstOccurrenceOnly, () => {
    const out = applyBeforeAfter(program, [
      { before: "LIGHT_ENERGY = 100", after: "LIGHT_ENERGY = 250" },
      { before: "light_color", after: "nope" },
      { before: "LIGHT_COLOR  = (1.0", after: "nope" },
      { before: "a.b", after: "$&.c$1" },
    ]);
    expect(out.program).toBe(
      ["LIGHT_ENERGY = 250", "LIGHT_COLOR = (1.0, 0.9, 0.8)", "LIGHT_ENERGY = 100", "x = $&.c$1"].join("\n"),
    );
    expect(out.applied).toBe(2);
    expect(out.skipped).toHaveLength(2);
  });

  it("skips a missing or empty `before` with a reason naming the edit, and goes on", () => {
    const out = applyBeforeAfter(program, [
      { before: "LIGHT_SIZE = 2", after: "LIGHT_SIZE = 3" },
      { before: "", after: "import os\n" },
      { before: "0.9", after: "0.5" },
    ]);
    expect(out.applied).toBe(1);
    expect(out.program).toBe(program.replace("0.9", "0.5"));
    expect(out.skipped).toEqual(['edit 1: "before" not found: "LIGHT_SIZE = 2"', 'edit 2: empty "before"']);
  });
});
