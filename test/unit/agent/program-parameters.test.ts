import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import type { EnumLiteral, NumericLiteral } from "../../../protocol/src/index.js";
import {
  applyValues,
  findParameters,
  formatNumber,
  movesGeometry,
} from "../../../sidecar/src/agent/generator/program-parameters.js";
import { literalTarget } from "../helpers/literal-target.js";

const REPO = new URL("../../../", import.meta.url);

/** Literals of a program, as the add-on's plain-Python tokenizer finds them. */
function pythonLiterals(code: string): NumericLiteral[] {
  const script = [
    "import json, sys",
    "sys.path.insert(0, 'blender-addon')",
    "from blender_agent.analysis.python_literals import find_literals",
    "print(json.dumps(find_literals(sys.stdin.read())))",
  ].join("\n");
  return JSON.parse(
    execFileSync("python3", ["-c", script], { cwd: REPO, input: code, encoding: "utf8" }),
  ) as NumericLiteral[];
}

/** A program's plain string literals as the tokenizer finds them, made enums of the given items (as a trace would). */
function pythonEnums(code: string, choices: string[]): EnumLiteral[] {
  const script = [
    "import json, sys",
    "sys.path.insert(0, 'blender-addon')",
    "from blender_agent.analysis.python_literals import find_literals",
    "strings = []",
    "find_literals(sys.stdin.read(), strings=strings)",
    "print(json.dumps([literal for literal, _, _ in strings]))",
  ].join("\n");
  const strings = JSON.parse(execFileSync("python3", ["-c", script], { cwd: REPO, input: code, encoding: "utf8" }));
  return (strings as EnumLiteral[]).map((s) => ({ ...s, property: "PointLight.type", choices }));
}

describe("enum parameters: a string literal searched as one of its enum's items", () => {
  const PROGRAM = [
    "# the café ☕ stage",
    'CENTRE_TYPE = "POINT"',
    "CENTRE_ENERGY = 250.0",
    "kind = 'SUN'",
    'joined = "AR" "EA"',
    'text = f"{CENTRE_TYPE}"',
    "lights['SPOT'] = 1",
    "",
  ].join("\n");
  const ITEMS = ["POINT", "SUN", "SPOT", "AREA"];
  const enums = pythonEnums(PROGRAM, ITEMS);

  it("the tokenizer lists plain strings only (no f-strings, no joined strings, no index), at UTF-16 offsets", () => {
    expect(enums.map((e) => e.value)).toEqual(["POINT", "SUN"]);
    for (const e of enums) expect(PROGRAM.slice(e.start, e.end)).toBe(e.text);
    expect(enums.map((e) => e.name)).toEqual(["CENTRE_TYPE", "kind"]);
  });

  it("a declared enum is a parameter beside the declared numbers: its item's index, within the items", () => {
    const parameters = findParameters(pythonLiterals(PROGRAM), enums);
    expect(parameters.map((p) => [p.key, p.kind, p.value])).toEqual([
      ["CENTRE_ENERGY", "float", 250],
      ["CENTRE_TYPE", "enum", 0],
    ]);
    expect(parameters[1]!.domain).toEqual({ min: 0, max: 3 });
    const edited = applyValues(PROGRAM, parameters, new Map([["CENTRE_TYPE", 2]]));
    expect(edited).toContain('CENTRE_TYPE = "SPOT"\n');
  });

  it("undeclared, every enum is one, written back in its own quotes; one of a single item, or unknown, is not", () => {
    const undeclared = PROGRAM.replace("CENTRE_TYPE", "centre_type").replace("CENTRE_ENERGY", "energy");
    const parameters = findParameters(pythonLiterals(undeclared), pythonEnums(undeclared, ITEMS));
    expect(parameters.filter((p) => p.kind === "enum").map((p) => p.key)).toEqual(["centre_type", "kind"]);
    expect(applyValues(undeclared, parameters, new Map([["kind", 3]]))).toContain("kind = 'AREA'\n");
    const single = pythonEnums(undeclared, ["POINT"]);
    const unknown = pythonEnums(undeclared, ["SPOT", "AREA"]);
    expect(findParameters([], [...single, ...unknown])).toEqual([]);
  });
});

describe("program parameters (findParameters, formatNumber, applyValues)", () => {
  // Non-ASCII before the numbers: "é" is 1 UTF-16 unit (2 UTF-8 bytes), the emoji 2 units (1 code point).
  const PROGRAM = [
    "# Chair set-up for the café ☕ 🪑: 3 legs in this comment are not numbers",
    "import bpy",
    "CHAIR_LOCATION = (1.5, -0.3, 2)",
    "LEG_COUNT = 4",
    "ROUGHNESS = 0.25",
    'label = "chair 7"  # 8 is a comment',
    "obj = bpy.data.objects[2]",
    "obj.location.x = helper(CHAIR_LOCATION[1], 0.5)",
    "",
  ].join("\n");
  const literals = pythonLiterals(PROGRAM);
  const parameters = findParameters(literals);
  const values = (entries: Record<string, number>) => new Map(Object.entries(entries));

  it("the tokenizer's offsets index the JavaScript string (UTF-16 code units)", () => {
    expect(literals.map((l) => l.text)).toEqual(["1.5", "-0.3", "2", "4", "0.25", "2", "1", "0.5"]);
    for (const l of literals) expect(PROGRAM.slice(l.start, l.end)).toBe(l.text);
  });

  it("chooses only the declared UPPER_CASE constants, named NAME[i] for tuple elements", () => {
    expect(parameters.map((p) => [p.key, p.value, p.kind])).toEqual([
      ["CHAIR_LOCATION[0]", 1.5, "float"],
      ["CHAIR_LOCATION[1]", -0.3, "float"],
      ["CHAIR_LOCATION[2]", 2, "int"],
      ["LEG_COUNT", 4, "int"],
      ["ROUGHNESS", 0.25, "float"],
    ]);
  });

  it("without declared constants, takes every number but indices, named by assignment or line", () => {
    const code = "x = 3\ny = helper(2.5, items[4])\nprint(7)\nz = table[1][2]\n";
    const found = findParameters(pythonLiterals(code));
    expect(found.map((p) => [p.key, p.value])).toEqual([
      ["x", 3],
      ["y", 2.5],
      ["line3", 7],
    ]);
  });

  it("a declared constant's nested tuples are searched too, each number named by its place (a ramp's stops)", () => {
    const code = [
      "STOPS = [(0.4, (0.02, 0.12, 0.2)), (0.6, (0.3, 0.6, 0.6))]",
      "ROUGHNESS = 0.25",
      "ORDER = [2, 0, 1]",
      "set_ramp(ramp, STOPS, radians(30), (1, (2, 3)))",
      "",
    ].join("\n");
    const found = findParameters(pythonLiterals(code));
    expect(found.map((p) => [p.key, p.value])).toEqual([
      ["STOPS[0][0]", 0.4],
      ["STOPS[0][1][0]", 0.02],
      ["STOPS[0][1][1]", 0.12],
      ["STOPS[0][1][2]", 0.2],
      ["STOPS[1][0]", 0.6],
      ["STOPS[1][1][0]", 0.3],
      ["STOPS[1][1][1]", 0.6],
      ["STOPS[1][1][2]", 0.6],
      ["ROUGHNESS", 0.25],
    ]);
    // The glaze's light colour, where the goal has ochre: the right three numbers change.
    const ochre = values({ "STOPS[1][1][0]": 0.75, "STOPS[1][1][1]": 0.5, "STOPS[1][1][2]": 0.15 });
    expect(applyValues(code, found, ochre).split("\n")[0]).toBe(
      "STOPS = [(0.4, (0.02, 0.12, 0.2)), (0.6, (0.75, 0.5, 0.15))]",
    );
  });

  it("names repeated keys apart", () => {
    const found = findParameters(pythonLiterals("SIZE = 1\nSIZE = 2\nSIZE = 3\n"));
    expect(found.map((p) => p.key)).toEqual(["SIZE", "SIZE#1", "SIZE#2"]);
  });

  it("formats ints as ints and floats with a decimal point", () => {
    expect(formatNumber(2.6, "int")).toBe("3");
    expect(formatNumber(-4, "int")).toBe("-4");
    expect(formatNumber(3, "float")).toBe("3.0");
    expect(formatNumber(0.1 + 0.2, "float")).toBe("0.3");
    expect(formatNumber(-0.5, "float")).toBe("-0.5");
    expect(formatNumber(1e-7, "float")).toBe("1e-7");
    expect(Number(formatNumber(123456789, "float"))).toBe(123457000);
  });

  it("splices new values at the right places, even after non-ASCII text and when lengths change", () => {
    const out = applyValues(
      PROGRAM,
      parameters,
      values({
        "CHAIR_LOCATION[0]": -12.75,
        "CHAIR_LOCATION[1]": 0.4,
        "CHAIR_LOCATION[2]": 3.6,
        LEG_COUNT: 10,
        ROUGHNESS: 1,
      }),
    );
    expect(out).toBe(
      PROGRAM.replace("CHAIR_LOCATION = (1.5, -0.3, 2)", "CHAIR_LOCATION = (-12.75, 0.4, 4)")
        .replace("LEG_COUNT = 4", "LEG_COUNT = 10")
        .replace("ROUGHNESS = 0.25", "ROUGHNESS = 1.0"),
    );
  });

  it("replaces a negative literal with its sign, and leaves unnamed keys alone", () => {
    const out = applyValues(PROGRAM, parameters, values({ "CHAIR_LOCATION[1]": -0.05, NOT_A_KEY: 9 }));
    expect(out).toBe(PROGRAM.replace("(1.5, -0.3, 2)", "(1.5, -0.05, 2)"));
  });

  it("the edited program reads back with the new values (checked by Python)", () => {
    const changed = values({
      "CHAIR_LOCATION[0]": 0.125,
      "CHAIR_LOCATION[1]": 7,
      "CHAIR_LOCATION[2]": -1,
      ROUGHNESS: 0,
    });
    const reread = findParameters(pythonLiterals(applyValues(PROGRAM, parameters, changed)));
    expect(Object.fromEntries(reread.map((p) => [p.key, p.value]))).toEqual({
      "CHAIR_LOCATION[0]": 0.125,
      "CHAIR_LOCATION[1]": 7,
      "CHAIR_LOCATION[2]": -1,
      LEG_COUNT: 4,
      ROUGHNESS: 0,
    });
    expect(reread.find((p) => p.key === "CHAIR_LOCATION[1]")!.kind).toBe("float");
  });
});

describe("whether a program moves geometry across the views (movesGeometry: Workbench screens then)", () => {
  const traced = (property: string): NumericLiteral[] =>
    pythonLiterals("X = 0.5\n").map((l) => ({ ...l, target: literalTarget({ property }) }));

  it("does where a number sets an object's transform or a shape key's weight, not a node's input", () => {
    expect(movesGeometry(traced("Object.location"))).toBe(true);
    expect(movesGeometry(traced("Object.rotation_euler"))).toBe(true);
    expect(movesGeometry(traced("ShapeKey.value"))).toBe(true);
    expect(movesGeometry(traced("NodeSocketFloat.default_value"))).toBe(false);
    expect(movesGeometry(pythonLiterals("X = 0.5\n"))).toBe(false); // untraced
  });
});
