import { describe, expect, it } from "vitest";
import type { NumericLiteral } from "../../../protocol/src/index.js";
import type { IterationFeedback } from "../../../sidecar/src/agent/generator/generator.js";
import { ParameterSearch, type Proposal } from "../../../sidecar/src/agent/generator/parameter-search.js";
import { findParameters, type Parameter } from "../../../sidecar/src/agent/generator/program-parameters.js";
import { Rng } from "../../../sidecar/src/rng.js";

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
});
