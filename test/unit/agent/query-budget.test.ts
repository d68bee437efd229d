import { describe, expect, it } from "vitest";
import { EpisodeConfig, type EpisodeConfigInput } from "../../../sidecar/src/agent/episode-config.js";
import { QueryBudget } from "../../../sidecar/src/agent/query-budget.js";
import { bracketCost } from "../../../sidecar/src/agent/verifier/tournament.js";

const budgetOf = (input: EpisodeConfigInput) => new QueryBudget(EpisodeConfig.parse(input));

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
    expect(spend(split)).toEqual([
      [4, 1],
      [4, 1],
      [2, 1],
    ]);
    expect(split.used).toEqual({ generation: 20, verification: 10 });
    // Pooled 47: 5 drafts (10) + 3 brackets of 5 (15); 5 drafts (10) + 2 brackets of 5 (10); 2 left < 3.
    const pooled = budgetOf({ breadth: 5, verifyK: 3, budget: 47 });
    expect(spend(pooled)).toEqual([
      [5, 3],
      [5, 2],
    ]);
    expect(pooled.total).toBe(45);
  });

  it("EpisodeConfig rejects veriRatio without a budget, naming veriRatio", () => {
    const parsed = EpisodeConfig.safeParse({ veriRatio: 0.3 });
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues).toEqual([
      expect.objectContaining({ path: ["veriRatio"], message: expect.stringMatching(/veriRatio/) }),
    ]);
    expect(() => EpisodeConfig.parse({ veriRatio: 0.3 })).toThrow(/veriRatio/);
    expect(EpisodeConfig.parse({ budget: 10, veriRatio: 0.3 })).toMatchObject({
      budget: 10,
      veriRatio: 0.3,
      breadth: 4,
      verifyK: 1,
    });
  });
});
