import { describe, expect, it } from "vitest";
import {
  aimedObjective,
  changedPixels,
  maskedPixels,
  matchShift,
} from "../../../sidecar/src/agent/generator/object-aim.js";

const SIZE = 32;
type Rgb = readonly [number, number, number];

/** A SIZE×SIZE image of `background` with squares of colour drawn at (x, y), `side` wide. */
function image(background: Rgb, squares: { x: number; y: number; side: number; colour: Rgb }[]) {
  const data = new Float32Array(SIZE * SIZE * 3);
  for (let i = 0; i < SIZE * SIZE; i++) data.set(background, i * 3);
  for (const { x, y, side, colour } of squares)
    for (let yy = y; yy < y + side; yy++) for (let xx = x; xx < x + side; xx++) data.set(colour, (yy * SIZE + xx) * 3);
  return { width: SIZE, height: SIZE, data };
}

const GREY: Rgb = [0.5, 0.5, 0.5];
const RED: Rgb = [0.9, 0.1, 0.1];
const BLUE: Rgb = [0.1, 0.2, 0.9];

describe("the aim: where an object of the start stands in the goal", () => {
  const red = { side: 4, colour: RED };
  const start = image(GREY, [{ x: 3, y: 5, ...red }]);
  const mask = maskedPixels(start, image(GREY, []));
  /** The shift from the start to `goal`, where the goal differs from `before` (the start unless told). */
  const shiftTo = (goal: ReturnType<typeof image>, before = start) =>
    matchShift(mask, goal, changedPixels(goal, before));

  it("masks just the object's pixels: where the start differs from the start without it", () => {
    expect(mask.xs).toHaveLength(16);
    expect(Math.min(...mask.xs)).toBe(3);
    expect(Math.max(...mask.ys)).toBe(8);
  });

  it("finds the shift to where the goal shows it, from across the frame", () => {
    const goal = image(GREY, [
      { x: 25, y: 20, ...red },
      { x: 10, y: 24, side: 5, colour: BLUE },
    ]);
    expect(shiftTo(goal)).toEqual({ dx: 22, dy: 15 });
  });

  it("stays where it is when the goal shows it there", () => {
    expect(shiftTo(image(GREY, [{ x: 3, y: 5, ...red }]))).toEqual({ dx: 0, dy: 0 });
  });

  it("keeps an object a pixel from where it stands where it stands (screening and goal renders differ so)", () => {
    expect(shiftTo(image(GREY, [{ x: 4, y: 5, ...red }]))).toEqual({ dx: 0, dy: 0 });
    expect(shiftTo(image(GREY, [{ x: 5, y: 5, ...red }]))).toEqual({ dx: 2, dy: 0 });
  });

  it("gives no place when two look-alikes tie, or the goal does not show it at all", () => {
    const twins = image(GREY, [
      { x: 20, y: 3, ...red },
      { x: 8, y: 22, ...red },
    ]);
    expect(shiftTo(twins)).toBeUndefined();
    expect(shiftTo(image(GREY, []))).toBeUndefined();
  });

  it("does not take a look-alike that stands still in the start and the goal for the object that moved", () => {
    const twin = { x: 20, y: 3, ...red };
    const before = image(GREY, [{ x: 3, y: 5, ...red }, twin]);
    const goal = image(GREY, [twin, { x: 8, y: 22, ...red }]);
    expect(shiftTo(goal, before)).toEqual({ dx: 5, dy: 17 });
    // Where nothing tells the two apart (the goal alone), they tie.
    expect(shiftTo(goal, image(GREY, []))).toBeUndefined();
  });

  it("scores the incumbent 1, and a draft nearer its places below 1 even where PL is flat", () => {
    expect(aimedObjective(1, 0.3, 0.3)).toBeCloseTo(1, 12);
    expect(aimedObjective(1, 0.1, 0.3)).toBeLessThan(1);
    expect(aimedObjective(1, 0.5, 0.3)).toBeGreaterThan(1);
    // At its place already (distance 0), a move away costs more than a little reach gains.
    expect(aimedObjective(0.95, 0.05, 0)).toBeGreaterThan(1);
  });
});
