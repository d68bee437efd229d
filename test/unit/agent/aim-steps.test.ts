import { describe, expect, it } from "vitest";
import type { NumericLiteral, ObjectVisibility } from "../../../protocol/src/index.js";
import { dampedLeastSquares, FrameSlopes } from "../../../sidecar/src/agent/generator/aim-steps.js";
import type { AimTarget } from "../../../sidecar/src/agent/generator/object-aim.js";
import { findParameters } from "../../../sidecar/src/agent/generator/program-parameters.js";
import { literalTarget } from "../helpers/literal-target.js";

const LOCATION = literalTarget({ property: "Object.location" });
const ENERGY = literalTarget({ property: "PointLight.energy", hardMin: 0 });

/** A location tuple's item, as program.analyze would give it. */
function locationItem(name: string, value: number, groupIndex: number, line: number): NumericLiteral {
  return {
    ...{ start: 0, end: 0, text: String(value), value, kind: "float", line, name },
    ...{ group: "tuple", groupIndex, groupSize: 3, inSubscript: false, depth: 1 },
    target: { ...LOCATION, index: groupIndex },
  };
}

/** MUG_LOCATION = (x, y, z) and LAMP_POWER, as program.analyze would give them. */
function parametersAt([x, y, z]: readonly number[], power = 100) {
  const item = (value: number, groupIndex: number, line: number) =>
    locationItem("MUG_LOCATION", value, groupIndex, line);
  const lamp: NumericLiteral = {
    ...{ start: 0, end: 0, text: String(power), value: power, kind: "float", line: 2, name: "LAMP_POWER" },
    ...{ group: null, groupIndex: null, groupSize: null, inSubscript: false, depth: 0, target: ENERGY },
  };
  return findParameters([item(x!, 0, 1), item(y!, 1, 1), item(z!, 2, 1), lamp]);
}

/** Where two cameras see the mug's centre at (x, y, z): a linear stand-in for the projection. */
function seen([x, y, z]: readonly number[]): ObjectVisibility {
  const frame: [number, number][] = [
    [0.5 + 0.3 * x!, 0.5 - 0.2 * z! + 0.05 * y!],
    [0.5 + 0.1 * y!, 0.5 + 0.25 * x!],
  ];
  const still: [number, number][] = [
    [0.2, 0.8],
    [0.7, 0.3],
  ];
  return {
    Mug: { seen: 1, box: [0, 0, 0, 0, 0, 0], frame },
    Laptop: { seen: 1, box: [0, 0, 0, 0, 0, 0], frame: still },
  };
}

describe("aim steps: objects carried straight to their places", () => {
  const start = [0.45, -0.2, 0.75];
  const goal = [-0.35, -0.25, 0.75];
  const places: AimTarget[] = seen(goal).Mug!.frame!.map((f, view) => ({ object: "Mug", view, x: f![0], y: f![1] }));

  /** Slopes learnt from one probe of each number, as screened drafts give them. */
  function learnt() {
    const slopes = new FrameSlopes(1);
    parametersAt(start).forEach((p, i) => {
      const probe = [...start, 100];
      probe[i] = p.value + 0.1;
      slopes.learn([{ key: p.key, from: p.value, to: p.value + 0.1 }], seen(start), seen(probe.slice(0, 3)));
    });
    return slopes;
  }

  it("moves the location's numbers so the mug's centre lands on its place in both views, the lamp not", () => {
    const moves = learnt().stepTo(["Mug"], places, seen(start), parametersAt(start));
    expect(moves.map((m) => m.key).sort()).toEqual(["MUG_LOCATION[0]", "MUG_LOCATION[1]", "MUG_LOCATION[2]"]);
    const landed = moves.map((m) => m.to);
    const at = seen(landed).Mug!.frame!;
    for (const place of places) {
      const [x, y] = at[place.view]!;
      expect(Math.hypot(x - place.x, y - place.y)).toBeLessThan(0.01);
    }
  });

  it("proposes nothing for an object already on its place, or with no slope known", () => {
    expect(learnt().stepTo(["Mug"], places, seen(goal), parametersAt(goal))).toEqual([]);
    expect(new FrameSlopes(1).stepTo(["Mug"], places, seen(start), parametersAt(start))).toEqual([]);
  });

  it("takes no step while the slopes known cannot carry the mug to its place (its x not yet probed)", () => {
    const slopes = new FrameSlopes(1);
    const [, y, z] = parametersAt(start);
    for (const p of [y!, z!]) {
      const probe = [...start];
      probe[p.key === "MUG_LOCATION[1]" ? 1 : 2]! += 0.1;
      slopes.learn([{ key: p.key, from: p.value, to: p.value + 0.1 }], seen(start), seen(probe));
    }
    expect(slopes.stepTo(["Mug"], places, seen(start), parametersAt(start))).toEqual([]);
  });

  it("nudges each location number no draft has moved alone, and none once all are learnt", () => {
    const nudges = new FrameSlopes(1).nudges(parametersAt(start), ["Mug"]);
    expect(nudges.map(([m]) => m!.key)).toEqual(["MUG_LOCATION[0]", "MUG_LOCATION[1]", "MUG_LOCATION[2]"]);
    for (const [m] of nudges) expect(Math.abs(m!.to - m!.from)).toBeCloseTo(0.05, 12);
    expect(learnt().nudges(parametersAt(start), ["Mug"])).toEqual([]);
  });

  it("nudges first the numbers of a tuple that moves an object off its place, last those moving still ones", () => {
    const parameters = findParameters(
      ["LAPTOP_LOCATION", "KETTLE_LOCATION", "MUG_LOCATION"].flatMap((name, line) =>
        [0.1, 0.2, 0.3].map((v, i) => locationItem(name, v, i, line + 1)),
      ),
    );
    const slopes = new FrameSlopes(1);
    const at = (laptopY: number, mugY: number): ObjectVisibility => ({
      Laptop: { seen: 1, box: [0, 0, 0, 0, 0, 0], frame: [[0.2, laptopY]] },
      Mug: { seen: 1, box: [0, 0, 0, 0, 0, 0], frame: [[0.6, mugY]] },
    });
    // Each tuple's y was probed: the laptop's moved the laptop, the mug's the mug.
    slopes.learn([{ key: "LAPTOP_LOCATION[1]", from: 0.2, to: 0.3 }], at(0.5, 0.5), at(0.52, 0.5));
    slopes.learn([{ key: "MUG_LOCATION[1]", from: 0.2, to: 0.3 }], at(0.5, 0.5), at(0.5, 0.52));
    const order = (off: string[]) => slopes.nudges(parameters, off).map(([m]) => m!.key);
    // The mug off its place: its x and z first, the kettle's (not yet known to move anything) next, the laptop's last.
    expect(order(["Mug"])).toEqual([
      ...["MUG_LOCATION[0]", "MUG_LOCATION[2]", "KETTLE_LOCATION[0]", "KETTLE_LOCATION[1]", "KETTLE_LOCATION[2]"],
      ...["LAPTOP_LOCATION[0]", "LAPTOP_LOCATION[2]"],
    ]);
    expect(order(["Laptop"]).slice(0, 2)).toEqual(["LAPTOP_LOCATION[0]", "LAPTOP_LOCATION[2]"]);
  });

  it("keeps a mug a step sank into the table above it: along the one view's ray, onto the book", () => {
    // One camera looking down at 45°: a move back (+y) and a move down (-z) look alike in it.
    const fromAbove = ([x, y, z]: readonly number[]): ObjectVisibility => ({
      Mug: { seen: 1, box: [0, 0, 0, 0, 0, 0], frame: [[0.5 + 0.3 * x!, 0.5 - 0.2 * z! + 0.2 * y!]] },
    });
    const onBook = [-0.35, 0.2, 0.85];
    const place: AimTarget[] = [{ object: "Mug", view: 0, x: 0.5 + 0.3 * onBook[0]!, y: 0.5 - 0.2 * 0.85 + 0.2 * 0.2 }];
    /** The worker's report of a mug 0.2 m tall whose deepest point lies `sunk` metres into another object. */
    const sunkBy = (sunk: number) => ({ seen: 0.3, inside: 0.5, sunk, box: [0, 0, 0.6, 0.1, 0.1, 0.8] });
    const slopes = new FrameSlopes(1);
    parametersAt(start)
      .slice(0, 3)
      .forEach((p, i) => {
        const probe = [...start];
        probe[i]! += 0.1;
        slopes.learn([{ key: p.key, from: p.value, to: p.value + 0.1 }], fromAbove(start), fromAbove(probe));
      });
    const stepFrom = (at: readonly number[]) => slopes.stepTo(["Mug"], place, fromAbove(at), parametersAt(at));
    const landing = (moves: { to: number }[]) => moves.map((m) => m.to);

    // The smallest move to the ray goes half back, half down: into the table (its top at 0.75).
    const first = landing(stepFrom(start));
    expect(first[2]).toBeLessThan(0.65);
    // The worker reports the mug's deepest point 0.75 - z below the table's top: the next step stays on it.
    expect(slopes.learnSinking("Mug", sunkBy(0.75 - first[2]!), stepFrom(start), parametersAt(start))).toBe(true);
    const second = landing(stepFrom(start));
    expect(second[2]).toBeCloseTo(0.75, 6);
    // On the table there, it stands in the book (its top at 0.85): the step after climbs onto it.
    slopes.learnSinking("Mug", sunkBy(0.1), stepFrom(start), parametersAt(start));
    const third = landing(stepFrom(start));
    for (const [i, v] of third.entries()) expect(v).toBeCloseTo(onBook[i]!, 2);
    // Each lands on the place in the view all the same.
    for (const at of [first, second, third]) {
      const [x, y] = fromAbove(at).Mug!.frame![0]!;
      expect(Math.hypot(x - place[0]!.x, y - place[0]!.y)).toBeLessThan(0.01);
    }
    // A floor below the one known teaches nothing; a nudge that left the height alone neither.
    expect(
      slopes.learnSinking("Mug", sunkBy(0.01), [{ key: "MUG_LOCATION[2]", from: 0.75, to: 0.5 }], parametersAt(start)),
    ).toBe(false);
    const nudge = [{ key: "MUG_LOCATION[0]", from: 0.45, to: 0.5 }];
    expect(slopes.learnSinking("Mug", sunkBy(0.1), nudge, parametersAt(start))).toBe(false);
    // Sunk into the bowl it trades places with, yet to move away: no floor from that.
    const intoBowl = { ...sunkBy(0.1), sunkInto: "Bowl" };
    expect(slopes.learnSinking("Mug", intoBowl, stepFrom(start), parametersAt(start), new Set(["Bowl"]))).toBe(false);
    // Deeper than the mug is tall, it went into a wall or a cupboard beside its place: no floor from that.
    expect(slopes.learnSinking("Mug", sunkBy(1.5), stepFrom(start), parametersAt(start))).toBe(false);
    // A resumed episode keeps its floors.
    expect(
      landing(FrameSlopes.load(slopes.save()).stepTo(["Mug"], place, fromAbove(start), parametersAt(start))),
    ).toEqual(third);
  });

  it("damped least squares solves a square system, and takes the smallest move where it is underdetermined", () => {
    const rows = [
      { coefficients: [2, 0], residual: 4 },
      { coefficients: [0, 1], residual: -1 },
    ];
    const [a, b] = dampedLeastSquares(rows, 2);
    expect(a).toBeCloseTo(2, 2);
    expect(b).toBeCloseTo(-1, 2);
    // One equation, two unknowns: x + y = 2, the smallest move is (1, 1).
    const [x, y] = dampedLeastSquares([{ coefficients: [1, 1], residual: 2 }], 2);
    expect(x).toBeCloseTo(1, 2);
    expect(y).toBeCloseTo(1, 2);
  });
});
