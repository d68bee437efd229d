import { describe, expect, it } from "vitest";
import {
  describeChanges,
  editLabel,
  parameterChanges,
  undoStepName,
  withParameters,
} from "../../../sidecar/src/agent/program-changes.js";

const BEFORE = [
  "import bpy",
  "CHAIR_LOCATION = (0.0, -0.3, 0.0)",
  "CHAIR_SCALE = (1.0, 1.0, 1.5)  # metres",
  "LAMP_ENERGY = 40.0",
  "",
  "bpy.data.objects['Chair'].location = CHAIR_LOCATION",
].join("\n");

describe("what an accepted edit changed", () => {
  it("names the parameters whose value changed, old and new, ignoring comments and statements", () => {
    const after = BEFORE.replace("(1.0, 1.0, 1.5)  # metres", "(1.0, 1.0, 1.25)  # metres").replace(
      "location = CHAIR_LOCATION",
      "location = (0, 0, 0)",
    );
    expect(parameterChanges(BEFORE, after)).toEqual([
      { name: "CHAIR_SCALE", from: "(1.0, 1.0, 1.5)", to: "(1.0, 1.0, 1.25)" },
    ]);
    expect(editLabel(2, BEFORE, after)).toBe("Agent 2: CHAIR_SCALE (1.0, 1.0, 1.5) → (1.0, 1.0, 1.25)");
  });

  it("fits an undo step's 63 bytes, falling back to names, then to a count", () => {
    const after = BEFORE.replace("LAMP_ENERGY = 40.0", "LAMP_ENERGY = 55.5").replace(
      "(0.0, -0.3, 0.0)",
      "(0.1, 0.1, 0.0)",
    );
    const label = editLabel(12, BEFORE, after);
    expect(label).toBe("Agent 12: CHAIR_LOCATION, LAMP_ENERGY");
    const many = Array.from({ length: 9 }, (_, i) => ({ name: `A_RATHER_LONG_PARAMETER_${i}`, from: "0", to: "1" }));
    expect(describeChanges(many)).toBe("A_RATHER_LONG_PARAMETER_0 and 8 more");
    expect(Buffer.byteLength(editLabel(3, "X = 1", `X = ${"9".repeat(80)}`))).toBeLessThanOrEqual(63);
    expect(describeChanges([])).toBe("the program (no parameter named)");
  });
});

describe("a program with some parameters set to other values (a revert that keeps the artist's edits)", () => {
  it("sets each named parameter's first assignment, keeps comments and everything else", () => {
    const values = new Map([
      ["CHAIR_SCALE", "(2.0, 2.0, 2.0)"],
      ["LAMP_ENERGY", "12.5"],
      ["NOT_THERE", "1.0"],
    ]);
    const merged = withParameters(BEFORE, values);
    expect(merged).toBe(
      BEFORE.replace("(1.0, 1.0, 1.5)  # metres", "(2.0, 2.0, 2.0)  # metres").replace("= 40.0", "= 12.5"),
    );
    expect(parameterChanges(BEFORE, merged).map((c) => c.name)).toEqual(["CHAIR_SCALE", "LAMP_ENERGY"]);
    expect(withParameters(BEFORE, new Map())).toBe(BEFORE);
  });
});

describe("undo step names", () => {
  it("keep a name that fits, and cut a longer one to Blender's 63 bytes with an ellipsis", () => {
    expect(undoStepName("MCP: move the cube")).toBe("MCP: move the cube");
    const cut = undoStepName(`MCP: ${"é".repeat(40)}`);
    expect(Buffer.byteLength(cut)).toBeLessThanOrEqual(63);
    expect(cut).toMatch(/^MCP: é+…$/);
  });
});
