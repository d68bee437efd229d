import { describe, expect, it } from "vitest";
import type { ObjectVisibility } from "../../../protocol/src/index.js";
import { TouchedObjects } from "../../../sidecar/src/agent/generator/touched-objects.js";

/** A kitchen with the mug at `mugX` and the kettle turned by `kettleTurn` (its box widening). */
function kitchen(mugX: number, kettleTurn = 0): ObjectVisibility {
  const box = (x: number, grow = 0) => [x - 0.1 - grow, -0.1 - grow, 0.9, x + 0.1 + grow, 0.1 + grow, 1.1];
  return {
    Mug: { seen: 1, box: box(mugX) },
    Kettle: { seen: 1, box: box(0.5, kettleTurn * 0.01) },
    Toaster: { seen: 1, box: box(-0.5) },
  };
}

describe("touched objects: which objects each number changes", () => {
  it("learns from single-number drafts which boxes changed, and names the numbers changing only given objects", () => {
    const touches = new TouchedObjects();
    touches.learn([{ key: "MUG_X", from: 0, to: 0.1 }], kitchen(0), kitchen(0.1));
    touches.learn([{ key: "KETTLE_TURN", from: 0, to: 15 }], kitchen(0), kitchen(0, 15));
    touches.learn([{ key: "LAMP_POWER", from: 10, to: 20 }], kitchen(0), kitchen(0));
    // Two numbers at once: not told apart, so not learnt.
    touches.learn(
      [
        { key: "TOASTER_X", from: 0, to: 1 },
        { key: "MUG_X", from: 0, to: 0.1 },
      ],
      kitchen(0),
      kitchen(0.1, 15),
    );
    expect(touches.onlyAmong(new Set(["Kettle", "Toaster"]))).toEqual(new Set(["KETTLE_TURN"]));
    expect(touches.onlyAmong(new Set(["Mug", "Kettle"]))).toEqual(new Set(["MUG_X", "KETTLE_TURN"]));
    // A number that changed nothing (a lamp's power) is not known to leave only still objects alone.
    expect(touches.onlyAmong(new Set(["Mug", "Kettle", "Toaster"])).has("LAMP_POWER")).toBe(false);
    // A resumed episode knows as much.
    expect(TouchedObjects.load(touches.save()).onlyAmong(new Set(["Kettle"]))).toEqual(new Set(["KETTLE_TURN"]));
  });

  it("counts an object a draft made vanish as changed", () => {
    const touches = new TouchedObjects();
    const { Mug: _gone, ...rest } = kitchen(0);
    touches.learn([{ key: "MUG_SCALE", from: 1, to: 0 }], kitchen(0), rest);
    expect(touches.onlyAmong(new Set(["Mug"]))).toEqual(new Set(["MUG_SCALE"]));
  });
});
