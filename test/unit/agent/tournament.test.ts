import { describe, expect, it } from "vitest";
import { INCUMBENT } from "../../../sidecar/src/agent/candidate.js";
import { bracketCost, runTournament } from "../../../sidecar/src/agent/verifier/tournament.js";
import { Rng } from "../../../sidecar/src/rng.js";
import { field, matchWins, ranked, rankingJudge, scriptedJudge, textGoal, tournament } from "../helpers/candidates.js";

const SEEDS = Array.from({ length: 20 }, (_, i) => i);

describe("tournament (runTournament, bracketCost)", () => {
  const bracketShape =
    "a bracket over n candidates makes n−1 matches, costs n−1 queries, and eliminates each loser exactly once";
  it(bracketShape, async () => {
    for (let n = 2; n <= 9; n++) {
      for (const seed of [0, 1, 2]) {
        const judge = rankingJudge(
          ranked(
            ...field(n)
              .map((c) => c.id)
              .reverse(),
          ),
        );
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
        expect(losers.sort()).toEqual(
          field(n)
            .map((c) => c.id)
            .filter((id) => id !== result.winner)
            .sort(),
        );
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

  const shufflesSides =
    "shuffles left/right sides and pairings: a candidate appears on both sides and meets different opponents";
  it(shufflesSides, async () => {
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
      leftCameFrom.add(
        result.matches
          .find((m) => m.round === 0 && m.winner === final.left)!
          .key.split("/")
          .at(-1)!,
      );
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
      const result = await tournament(
        field(6),
        scriptedJudge(() => null),
        2,
        seed,
      );
      const order = field(6).map((c) => c.id);
      expect(result.matches).toHaveLength(2 * bracketCost(6));
      for (const m of result.matches)
        expect(m.winner).toBe(order.indexOf(m.left) < order.indexOf(m.right) ? m.left : m.right);
      expect(result.winner).toBe(INCUMBENT);
      expect(result.votes[INCUMBENT]).toBe(2);
    }
    // Canonical order is the order given, not the ids: without an incumbent the first draft wins.
    const drafts = field(4).slice(1).reverse(); // d2, d1, d0
    const result = await tournament(
      drafts,
      scriptedJudge(() => null),
      1,
      5,
    );
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
      const two = await tournament(
        field(2),
        rankingJudge((id, b) => (id === INCUMBENT ? b : 1 - b)),
        2,
        0,
      );
      expect(two.votes).toEqual({ incumbent: 1, d0: 1 });
      expect(two.winner).toBe(INCUMBENT);
      expect(two.tieBreak).toMatch(/incumbent keeps its place/);

      // Four candidates: the incumbent wins bracket 0, d0 wins bracket 1 and is runner-up in bracket 0.
      const judge = () =>
        rankingJudge((id, b) =>
          (b === 0 ? ranked(INCUMBENT, "d0", "d1", "d2") : ranked("d0", "d1", "d2", INCUMBENT))(id),
        );
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
      const judge = () =>
        rankingJudge((id, b) =>
          (b === 0 ? ranked("d1", "d2", "d0", INCUMBENT) : ranked("d2", "d0", INCUMBENT, "d1"))(id),
        );
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
      const result = await tournament(
        drafts,
        rankingJudge((id, b) => (id === "d1" ? b : 1 - b)),
        2,
        4,
      );
      expect(result.matches.map((m) => m.winner)).toEqual(["d1", "d0"]);
      expect(result.winner).toBe("d0");
      expect(result.tieBreak).toMatch(/tied on 1 votes and 1 match wins: the earlier draft, d0, wins/);
    });
  });
});
