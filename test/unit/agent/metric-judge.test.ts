import { describe, expect, it } from "vitest";
import { type Candidate, type Goal, INCUMBENT } from "../../../sidecar/src/agent/candidate.js";
import { GoalScorer } from "../../../sidecar/src/agent/goal-scorer.js";
import { MetricJudge } from "../../../sidecar/src/agent/verifier/metric-judge.js";
import { bracketCost, runTournament } from "../../../sidecar/src/agent/verifier/tournament.js";
import { Rng } from "../../../sidecar/src/rng.js";
import { solidPng, textGoal } from "../helpers/candidates.js";

describe("metric judge", () => {
  // Each candidate its own program: scores are kept per program (renders are deterministic).
  const candidate = (id: string, pngs: Buffer[]): Candidate => ({ id, program: `# program of ${id}`, pngs });

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
    const [black, white, grey] = await Promise.all([
      solidPng([0, 0, 0]),
      solidPng([255, 255, 255]),
      solidPng([128, 128, 128]),
    ]);
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
    const colours: [number, number, number][] = [
      [0, 0, 0],
      [255, 255, 255],
      [50, 110, 190],
      [200, 120, 40],
    ];
    const candidates = await Promise.all(
      colours.map(async (c, i) => candidate(i === 0 ? INCUMBENT : `d${i - 1}`, [await solidPng(c)])),
    );
    const result = await runTournament({
      candidates,
      start: candidates[0]!,
      goal,
      judge: new MetricJudge(),
      brackets: 2,
      rng: new Rng(3),
      keyPrefix: "i1",
    });
    expect(result.winner).toBe("d1");
    expect(result.queries).toBe(2 * bracketCost(4));
  });

  it("with noise it errs sometimes, repeatably per match, and more brackets' votes err less", async () => {
    const goal: Goal = { images: [await solidPng([100, 100, 100])], views: ["front"] };
    const better = candidate(INCUMBENT, [await solidPng([110, 100, 100])]); // PL ∝ 100
    const worse = candidate("d0", [await solidPng([112, 100, 100])]); // PL ∝ 144
    const judge = new MetricJudge(0.4, 7);
    const keys = Array.from({ length: 300 }, (_, i) => `i1/b${i}`);
    const right = await Promise.all(
      keys.map(
        async (key) =>
          (await judge.compare({ key, goal, start: better, left: better, right: worse })).choice === "left",
      ),
    );
    const single = right.filter(Boolean).length / keys.length;
    expect(single).toBeGreaterThan(0.55);
    expect(single).toBeLessThan(0.95);
    const again = await judge.compare({ key: keys[0]!, goal, start: better, left: better, right: worse });
    expect(again.choice === "left").toBe(right[0]); // the same match key draws the same noise
    let votedRight = 0;
    for (let seed = 0; seed < 60; seed++) {
      const result = await runTournament({
        candidates: [better, worse],
        start: better,
        goal,
        judge: new MetricJudge(0.4, seed),
        brackets: 9,
        rng: new Rng(seed),
        keyPrefix: `s${seed}`,
      });
      if (result.winner === INCUMBENT) votedRight += 1;
    }
    expect(votedRight / 60).toBeGreaterThan(single);
  });

  it("a program is scored once: the draft that becomes the incumbent keeps its score", async () => {
    const goal: Goal = { images: [await solidPng([0, 0, 0])], views: ["front"] };
    const scorer = new GoalScorer();
    const draft: Candidate = { id: "d2", program: "X = 1\n", pngs: [await solidPng([255, 255, 255])] };
    const first = await scorer.score(draft, goal);
    expect(first).toBeCloseTo(1, 10);
    // The same program as the incumbent: no second decode (its pngs here would score 0).
    const incumbent: Candidate = { id: INCUMBENT, program: "X = 1\n", pngs: [await solidPng([0, 0, 0])] };
    expect(scorer.scoreOf(incumbent)).toBe(first);
    expect(await scorer.score(incumbent, goal)).toBe(first);
  });

  it("a text-only goal is refused with a clear error", async () => {
    const a = candidate("d0", [await solidPng([0, 0, 0])]);
    await expect(new MetricJudge().compare({ key: "k", goal: textGoal, start: a, left: a, right: a })).rejects.toThrow(
      /needs goal images.*text only/,
    );
  });
});
