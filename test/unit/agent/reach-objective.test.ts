import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { levelWeights, objectiveOf, ReachObjective } from "../../../sidecar/src/agent/generator/reach-objective.js";
import { photometricLoss } from "../../../sidecar/src/metrics/photometric.js";

const SIZE = 256;
const SQUARE = 20;

/** A grey frame with a white square whose left edge is at `x` (and a fixed dark bar, as a scene has other things). */
function frame(x: number): Promise<Buffer> {
  const data = Buffer.alloc(SIZE * SIZE * 3, 90);
  const fill = (x0: number, y0: number, w: number, h: number, v: number) => {
    for (let y = y0; y < y0 + h; y++)
      for (let i = x0; i < x0 + w; i++) data.fill(v, (y * SIZE + i) * 3, (y * SIZE + i) * 3 + 3);
  };
  fill(0, 200, SIZE, 30, 20);
  fill(x, 100, SQUARE, SQUARE, 250);
  return sharp(data, { raw: { width: SIZE, height: SIZE, channels: 3 } })
    .png()
    .toBuffer();
}

describe("the offline search's objective with reach", () => {
  const GOAL_X = 220;
  const POSITIONS = [0, 30, 60, 90, 120, 150, 180]; // none overlaps the goal's square (220..240)

  it("a shifted object gives a signal at any distance within the frame, where PL gives none", async () => {
    const goal = await frame(GOAL_X);
    const objective = new ReachObjective([goal]);
    const rows = [];
    for (const x of POSITIONS) {
      const png = await frame(x);
      rows.push({ x, pl: await photometricLoss(png, goal), levels: await objective.levels(`x${x}`, [png]) });
    }
    // PL is the same wherever the square stands off its goal place: no way to tell which way to go.
    expect(new Set(rows.map((r) => r.pl.toPrecision(6))).size).toBe(1);
    // The coarsest level falls with every step toward the goal, and early in an episode the
    // objective judges every such step better than standing still (below 1, the incumbent's score).
    for (let i = 1; i < rows.length; i++) {
      expect(rows[i]!.levels.at(-1)!).toBeLessThan(rows[i - 1]!.levels.at(-1)!);
      expect(objectiveOf(rows[i]!.levels, rows[i - 1]!.levels, 0)).toBeLessThan(1);
    }
    // On the goal itself every level is zero.
    expect(await objective.levels("goal", [goal])).toEqual([0, 0, 0, 0]);
  });

  it("moves its weight from the coarsest level to PL as the episode goes, always keeping a quarter on PL", () => {
    const early = levelWeights(4, 0);
    const late = levelWeights(4, 1);
    for (const w of [early, late, levelWeights(4, 0.5)]) expect(w.reduce((s, x) => s + x, 0)).toBeCloseTo(1, 12);
    expect(early[3]).toBeGreaterThan(early[1]!);
    expect(early[0]).toBeGreaterThanOrEqual(0.25);
    expect(late[0]).toBeGreaterThan(0.7);
    expect(late[3]).toBeLessThan(0.01);
  });
});
