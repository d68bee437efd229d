/**
 * Fast unit tests of the agent loop's pure parts: no Blender, no network. The only child
 * process is plain python3 running the add-on's literal finder, to feed the TypeScript
 * side the literal lists it really gets.
 */
import { execFileSync } from "node:child_process";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import type { NumericLiteral } from "../protocol/src/index.js";
import { type Candidate, type Goal, INCUMBENT } from "../sidecar/src/agent/candidate.js";
import { EpisodeConfig, type EpisodeConfigInput } from "../sidecar/src/agent/episode-config.js";
import { applyBeforeAfter } from "../sidecar/src/agent/generator/before-after.js";
import type { IterationFeedback } from "../sidecar/src/agent/generator/generator.js";
import { ParameterSearch, type Proposal } from "../sidecar/src/agent/generator/parameter-search.js";
import { type Parameter, applyValues, findParameters, formatNumber } from "../sidecar/src/agent/generator/program-parameters.js";
import { BrainstormReply, EditReply, VerdictReply } from "../sidecar/src/agent/prompts.js";
import { QueryBudget } from "../sidecar/src/agent/query-budget.js";
import { extractJson, extractPythonBlock, parseReply } from "../sidecar/src/agent/reply-parsing.js";
import { Rng } from "../sidecar/src/rng.js";
import type { Match, PairJudge } from "../sidecar/src/agent/verifier/judge.js";
import { MetricJudge } from "../sidecar/src/agent/verifier/metric-judge.js";
import { type TournamentResult, bracketCost, runTournament } from "../sidecar/src/agent/verifier/tournament.js";

const REPO = new URL("../", import.meta.url);
const SEEDS = Array.from({ length: 20 }, (_, i) => i);

// ---------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------

/** The incumbent and n-1 drafts, in canonical order. */
function field(n: number): Candidate[] {
  return Array.from({ length: n }, (_, i) => ({ id: i === 0 ? INCUMBENT : `d${i - 1}`, program: `# candidate ${i}`, pngs: [] }));
}

const textGoal: Goal = { instruction: "make it nicer", views: ["front"] };

type Choice = "left" | "right" | null;

/** A judge whose answers are a function of the match; it keeps every match it was asked. */
function scriptedJudge(decide: (m: Match) => Choice, queries = 1): PairJudge & { seen: Match[] } {
  const seen: Match[] = [];
  return {
    kind: "metric",
    seen,
    async compare(m) {
      seen.push(m);
      return { choice: decide(m), reason: "scripted", queries };
    },
  };
}

const bracketOf = (key: string) => Number(/\/b(\d+)\//.exec(key)![1]);

/** Prefers the candidate with the lower rank; the ranking may differ per bracket. */
const rankingJudge = (rank: (id: string, bracket: number) => number) =>
  scriptedJudge((m) => (rank(m.left.id, bracketOf(m.key)) < rank(m.right.id, bracketOf(m.key)) ? "left" : "right"));

/** A ranking from best to worst, as a rank function. */
const ranked = (...ids: string[]) => (id: string) => {
  const r = ids.indexOf(id);
  if (r < 0) throw new Error(`${id} not ranked`);
  return r;
};

function tournament(candidates: Candidate[], judge: PairJudge, brackets: number, seed: number) {
  return runTournament({ candidates, start: candidates[0]!, goal: textGoal, judge, brackets, rng: new Rng(seed), keyPrefix: "i1" });
}

/** Match wins per candidate, counted from the match list (independently of the tournament's own tally). */
function matchWins(result: TournamentResult): Record<string, number> {
  const wins: Record<string, number> = {};
  for (const m of result.matches) wins[m.winner] = (wins[m.winner] ?? 0) + 1;
  return wins;
}

const solidPng = (rgb: [number, number, number], size = 8) =>
  sharp({ create: { width: size, height: size, channels: 3, background: { r: rgb[0], g: rgb[1], b: rgb[2] } } })
    .png()
    .toBuffer();

/** Literals of a program, as the add-on's plain-Python tokenizer finds them. */
function pythonLiterals(code: string): NumericLiteral[] {
  const script = [
    "import json, sys",
    "sys.path.insert(0, 'blender-addon')",
    "from blender_agent.analysis.python_literals import find_literals",
    "print(json.dumps(find_literals(sys.stdin.read())))",
  ].join("\n");
  return JSON.parse(execFileSync("python3", ["-c", script], { cwd: REPO, input: code, encoding: "utf8" })) as NumericLiteral[];
}

/** A declared scalar constant `NAME = value` as the tokenizer would report it (offsets are not used). */
function constant(name: string, value: number, kind: "int" | "float", line: number): NumericLiteral {
  return { start: 0, end: 0, text: String(value), value, kind, line, name, group: null, groupIndex: null, groupSize: null, inSubscript: false, depth: 0 };
}

const budgetOf = (input: EpisodeConfigInput) => new QueryBudget(EpisodeConfig.parse(input));

// ---------------------------------------------------------------------------------------
// Tournament
// ---------------------------------------------------------------------------------------

describe("tournament (runTournament, bracketCost)", () => {
  it("a bracket over n candidates makes n−1 matches, costs n−1 queries, and eliminates each loser exactly once", async () => {
    for (let n = 2; n <= 9; n++) {
      for (const seed of [0, 1, 2]) {
        const judge = rankingJudge(ranked(...field(n).map((c) => c.id).reverse()));
        const matchesSeen: string[] = [];
        const result = await runTournament({
          candidates: field(n),
          start: field(n)[0]!,
          goal: textGoal,
          judge,
          brackets: 1,
          rng: new Rng(seed),
          keyPrefix: "i7",
          onMatch: (m) => matchesSeen.push(m.key),
        });
        expect(result.matches).toHaveLength(n - 1);
        expect(result.queries).toBe(n - 1);
        expect(bracketCost(n)).toBe(n - 1);
        expect(judge.seen).toHaveLength(n - 1);
        expect(matchesSeen).toEqual(result.matches.map((m) => m.key));
        expect(new Set(matchesSeen).size).toBe(n - 1);
        for (const key of matchesSeen) expect(key).toMatch(/^i7\/b0\/r\d+\/m\d+$/);
        const losers = result.matches.map((m) => (m.winner === m.left ? m.right : m.left));
        expect(losers.sort()).toEqual(field(n).map((c) => c.id).filter((id) => id !== result.winner).sort());
      }
    }
    expect(bracketCost(1)).toBe(0);
    expect(bracketCost(0)).toBe(0);
  });

  it("counts the queries each verdict reports, over every bracket", async () => {
    const judge = scriptedJudge(() => "left", 3);
    const result = await tournament(field(5), judge, 4, 11);
    expect(result.matches).toHaveLength(4 * 4);
    expect(result.queries).toBe(3 * 4 * bracketCost(5));
  });

  it("a candidate the judge always prefers (by a hidden ranking) wins every bracket, whatever the seed", async () => {
    for (const n of [3, 5, 8]) {
      for (const seed of SEEDS) {
        // A hidden ranking that is neither canonical order nor its reverse.
        const hidden = new Rng(1000 + seed).shuffle(field(n).map((c) => c.id));
        const judge = rankingJudge(ranked(...hidden));
        const result = await tournament(field(n), judge, 3, seed);
        expect(result.winner).toBe(hidden[0]);
        expect(result.votes[hidden[0]!]).toBe(3);
        expect(result.tieBreak).toBeUndefined();
      }
    }
  });

  it("shuffles left/right sides and pairings: a candidate appears on both sides and meets different opponents", async () => {
    const sides = new Map<string, Set<string>>();
    const sawOn = (id: string, side: string) => sides.set(id, new Set([...(sides.get(id) ?? []), side]));
    const firstOpponents = new Set<string>();
    for (const seed of SEEDS.slice(0, 10)) {
      const judge = rankingJudge(ranked(INCUMBENT, "d0", "d1", "d2"));
      const result = await tournament(field(4), judge, 1, seed);
      for (const m of result.matches) {
        sawOn(m.left, "left");
        sawOn(m.right, "right");
      }
      const first = result.matches.find((m) => m.round === 0 && (m.left === INCUMBENT || m.right === INCUMBENT))!;
      firstOpponents.add(first.left === INCUMBENT ? first.right : first.left);
    }
    for (const id of ["incumbent", "d0", "d1", "d2"]) expect([...sides.get(id)!].sort(), id).toEqual(["left", "right"]);
    expect(firstOpponents.size).toBeGreaterThan(1);
  });

  it("a final's sides are drawn too, not fixed by which first-round match each finalist came from", async () => {
    const leftCameFrom = new Set<string>();
    for (const seed of SEEDS) {
      const result = await tournament(field(4), rankingJudge(ranked(INCUMBENT, "d0", "d1", "d2")), 1, seed);
      const final = result.matches.find((m) => m.round === 1)!;
      leftCameFrom.add(result.matches.find((m) => m.round === 0 && m.winner === final.left)!.key.split("/").at(-1)!);
    }
    expect([...leftCameFrom].sort()).toEqual(["m0", "m1"]);
  });

  it("verifyK brackets give verifyK votes in total", async () => {
    for (const k of [1, 2, 5]) {
      // An erratic judge: its answer depends on the match key only.
      const judge = scriptedJudge((m) => (Rng.for(3, m.key).next() < 0.5 ? "left" : "right"));
      const result = await tournament(field(6), judge, k, k);
      expect(result.brackets).toBe(k);
      expect(Object.values(result.votes).reduce((a, b) => a + b, 0)).toBe(k);
      expect(result.matches).toHaveLength(k * bracketCost(6));
      expect(new Set(result.matches.map((m) => m.bracket))).toEqual(new Set(Array.from({ length: k }, (_, b) => b)));
    }
  });

  it("a judge that answers null hands each match to the candidate earlier in canonical order", async () => {
    for (const seed of SEEDS.slice(0, 5)) {
      const result = await tournament(field(6), scriptedJudge(() => null), 2, seed);
      const order = field(6).map((c) => c.id);
      expect(result.matches).toHaveLength(2 * bracketCost(6));
      for (const m of result.matches) expect(m.winner).toBe(order.indexOf(m.left) < order.indexOf(m.right) ? m.left : m.right);
      expect(result.winner).toBe(INCUMBENT);
      expect(result.votes[INCUMBENT]).toBe(2);
    }
    // Canonical order is the order given, not the ids: without an incumbent the first draft wins.
    const drafts = field(4).slice(1).reverse(); // d2, d1, d0
    const result = await tournament(drafts, scriptedJudge(() => null), 1, 5);
    expect(result.winner).toBe("d2");
  });

  it("a single candidate wins with no query and no match", async () => {
    const judge = scriptedJudge(() => "left");
    const result = await tournament(field(1), judge, 3, 0);
    expect(result).toMatchObject({ winner: INCUMBENT, queries: 0, matches: [] });
    expect(judge.seen).toHaveLength(0);
  });

  describe("ties on votes", () => {
    it("the incumbent keeps its place when it is tied, even with fewer match wins", async () => {
      // Two candidates: bracket 0 goes to the incumbent, bracket 1 to the draft.
      const two = await tournament(field(2), rankingJudge((id, b) => (id === INCUMBENT ? b : 1 - b)), 2, 0);
      expect(two.votes).toEqual({ incumbent: 1, d0: 1 });
      expect(two.winner).toBe(INCUMBENT);
      expect(two.tieBreak).toMatch(/incumbent keeps its place/);

      // Four candidates: the incumbent wins bracket 0, d0 wins bracket 1 and is runner-up in bracket 0.
      const judge = () => rankingJudge((id, b) => (b === 0 ? ranked(INCUMBENT, "d0", "d1", "d2") : ranked("d0", "d1", "d2", INCUMBENT))(id));
      let d0AheadOnWins = 0;
      for (const seed of SEEDS) {
        const result = await tournament(field(4), judge(), 2, seed);
        expect(result.votes).toMatchObject({ incumbent: 1, d0: 1 });
        expect(result.winner).toBe(INCUMBENT);
        const wins = matchWins(result);
        if ((wins.d0 ?? 0) > (wins.incumbent ?? 0)) d0AheadOnWins += 1;
      }
      expect(d0AheadOnWins, "some seed must put d0 ahead on match wins").toBeGreaterThan(0);
    });

    it("between drafts, the one with more match wins takes it; on equal wins, the earlier draft", async () => {
      // Bracket 0: d1 first, d2 second. Bracket 1: d2 first, d1 last. The incumbent never wins a bracket.
      // d1 always has 2 match wins; d2 has 2, or 3 when it did not meet d1 in bracket 0's first round.
      const judge = () => rankingJudge((id, b) => (b === 0 ? ranked("d1", "d2", "d0", INCUMBENT) : ranked("d2", "d0", INCUMBENT, "d1"))(id));
      const outcomes = new Set<string>();
      for (const seed of SEEDS) {
        const result = await tournament(field(4), judge(), 2, seed);
        expect(result.votes).toEqual({ incumbent: 0, d0: 0, d1: 1, d2: 1 });
        const wins = matchWins(result);
        if (wins.d2! > wins.d1!) {
          expect(result.winner).toBe("d2");
          expect(result.tieBreak).toMatch(/d2 has the most match wins \(3\)/);
          outcomes.add("more wins");
        } else {
          expect(wins.d2).toBe(wins.d1);
          expect(result.winner).toBe("d1");
          outcomes.add("earlier draft");
        }
      }
      expect([...outcomes].sort(), "the seeds must exercise both rules").toEqual(["earlier draft", "more wins"]);
    });

    it("equal votes and equal match wins go to the earlier draft, whichever bracket came first", async () => {
      const drafts = field(3).slice(1); // d0, d1: no incumbent in the field
      const result = await tournament(drafts, rankingJudge((id, b) => (id === "d1" ? b : 1 - b)), 2, 4);
      expect(result.matches.map((m) => m.winner)).toEqual(["d1", "d0"]);
      expect(result.winner).toBe("d0");
      expect(result.tieBreak).toMatch(/tied on 1 votes and 1 match wins: the earlier draft, d0, wins/);
    });
  });
});

// ---------------------------------------------------------------------------------------
// Metric judge
// ---------------------------------------------------------------------------------------

describe("metric judge", () => {
  const candidate = (id: string, pngs: Buffer[]): Candidate => ({ id, program: "", pngs });

  it("picks the candidate closer in colour to the goal, on either side", async () => {
    const goal: Goal = { images: [await solidPng([255, 0, 0])], views: ["front"] };
    const near = candidate("d0", [await solidPng([200, 30, 30])]);
    const far = candidate("d1", [await solidPng([0, 0, 255])]);
    const judge = new MetricJudge();
    const match = { key: "k", goal, start: far };
    expect(await judge.compare({ ...match, left: near, right: far })).toMatchObject({ choice: "left", queries: 1 });
    expect(await judge.compare({ ...match, left: far, right: near })).toMatchObject({ choice: "right", queries: 1 });
    // PL of (200,30,30) against red: ((55² + 30² + 30²) / 255²) / 3.
    expect(await judge.score(near, goal)).toBeCloseTo((55 ** 2 + 30 ** 2 + 30 ** 2) / 255 ** 2 / 3, 10);
  });

  it("averages over views: closer on average wins even when farther in one view", async () => {
    const [black, white, grey] = await Promise.all([solidPng([0, 0, 0]), solidPng([255, 255, 255]), solidPng([128, 128, 128])]);
    const goal: Goal = { images: [black, black], views: ["a", "b"] };
    const oneOff = candidate("d0", [black, white]); // PL 0.5
    const bothGrey = candidate("d1", [grey, grey]); // PL ≈ 0.25
    const verdict = await new MetricJudge().compare({ key: "k", goal, start: oneOff, left: oneOff, right: bothGrey });
    expect(verdict.choice).toBe("right");
  });

  it("identical scores give no choice (the tournament's rule decides)", async () => {
    const goal: Goal = { images: [await solidPng([0, 255, 0])], views: ["front"] };
    const a = candidate("d0", [await solidPng([10, 20, 30])]);
    const b = candidate("d1", [await solidPng([10, 20, 30])]);
    expect((await new MetricJudge().compare({ key: "k", goal, start: a, left: a, right: b })).choice).toBeNull();
  });

  it("in a tournament, the candidate nearest the goal wins", async () => {
    const goal: Goal = { images: [await solidPng([40, 120, 200])], views: ["front"] };
    const colours: [number, number, number][] = [[0, 0, 0], [255, 255, 255], [50, 110, 190], [200, 120, 40]];
    const candidates = await Promise.all(colours.map(async (c, i) => candidate(i === 0 ? INCUMBENT : `d${i - 1}`, [await solidPng(c)])));
    const result = await runTournament({ candidates, start: candidates[0]!, goal, judge: new MetricJudge(), brackets: 2, rng: new Rng(3), keyPrefix: "i1" });
    expect(result.winner).toBe("d1");
    expect(result.queries).toBe(2 * bracketCost(4));
  });

  it("with noise it errs sometimes, repeatably per match, and more brackets' votes err less", async () => {
    const goal: Goal = { images: [await solidPng([100, 100, 100])], views: ["front"] };
    const better = candidate(INCUMBENT, [await solidPng([110, 100, 100])]); // PL ∝ 100
    const worse = candidate("d0", [await solidPng([112, 100, 100])]); // PL ∝ 144
    const judge = new MetricJudge(0.4, 7);
    const keys = Array.from({ length: 300 }, (_, i) => `i1/b${i}`);
    const right = await Promise.all(keys.map(async (key) => (await judge.compare({ key, goal, start: better, left: better, right: worse })).choice === "left"));
    const single = right.filter(Boolean).length / keys.length;
    expect(single).toBeGreaterThan(0.55);
    expect(single).toBeLessThan(0.95);
    const again = await judge.compare({ key: keys[0]!, goal, start: better, left: better, right: worse });
    expect(again.choice === "left").toBe(right[0]); // the same match key draws the same noise
    let votedRight = 0;
    for (let seed = 0; seed < 60; seed++) {
      const result = await runTournament({ candidates: [better, worse], start: better, goal, judge: new MetricJudge(0.4, seed), brackets: 9, rng: new Rng(seed), keyPrefix: `s${seed}` });
      if (result.winner === INCUMBENT) votedRight += 1;
    }
    expect(votedRight / 60).toBeGreaterThan(single);
  });

  it("a text-only goal is refused with a clear error", async () => {
    const a = candidate("d0", [await solidPng([0, 0, 0])]);
    await expect(new MetricJudge().compare({ key: "k", goal: textGoal, start: a, left: a, right: a })).rejects.toThrow(/needs goal images.*text only/);
  });
});

// ---------------------------------------------------------------------------------------
// Before/After edits
// ---------------------------------------------------------------------------------------

describe("applyBeforeAfter", () => {
  const program = ["LIGHT_ENERGY = 100", "LIGHT_COLOR = (1.0, 0.9, 0.8)", "LIGHT_ENERGY = 100", "x = a.b"].join("\n");

  it("applies edits in order, each to the program the previous ones left", () => {
    const out = applyBeforeAfter("A = 1", [
      { before: "A = 1", after: "A = 2" },
      { before: "A = 2", after: "A = 3" },
    ]);
    expect(out).toEqual({ program: "A = 3", applied: 2, skipped: [] });
  });

  it("replaces only the first occurrence, by exact substring (no whitespace or case folding, no regex, no $ patterns)", () => {
    const out = applyBeforeAfter(program, [
      { before: "LIGHT_ENERGY = 100", after: "LIGHT_ENERGY = 250" },
      { before: "light_color", after: "nope" },
      { before: "LIGHT_COLOR  = (1.0", after: "nope" },
      { before: "a.b", after: "$&.c$1" },
    ]);
    expect(out.program).toBe(["LIGHT_ENERGY = 250", "LIGHT_COLOR = (1.0, 0.9, 0.8)", "LIGHT_ENERGY = 100", "x = $&.c$1"].join("\n"));
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

// ---------------------------------------------------------------------------------------
// Reply parsing
// ---------------------------------------------------------------------------------------

describe("reply parsing", () => {
  const brainstorm = (changes: number) => ({
    differences: "the chair is too far left",
    changes: Array.from({ length: changes }, (_, i) => ({ change: `move ${i}`, lines: [i + 1] })),
  });

  it("reads a ```json block even when the prose around it has braces", () => {
    const text = 'Sure {this is not json}.\n```json\n{"answer": "right", "reason": "closer"}\n```\nHope that helps {:)}';
    expect(extractJson(text)).toEqual({ answer: "right", reason: "closer" });
  });

  it("reads bare JSON surrounded by prose", () => {
    const text = `I compared them.\n${JSON.stringify(brainstorm(2))}\nThat is all.`;
    expect(parseReply(text, BrainstormReply)).toEqual({ ok: true, value: brainstorm(2) });
  });

  it("fills schema defaults", () => {
    expect(parseReply('The answer: {"answer": "left"}', VerdictReply)).toEqual({ ok: true, value: { answer: "left", reason: "" } });
  });

  it("invalid JSON and no JSON give a reason", () => {
    expect(() => extractJson('{"answer": left}')).toThrow(/JSON/);
    const bad = parseReply('{"answer": left}', VerdictReply);
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.reason).toMatch(/^reply is not JSON: /);
    const none = parseReply("left, definitely", VerdictReply);
    expect(!none.ok && none.reason).toBe("reply is not JSON: no JSON object found");
  });

  it("a schema mismatch gives a reason naming the field", () => {
    expect(parseReply(JSON.stringify(brainstorm(5)), BrainstormReply).ok).toBe(true);
    const tooMany = parseReply(JSON.stringify(brainstorm(6)), BrainstormReply);
    expect(!tooMany.ok && tooMany.reason).toMatch(/does not fit the format[\s\S]*<=5[\s\S]*at changes$/);

    const badLine = parseReply(JSON.stringify({ differences: "d", changes: [{ change: "c", lines: [0] }] }), BrainstormReply);
    expect(!badLine.ok && badLine.reason).toMatch(/changes\[0\]\.lines\[0\]/);

    const badAnswer = parseReply('{"answer": "both"}', VerdictReply);
    expect(!badAnswer.ok && badAnswer.reason).toMatch(/at answer/);

    const noEdits = parseReply('{"edits": []}', EditReply);
    expect(!noEdits.ok && noEdits.reason).toMatch(/at edits/);
  });

  it("EditReply accepts edits or a whole program", () => {
    expect(parseReply('{"edits": [{"before": "A = 1", "after": "A = 2"}]}', EditReply)).toEqual({ ok: true, value: { edits: [{ before: "A = 1", after: "A = 2" }] } });
    expect(parseReply('{"program": "A = 2\\n"}', EditReply)).toEqual({ ok: true, value: { program: "A = 2\n" } });
  });

  it("extracts a ```python or ```py block, and nothing else", () => {
    expect(extractPythonBlock("Here:\n```python\nA = 1\nB = 2\n```\nDone.")).toBe("A = 1\nB = 2\n");
    expect(extractPythonBlock("```py\nA = 3\n```")).toBe("A = 3\n");
    expect(extractPythonBlock('```json\n{"a": 1}\n```')).toBeUndefined();
    expect(extractPythonBlock("A = 1")).toBeUndefined();
  });
});

// ---------------------------------------------------------------------------------------
// Program parameters
// ---------------------------------------------------------------------------------------

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
      values({ "CHAIR_LOCATION[0]": -12.75, "CHAIR_LOCATION[1]": 0.4, "CHAIR_LOCATION[2]": 3.6, LEG_COUNT: 10, ROUGHNESS: 1 }),
    );
    expect(out).toBe(PROGRAM.replace("CHAIR_LOCATION = (1.5, -0.3, 2)", "CHAIR_LOCATION = (-12.75, 0.4, 4)").replace("LEG_COUNT = 4", "LEG_COUNT = 10").replace("ROUGHNESS = 0.25", "ROUGHNESS = 1.0"));
  });

  it("replaces a negative literal with its sign, and leaves unnamed keys alone", () => {
    const out = applyValues(PROGRAM, parameters, values({ "CHAIR_LOCATION[1]": -0.05, NOT_A_KEY: 9 }));
    expect(out).toBe(PROGRAM.replace("(1.5, -0.3, 2)", "(1.5, -0.05, 2)"));
  });

  it("the edited program reads back with the new values (checked by Python)", () => {
    const changed = values({ "CHAIR_LOCATION[0]": 0.125, "CHAIR_LOCATION[1]": 7, "CHAIR_LOCATION[2]": -1, ROUGHNESS: 0 });
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

// ---------------------------------------------------------------------------------------
// Parameter search
// ---------------------------------------------------------------------------------------

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
  const parametersAt = (v: Values): Parameter[] => findParameters(SPECS.map(([name, , kind], i) => constant(name, v.get(name)!, kind, i + 1)));
  const movedBy = (v: Values, p: Proposal): Values => new Map([...v, ...p.moves.map((m) => [m.key, m.to] as const)]);
  const BREADTH = 4;

  /** One iteration of the offline loop: propose, score, keep the best draft if it beats the incumbent, tell the search. */
  function iterate(search: ParameterSearch, values: Values, seed: number, iteration: number) {
    const proposals = search.propose(parametersAt(values), BREADTH, Rng.for(seed, iteration), (i) => `d${i}`);
    const incumbentScore = objective(values);
    const drafts = proposals.map((p, i) => ({ id: `d${i}`, values: movedBy(values, p), score: objective(movedBy(values, p)) }));
    const best = drafts.reduce<(typeof drafts)[number] | undefined>((b, d) => (d.score < (b?.score ?? incumbentScore) ? d : b), undefined);
    const feedback: IterationFeedback = {
      iteration,
      incumbentScore,
      drafts: drafts.map((d) => ({ id: d.id, outcome: d === best ? "won" : "lost", unchanged: d.score === incumbentScore, score: d.score })),
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
      for (const p of proposals) for (const m of p.moves) {
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
      expect(probes.map((p) => [p.reason, p.moves[0]!.to]).sort()).toEqual([["probe", -0.1], ["probe", 0.1]]);
      const scored = probes.map((p, i) => ({ id: `d${i}`, x: p.moves[0]!.to, score: f(p.moves[0]!.to) }));
      const best = scored.reduce((b, d) => (d.score < b.score ? d : b));
      const won = best.score < f(0) ? best : undefined;
      search.observe({ iteration: 1, incumbentScore: f(0), drafts: scored.map((d) => ({ id: d.id, outcome: d === won ? "won" : "lost", unchanged: false, score: d.score })) });
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

  it("saveState()/loadState() round-trips: a fresh search loaded with the state proposes what the original would", () => {
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

// ---------------------------------------------------------------------------------------
// Query budget
// ---------------------------------------------------------------------------------------

describe("QueryBudget with EpisodeConfig", () => {
  it("without a budget: breadth drafts and verifyK brackets, however much was used", () => {
    const budget = budgetOf({ breadth: 6, verifyK: 3 });
    budget.used.generation = 500;
    budget.used.verification = 500;
    expect(budget.draftsThatFit(2)).toBe(6);
    expect(budget.bracketsThatFit(7)).toBe(3);
    expect(budget.total).toBe(1000);
  });

  it("a budget with veriRatio splits it: budget 30, ratio 0.33 → 20 for generation, 10 for verification", () => {
    const budget = budgetOf({ breadth: 8, verifyK: 3, budget: 30, veriRatio: 0.33 });
    // Generation binds: 20 queries / 2 per draft = 10, breadth 8, verification 10 → 8.
    expect(budget.draftsThatFit(2)).toBe(8);
    // Brackets over 5 candidates cost 4 each: 10 / 4 → 2 (< verifyK 3).
    expect(budget.bracketsThatFit(5)).toBe(2);
    budget.used.generation = 16;
    expect(budget.draftsThatFit(2)).toBe(2); // (20 - 16) / 2
    budget.used.generation = 19;
    expect(budget.draftsThatFit(2)).toBe(0); // one query left cannot pay for a draft
  });

  it("drafts never exceed what a bracket can still verify", () => {
    const budget = budgetOf({ breadth: 8, budget: 30, veriRatio: 0.33 });
    budget.used.verification = 7; // 3 verification queries left: a bracket over 4 candidates
    expect(budget.draftsThatFit(1)).toBe(3);
    expect(budget.bracketsThatFit(4)).toBe(1);
  });

  it("a spent budget gives 0 drafts (either share)", () => {
    const genSpent = budgetOf({ budget: 30, veriRatio: 0.33 });
    genSpent.used.generation = 20;
    expect(genSpent.draftsThatFit(1)).toBe(0);
    const verSpent = budgetOf({ budget: 30, veriRatio: 0.33 });
    verSpent.used.verification = 10;
    expect(verSpent.draftsThatFit(1)).toBe(0);
    const pooled = budgetOf({ budget: 12 });
    pooled.used.generation = 8;
    pooled.used.verification = 4;
    expect(pooled.draftsThatFit(1)).toBe(0);
  });

  it("a pooled budget pays each draft and its match from one total", () => {
    const budget = budgetOf({ breadth: 8, verifyK: 4, budget: 20 });
    expect(budget.draftsThatFit(1)).toBe(8); // 20 / (1 + 1) = 10, capped by breadth
    expect(budget.draftsThatFit(3)).toBe(5); // 20 / (3 + 1)
    budget.used.generation = 10;
    budget.used.verification = 3;
    expect(budget.draftsThatFit(1)).toBe(3); // 7 / 2
    expect(budget.bracketsThatFit(4)).toBe(2); // 7 / 3
    budget.used.generation = 20;
    expect(budget.bracketsThatFit(4)).toBe(1); // nothing left, but a decision still needs one bracket
    expect(budget.bracketsThatFit(1)).toBe(4); // nothing to decide: costs nothing
  });

  it("an episode that spends as told never overspends (iterations traced by hand)", () => {
    /** Runs iterations of 2-query drafts until no draft fits; returns drafts and brackets per iteration. */
    const spend = (budget: QueryBudget) => {
      const trace: [number, number][] = [];
      for (let drafts = budget.draftsThatFit(2); drafts > 0; drafts = budget.draftsThatFit(2)) {
        budget.used.generation += drafts * 2; // drafts are paid before the verifier runs, as in Episode
        const brackets = budget.bracketsThatFit(drafts + 1, drafts * 2);
        budget.used.verification += brackets * bracketCost(drafts + 1);
        trace.push([drafts, brackets]);
      }
      return trace;
    };
    // Split 20/10, verification spread over the iterations generation can pay for:
    // 4 drafts (8), 12 left pays one more → 10/2 = 5 → 1 bracket of 4; 4 drafts (16), none
    // more → 6 → 1 bracket (not 2: 6/4); 2 drafts fit the 4 and 2 left → 1 bracket of 2.
    const split = budgetOf({ breadth: 4, verifyK: 2, budget: 30, veriRatio: 0.33 });
    expect(spend(split)).toEqual([[4, 1], [4, 1], [2, 1]]);
    expect(split.used).toEqual({ generation: 20, verification: 10 });
    // Pooled 47: 5 drafts (10) + 3 brackets of 5 (15); 5 drafts (10) + 2 brackets of 5 (10); 2 left < 3.
    const pooled = budgetOf({ breadth: 5, verifyK: 3, budget: 47 });
    expect(spend(pooled)).toEqual([[5, 3], [5, 2]]);
    expect(pooled.total).toBe(45);
  });

  it("EpisodeConfig rejects veriRatio without a budget, naming veriRatio", () => {
    const parsed = EpisodeConfig.safeParse({ veriRatio: 0.3 });
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues).toEqual([expect.objectContaining({ path: ["veriRatio"], message: expect.stringMatching(/veriRatio/) })]);
    expect(() => EpisodeConfig.parse({ veriRatio: 0.3 })).toThrow(/veriRatio/);
    expect(EpisodeConfig.parse({ budget: 10, veriRatio: 0.3 })).toMatchObject({ budget: 10, veriRatio: 0.3, breadth: 4, verifyK: 1 });
  });
});
