import { describe, expect, it } from "vitest";
import type { LiteralTarget, NumericLiteral } from "../../../protocol/src/index.js";
import type { IterationFeedback } from "../../../sidecar/src/agent/generator/generator.js";
import { ParameterSearch, type Proposal, SearchState } from "../../../sidecar/src/agent/generator/parameter-search.js";
import { findParameters, type Parameter } from "../../../sidecar/src/agent/generator/program-parameters.js";
import { Rng } from "../../../sidecar/src/rng.js";
import { literalTarget } from "../helpers/literal-target.js";

/** A declared scalar constant `NAME = value` as the tokenizer would report it (offsets are not used). */
function constant(name: string, value: number, kind: "int" | "float", line: number): NumericLiteral {
  return {
    start: 0,
    end: 0,
    text: String(value),
    value,
    kind,
    line,
    name,
    group: null,
    groupIndex: null,
    groupSize: null,
    inSubscript: false,
    depth: 0,
  };
}

type Values = ReadonlyMap<string, number>;

/**
 * The offline loop on a score of the parameters' values: each iteration proposes on the
 * incumbent, scores every draft, keeps the best if it beats the incumbent, and tells the
 * search. Returns the final values and every draft's values, in order.
 */
function play(
  parametersAt: (v: Values) => Parameter[],
  score: (v: Values) => number,
  start: Values,
  { iterations, seed = 7, until }: { iterations: number; seed?: number; until?: (v: Values) => boolean },
) {
  const search = new ParameterSearch();
  let values = start;
  const tried: Values[] = [];
  for (let iteration = 1; iteration <= iterations && !until?.(values); iteration++) {
    const proposals = search.propose(parametersAt(values), 4, Rng.for(seed, iteration), (i) => `d${i}`);
    const drafts = proposals.map((p, i) => {
      const moved: Values = new Map([...values, ...p.moves.map((m) => [m.key, m.to] as const)]);
      return { id: `d${i}`, values: moved, score: score(moved) };
    });
    tried.push(...drafts.map((d) => d.values));
    const incumbentScore = score(values);
    const best = drafts.reduce<(typeof drafts)[number] | undefined>(
      (b, d) => (d.score < (b?.score ?? incumbentScore) ? d : b),
      undefined,
    );
    search.observe({
      iteration,
      incumbentScore,
      drafts: drafts.map((d) => ({ id: d.id, outcome: d === best ? "won" : "lost", unchanged: false, score: d.score })),
    });
    values = best?.values ?? values;
  }
  return { values, tried };
}

describe("ParameterSearch on a synthetic objective", () => {
  /** Name, start value, kind, hidden target (null: the score does not depend on it). */
  const SPECS: [string, number, "int" | "float", number | null][] = [
    ["OFFSET_X", 0, "float", 1.7],
    ["OFFSET_Y", 2, "float", -3.2],
    ["LAMP_SIZE", 1, "float", 2.5],
    ["LEG_COUNT", 3, "int", 9],
    ["DECORATION", 0.5, "float", null],
  ];
  const TARGETS = new Map(SPECS.flatMap(([name, , , t]) => (t === null ? [] : [[name, t] as const])));
  type Values = Map<string, number>;
  const startValues = (): Values => new Map(SPECS.map(([name, v]) => [name, v]));
  const objective = (v: Values) => [...TARGETS].reduce((s, [k, t]) => s + (v.get(k)! - t) ** 2, 0);
  const parametersAt = (v: Values): Parameter[] =>
    findParameters(SPECS.map(([name, , kind], i) => constant(name, v.get(name)!, kind, i + 1)));
  const movedBy = (v: Values, p: Proposal): Values => new Map([...v, ...p.moves.map((m) => [m.key, m.to] as const)]);
  const BREADTH = 4;

  /**
   * One iteration of the offline loop: propose, score, keep the best draft if it beats the incumbent,
   * tell the search.
   */
  function iterate(search: ParameterSearch, values: Values, seed: number, iteration: number) {
    const proposals = search.propose(parametersAt(values), BREADTH, Rng.for(seed, iteration), (i) => `d${i}`);
    const incumbentScore = objective(values);
    const drafts = proposals.map((p, i) => ({
      id: `d${i}`,
      values: movedBy(values, p),
      score: objective(movedBy(values, p)),
    }));
    const best = drafts.reduce<(typeof drafts)[number] | undefined>(
      (b, d) => (d.score < (b?.score ?? incumbentScore) ? d : b),
      undefined,
    );
    const feedback: IterationFeedback = {
      iteration,
      incumbentScore,
      drafts: drafts.map((d) => ({
        id: d.id,
        outcome: d === best ? "won" : "lost",
        unchanged: d.score === incumbentScore,
        score: d.score,
      })),
    };
    search.observe(feedback);
    return { proposals, values: best?.values ?? values };
  }

  function run(seed: number, iterations: number, search = new ParameterSearch(), values = startValues()) {
    const probes: { iteration: number; key: string }[] = [];
    for (let i = 1; i <= iterations; i++) {
      const step = iterate(search, values, seed, i);
      for (const p of step.proposals) for (const m of p.moves) probes.push({ iteration: i, key: m.key });
      values = step.values;
    }
    return { search, values, probes };
  }

  it("drives the objective down by a factor of 10,000 or more within 30 iterations", () => {
    const start = objective(startValues()); // 68.18
    for (const seed of [0, 1, 2]) {
      const { values } = run(seed, 30);
      expect(objective(values), `seed ${seed}`).toBeLessThan(start / 1e4);
      expect(Number.isInteger(values.get("LEG_COUNT"))).toBe(true);
      expect(values.get("LEG_COUNT")).toBe(9);
    }
  });

  it("every proposal is a distinct change of the incumbent, at most `breadth` of them", () => {
    const search = new ParameterSearch();
    let values = startValues();
    for (let i = 1; i <= 10; i++) {
      const { proposals, values: next } = iterate(search, values, 5, i);
      expect(proposals.length).toBeGreaterThan(0);
      expect(proposals.length).toBeLessThanOrEqual(BREADTH);
      const signatures = proposals.map((p) => JSON.stringify(p.moves.map((m) => [m.key, m.to])));
      expect(new Set(signatures).size).toBe(proposals.length);
      for (const p of proposals)
        for (const m of p.moves) {
          expect(m.from).toBe(values.get(m.key));
          expect(m.to).not.toBe(m.from);
        }
      values = next;
    }
  });

  describe("one step of its policy, on a single parameter X = 0 (first probes: ±0.1)", () => {
    const at = (x: number) => findParameters([constant("X", x, "float", 1)]);
    /** Probes X both ways from 0 and reports the scores of f; returns the search and the probes' moves. */
    function probeOnce(f: (x: number) => number) {
      const search = new ParameterSearch();
      const probes = search.propose(at(0), 2, new Rng(1), (i) => `d${i}`);
      expect(probes.map((p) => [p.reason, p.moves[0]!.to]).sort()).toEqual([
        ["probe", -0.1],
        ["probe", 0.1],
      ]);
      const scored = probes.map((p, i) => ({ id: `d${i}`, x: p.moves[0]!.to, score: f(p.moves[0]!.to) }));
      const best = scored.reduce((b, d) => (d.score < b.score ? d : b));
      const won = best.score < f(0) ? best : undefined;
      search.observe({
        iteration: 1,
        incumbentScore: f(0),
        drafts: scored.map((d) => ({
          id: d.id,
          outcome: d === won ? "won" : "lost",
          unchanged: false,
          score: d.score,
        })),
      });
      return { search, x: won?.x ?? 0 };
    }

    it("pushes a winning change twice as far next", () => {
      const { search, x } = probeOnce((v) => (v - 1) ** 2);
      expect(x).toBe(0.1);
      const [first] = search.propose(at(x), 1, new Rng(2), (i) => `d${i}`);
      expect(first!.reason).toBe("momentum");
      expect(first!.moves[0]!.to).toBeCloseTo(0.3, 12);
    });

    it("after two losing probes, jumps to the vertex of the parabola through them (exact on a quadratic)", () => {
      const { search, x } = probeOnce((v) => (v + 0.02) ** 2);
      expect(x).toBe(0);
      const [first] = search.propose(at(0), 1, new Rng(2), (i) => `d${i}`);
      expect(first!.reason).toBe("vertex");
      expect(first!.moves[0]!.to).toBeCloseTo(-0.02, 12);
    });

    /** The search's first probes of X = 0, told how each fared: `+0.1` and `-0.1` by their screening scores. */
    function observeProbes(scores: { plus: number; minus: number; plusNotBetterInFull?: boolean }) {
      const search = new ParameterSearch();
      const probes = search.propose(at(0), 2, new Rng(1), (i) => `d${i}`);
      search.observe({
        iteration: 1,
        incumbentScore: 1,
        drafts: probes.map((p, i) => {
          const plus = p.moves[0]!.to > 0;
          return {
            id: `d${i}`,
            outcome: "lost",
            unchanged: false,
            score: plus ? scores.plus : scores.minus,
            notBetterInFull: plus && scores.plusNotBetterInFull,
          };
        }),
      });
      return search;
    }
    const targets = (proposals: Proposal[]) => proposals.map((p) => [p.reason, p.moves[0]!.to]);

    it("a probe that helped at screening size but was no better in full is tried halfway too, and twice as far", () => {
      // Screened, the objective says +0.1 helped; rendered in full it did not beat the incumbent's PL.
      const doubted = observeProbes({ plus: 0.9, minus: 1.1, plusNotBetterInFull: true });
      const next = doubted.propose(at(0), 4, new Rng(2), (i) => `d${i}`);
      expect(targets(next)).toContainEqual(["vertex", 0.05]);
      expect(targets(next)).toContainEqual(["probe", 0.2]);
      // Where the full render agreed (or it was screened out), the line search only goes on.
      const trusted = observeProbes({ plus: 0.9, minus: 1.1 });
      const on = trusted.propose(at(0), 4, new Rng(2), (i) => `d${i}`);
      expect(targets(on)).not.toContainEqual(["vertex", 0.05]);
      expect(targets(on)).toContainEqual(["probe", 0.2]);
    });
  });

  const stateRoundTrip =
    "saveState()/loadState() round-trips: a fresh search loaded with the state proposes what the original would";
  it(stateRoundTrip, () => {
    const { search, values } = run(7, 6);
    const state = search.saveState();
    const resumed = new ParameterSearch();
    resumed.loadState(JSON.parse(JSON.stringify(state)));
    const next = (s: ParameterSearch) => s.propose(parametersAt(values), BREADTH, Rng.for(7, 7), (i) => `d${i}`);
    const fromResumed = next(resumed);
    expect(fromResumed).toEqual(next(search));
    // The state matters: a search that forgot it proposes something else.
    expect(next(new ParameterSearch())).not.toEqual(fromResumed);
    // The saved state is a copy: going on with the original does not change it.
    const saved = JSON.stringify(state);
    run(7, 3, search, values);
    expect(JSON.stringify(state)).toBe(saved);
  });

  it("a parameter whose moves never change the score is ranked last and probed less", () => {
    const { search, values, probes } = run(2, 30);
    const count = (key: string, from = 1) => probes.filter((p) => p.key === key && p.iteration >= from).length;
    for (const [key] of TARGETS) expect(count(key), key).toBeGreaterThan(10);
    expect(count("DECORATION")).toBeLessThanOrEqual(2);
    expect(count("DECORATION", 10)).toBe(0);
    // With room for every probe, its probes come after all the others.
    const wide = new ParameterSearch();
    wide.loadState(search.saveState());
    const proposals = wide.propose(parametersAt(values), 32, Rng.for(2, 99), (i) => `d${i}`);
    const probeKeys = proposals.filter((p) => p.reason === "probe").map((p) => p.moves[0]!.key);
    expect(probeKeys.slice(-2)).toEqual(["DECORATION", "DECORATION"]);
    expect(probeKeys.filter((k) => k === "DECORATION")).toHaveLength(2);
  });

  it("probes the numbers it is told are not needed after all the others", () => {
    const firstProbes = (last?: Set<string>) =>
      new ParameterSearch()
        .propose(parametersAt(startValues()), 32, Rng.for(3, 1), (i) => `d${i}`, last)
        .map((p) => p.moves[0]!.key);
    const keys = [...new Set(firstProbes())];
    const last = new Set(keys.slice(0, 2));
    const ordered = firstProbes(last);
    expect(new Set(ordered.slice(-4))).toEqual(last);
    expect(ordered.slice(0, -4)).toEqual(firstProbes().filter((k) => !last.has(k)));
  });
});

describe("ParameterSearch within the limits of the property each number sets", () => {
  const DEGREES = Math.PI / 180;
  const SUN_ANGLE = literalTarget({
    property: "SunLight.angle",
    subtype: "ANGLE",
    hardMin: 0,
    hardMax: 180,
    scale: DEGREES,
  });
  const COUNT = literalTarget({ property: "ArrayModifier.count", type: "int", hardMin: 1, hardMax: 1000 });
  const SCALE = literalTarget({ property: "Object.scale" });
  const COLOUR = literalTarget({ property: "NodeSocketColor.default_value", subtype: "COLOR", hardMin: 0, softMax: 1 });

  /**
   * Runs the search on one literal (named `name`, or unnamed as an artist's `node.x = 0.3`)
   * toward `goal`, which may lie outside the property's limits; returns every value it tried.
   */
  function drive(
    name: string | null,
    start: number,
    kind: "int" | "float",
    t: LiteralTarget,
    goal: number,
    f = (x: number) => (x - goal) ** 2,
  ) {
    const key = name ?? "line1";
    const at = (v: Values) => findParameters([{ ...constant(key, v.get(key)!, kind, 1), name, target: t }]);
    const { values, tried } = play(at, (v) => f(v.get(key)!), new Map([[key, start]]), { iterations: 25 });
    return { tried: tried.map((v) => v.get(key)!), final: values.get(key)! };
  }

  it("a sun's angle in degrees stays within 0–180 and reaches 0 when the goal lies below", () => {
    const { tried, final } = drive("SUN_ANGLE", 5, "float", SUN_ANGLE, -40);
    expect(Math.min(...tried)).toBe(0);
    expect(Math.max(...tried)).toBeLessThanOrEqual(180);
    expect(final).toBe(0);
    expect(drive("SUN_ANGLE", 5, "float", SUN_ANGLE, 400).final).toBe(180);
  });

  it("an integer count takes integer steps both ways and never goes under its minimum", () => {
    const down = drive("COPIES", 4, "int", COUNT, -3);
    expect(down.tried.every((v) => Number.isInteger(v) && v >= 1)).toBe(true);
    expect(down.final).toBe(1);
    const up = drive("COPIES", 3, "int", COUNT, 6);
    expect(up.final).toBe(6);
  });

  it("a count whose goal is the only value that scores is found by a widening scan, each value tried once", () => {
    // Posts at any other count overlap none of the goal's: PL is flat everywhere but at the goal.
    for (const goal of [9, 2, 12]) {
      const { tried, final } = drive("POST_COUNT", 6, "int", COUNT, goal, (x) => (x === goal ? 0 : 1));
      expect(final, `6 → ${goal}`).toBe(goal);
      const beforeGoal = tried.slice(0, tried.indexOf(goal));
      expect(new Set(beforeGoal).size, `tried before reaching ${goal}: ${beforeGoal}`).toBe(beforeGoal.length);
    }
  });

  it("a large integer narrows its step by halves before it scans value by value", () => {
    // A density of 1200 sprinkles toward 3600: probes of ±1 from 3300 would creep there in 300 iterations.
    const DENSITY = literalTarget({ property: "GeometryNodes.density", type: "int", hardMin: 0, hardMax: 100000 });
    expect(drive("SPRINKLE_DENSITY", 1200, "int", DENSITY, 3600).final).toBe(3600);
    expect(drive("SPRINKLE_DENSITY", 1200, "int", DENSITY, 2777).final).toBe(2777);
  });

  it("an enum tries each of its other items once, and takes the one that scores", () => {
    const ITEMS = ["POINT", "SUN", "SPOT", "AREA"];
    const literal = {
      ...{ start: 0, end: 7, text: '"POINT"', line: 1, name: "CENTRE_TYPE", depth: 0 },
      ...{ property: "PointLight.type", choices: ITEMS },
    };
    const at = (v: Values) => findParameters([], [{ ...literal, value: ITEMS[v.get("CENTRE_TYPE")!]! }]);
    const isArea = (v: Values) => v.get("CENTRE_TYPE") === 3;
    const played = play(at, (v) => (isArea(v) ? 0 : 1), new Map([["CENTRE_TYPE", 0]]), {
      iterations: 4,
      until: isArea,
    });
    const tried = played.tried.map((v) => ITEMS[v.get("CENTRE_TYPE")!]);
    expect(played.values.get("CENTRE_TYPE")).toBe(3);
    expect(new Set(tried).size).toBe(tried.length);
    expect(tried).not.toContain("POINT");
  });

  it("a count is also tried on the start's other numbers, where numbers fitted to the old count do not trap it", () => {
    // A fence of 6 posts over 3 m; the goal has 9 over 3 m. With the old count a longer fence
    // scores a little better, and 11 posts over 3.75 m stand where the goal's 9 do (a local minimum).
    const score = (v: Values) => {
      const [count, length] = [v.get("POST_COUNT")!, v.get("FENCE_LENGTH")!];
      if (count === 9 && length === 3) return 0;
      if (count === 11 && Math.abs(length - 3.75) < 0.3) return 0.3;
      return 1 - 0.1 * Math.max(0, 1 - Math.abs(length - 3.75));
    };
    const at = (v: Values) =>
      findParameters([
        { ...constant("POST_COUNT", v.get("POST_COUNT")!, "int", 1), target: COUNT },
        constant("FENCE_LENGTH", v.get("FENCE_LENGTH")!, "float", 2),
      ]);
    const start = new Map([
      ["POST_COUNT", 6],
      ["FENCE_LENGTH", 3],
    ]);
    const { values, tried } = play(at, score, start, { iterations: 20 });
    // The length drifted before the count reached 9: 9 posts on the longer fence were tried, and lost.
    expect(tried.some((v) => v.get("POST_COUNT") === 9 && v.get("FENCE_LENGTH") !== 3)).toBe(true);
    expect(Object.fromEntries(values)).toEqual({ POST_COUNT: 9, FENCE_LENGTH: 3 });
  });

  it("an object's scale keeps its sign and shrinks to half its start at most, another size to 1/20", () => {
    // PL, like the goal below zero here, always prefers a misplaced object smaller: it must not vanish.
    const object = drive("BOX_SCALE", 2, "float", SCALE, -1);
    expect(Math.min(...object.tried)).toBeGreaterThanOrEqual(1);
    expect(object.final).toBeCloseTo(1, 9);
    const light = drive("KEY_SIZE", 2, "float", literalTarget({ property: "AreaLight.size", hardMin: 0 }), -1);
    expect(Math.min(...light.tried)).toBeGreaterThanOrEqual(0.1);
    expect(light.final).toBeCloseTo(0.1, 9);
  });

  it("an unnamed colour channel (an artist's direct assignment) stays within 0–1", () => {
    const low = drive(null, 0.3, "float", COLOUR, -2.6);
    expect(Math.min(...low.tried)).toBe(0);
    expect(low.final).toBe(0);
    expect(Math.max(...drive(null, 0.3, "float", COLOUR, 3).tried)).toBe(1);
  });

  it("a count keeps at least one of what it counts, though PL likes none (nothing to mismatch)", () => {
    // GRID_COUNT on a geometry-nodes grid's Vertices X: the socket allows 0, which empties the city.
    const SOCKET = literalTarget({ property: "NodeSocketInt.default_value", type: "int", hardMin: -2147483648 });
    const { tried, final } = drive("GRID_COUNT", 5, "int", SOCKET, -3);
    expect(Math.min(...tried)).toBe(1);
    expect(final).toBe(1);
    expect(Math.min(...drive("GRID_OFFSET", 5, "int", SOCKET, -3).tried)).toBeLessThan(0); // not a count
  });

  it("a number traced to a plain float is searched in its own units, whatever its name says", () => {
    // `"Rotations": SPIRAL_TURNS` on a spiral node: turns, not degrees, though the name has TURN.
    const PLAIN = literalTarget({ property: "NodeSocketFloat.default_value" });
    const domain = (name: string, t?: LiteralTarget) =>
      findParameters([{ ...constant(name, 3, "float", 1), target: t }])[0]!.domain.angle;
    expect(domain("SPIRAL_TURNS", PLAIN)).toBeUndefined();
    expect(domain("SPIRAL_TURNS")).toBe("degrees"); // untraced, the name is all there is
    expect(domain("LEAF_TURN", literalTarget({ property: "NodeSocketFloat.default_value", scale: DEGREES }))).toBe(
      "degrees",
    );
    const { tried, final } = drive("SPIRAL_TURNS", 3, "float", PLAIN, 5);
    expect(Math.min(...tried)).toBeGreaterThan(1);
    expect(final).toBeCloseTo(5, 2);
  });

  it("without a traced property, an unnamed number has no limits (as before)", () => {
    const { final } = drive(null, 0.3, "float", undefined as unknown as LiteralTarget, -2.6);
    expect(final).toBeLessThan(-2);
  });
});

describe("ParameterSearch while the incumbent stands", () => {
  const ROUGHNESS = literalTarget({
    property: "NodeSocketFloatFactor.default_value",
    subtype: "FACTOR",
    ...{ hardMin: 0, hardMax: 1, softMin: 0, softMax: 1 },
  });
  const OTHERS = ["A", "B", "C", "D", "E", "F"];
  const parameters = () =>
    findParameters([
      { ...constant("ROUGHNESS", 0.45, "float", 1), target: ROUGHNESS },
      ...OTHERS.map((name, i) => constant(name, 1 + i, "float", i + 2)),
    ]);

  it("brackets the best value screening saw between two worse ones, and tries the parabola's minimum", () => {
    // As a noise scale whose goal is 9: the screening objective dips near it, while every
    // full render loses (PL only falls when the noise lines up).
    const objective = (x: number) => 1 - 0.5 * Math.exp(-(((x - 0.37) / 0.2) ** 2));
    const at = (x: number) => findParameters([constant("X", x, "float", 1)]);
    const search = new ParameterSearch();
    const tried: Proposal[] = [];
    for (let iteration = 1; iteration <= 6; iteration++) {
      const proposals = search.propose(at(0), 2, Rng.for(5, iteration), (i) => `d${i}`);
      tried.push(...proposals);
      search.observe({
        iteration,
        incumbentScore: 1,
        drafts: proposals.map((p, i) => {
          const score = objective(p.moves[0]!.to);
          return { id: `d${i}`, outcome: "lost", unchanged: false, score, notBetterInFull: true };
        }),
      });
    }
    const values = tried.map((p) => p.moves[0]!.to);
    const nearest = Math.min(...values.map((x) => Math.abs(x - 0.37)));
    expect(nearest).toBeLessThan(0.015); // pushed on and halved alone, it lands 0.03 away (0.4)
  });

  it("probes a number that just cut the loss again soon, before numbers tried fewer times in all", () => {
    expect(afterWinOfA(0.5)).toEqual(["A", "A"]);
    // A win by a hair does not put A first: others that need their turn get it.
    expect(afterWinOfA(0.99)).not.toContain("A");
  });

  /** A, tried 10 times, wins with `score` (the incumbent's is 1) and then loses twice: the next 2 probes' numbers. */
  function afterWinOfA(score: number): string[] {
    const search = new ParameterSearch();
    const all = () => parameters().filter((p) => p.key !== "ROUGHNESS");
    const state = (tries: number) => ({ step: 0.25, sign: 0, tries, wins: 0, unchanged: 0, origin: null });
    // A has been probed 10 times without a win, B–F 3 times each.
    const parameters_ = Object.fromEntries(OTHERS.map((key) => [key, state(key === "A" ? 10 : 3)]));
    search.loadState(SearchState.parse({ parameters: parameters_, lastWin: [], gains: [], vertices: [] }));
    const outcomes = (proposals: Proposal[], won: (p: Proposal) => boolean): IterationFeedback["drafts"] =>
      proposals.map((p, i) =>
        won(p)
          ? { id: `d${i}`, outcome: "won", unchanged: false, score }
          : { id: `d${i}`, outcome: "lost", unchanged: false, score: 1.1 },
      );
    // Every number is probed; A's step up wins. Then its push twice as far loses.
    const round = search.propose(all(), 12, Rng.for(1, 1), (i) => `d${i}`);
    const up = (p: Proposal) => p.moves[0]!.key === "A" && p.moves[0]!.to > p.moves[0]!.from;
    search.observe({ iteration: 1, incumbentScore: 1, drafts: outcomes(round, up) });
    const moved = all().map((p) => (p.key === "A" ? { ...p, value: p.value + 0.25 } : p));
    const push = search.propose(moved, 1, Rng.for(1, 2), (i) => `d${i}`);
    expect(push.map((p) => [p.reason, p.moves[0]!.key])).toEqual([["momentum", "A"]]);
    search.observe({ iteration: 2, incumbentScore: 1, drafts: outcomes(push, () => false) });
    // Its one-way probe further on (and another number's) lose too: A is near its best.
    const onward = search.propose(moved, 2, Rng.for(1, 3), (i) => `d${i}`);
    expect(onward.map((p) => [p.reason, p.moves[0]!.key])).toContainEqual(["probe", "A"]);
    search.observe({ iteration: 3, incumbentScore: 1, drafts: outcomes(onward, () => false) });
    return search.propose(moved, 2, Rng.for(1, 4), (i) => `d${i}`).map((p) => p.moves[0]!.key);
  }

  it("forgets the refuted changes when a draft wins, those of the winning iteration too (the incumbent moved)", () => {
    const search = new ParameterSearch();
    const first = search.propose(parameters(), 4, new Rng(1), (i) => `d${i}`);
    const drafts = (won: number): IterationFeedback["drafts"] =>
      first.map((_, i) =>
        i === won
          ? { id: `d${i}`, outcome: "won", unchanged: false, score: 0.5 }
          : { id: `d${i}`, outcome: "lost", unchanged: false, score: 1.1, notBetterInFull: true },
      );
    search.observe({ iteration: 1, incumbentScore: 1, drafts: drafts(-1) });
    expect(search.saveState().refuted).toHaveLength(4);
    const again = new ParameterSearch();
    again.propose(parameters(), 4, new Rng(1), (i) => `d${i}`);
    again.observe({ iteration: 1, incumbentScore: 1, drafts: drafts(0) });
    expect(again.saveState().refuted).toEqual([]);
  });

  it("never proposes again a change the full render already refuted, so the other numbers get their turn", () => {
    // As on material/showcase-noise-scale: the screening objective says a lower roughness
    // helps (it does at 64 px), the full render says it does not, and no draft wins.
    const search = new ParameterSearch();
    const seen = new Map<string, number>();
    const probed = new Set<string>();
    for (let iteration = 1; iteration <= 8; iteration++) {
      const proposals = search.propose(parameters(), 4, Rng.for(3, iteration), (i) => `d${i}`);
      for (const p of proposals) {
        const signature = JSON.stringify(p.moves.map((m) => [m.key, m.to]));
        seen.set(signature, (seen.get(signature) ?? 0) + 1);
        for (const m of p.moves) probed.add(m.key);
      }
      search.observe({
        iteration,
        incumbentScore: 1,
        drafts: proposals.map((p, i) => ({
          id: `d${i}`,
          outcome: "lost",
          unchanged: false,
          score: p.moves.some((m) => m.key === "ROUGHNESS" && m.to < m.from) ? 0.9 : 1.1,
          notBetterInFull: true,
        })),
      });
    }
    expect([...seen].filter(([, n]) => n > 1)).toEqual([]);
    expect([...probed].sort()).toEqual([...OTHERS, "ROUGHNESS"].sort());
  });

  it("does not propose a number again a hair away from where the full render refuted it", () => {
    // As a book's turn refuted at -7.5 whose parabola, refitted through one dip, kept landing near it.
    const search = new ParameterSearch();
    const near = { key: "A", from: 1, to: 1 - 7.3 };
    const further = { key: "B", from: 2, to: 2 - 6 };
    search.loadState(
      SearchState.parse({
        parameters: {},
        lastWin: [],
        gains: [],
        vertices: [near, further],
        refuted: [JSON.stringify([["A", 1 - 7.5]]), JSON.stringify([["B", 2 - 7.5]])],
      }),
    );
    const vertices = search.propose(parameters(), 8, new Rng(1), (i) => `d${i}`).filter((p) => p.reason === "vertex");
    expect(vertices.map((p) => p.moves)).toEqual([[further]]);
  });
});
