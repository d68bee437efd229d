import { z } from "zod";
import type { ObjectVisibility } from "../../../../protocol/src/index.js";
import type { Move } from "./parameter-search.js";

/**
 * Which objects each number changes (their world box: moved, turned, scaled, reshaped),
 * learnt from screened drafts that moved that number alone. With the aim, the numbers that
 * change only objects the goal shows unchanged, and that stand as they did at the start,
 * are probed last: in kitchen-fruit-in-bowl the kettle's, toaster's and knife block's
 * numbers took most probes of the episode's second half while the apple stood 4 cm off.
 */
export const SavedTouches = z.record(z.string(), z.array(z.string()));
export type SavedTouches = z.infer<typeof SavedTouches>;

export class TouchedObjects {
  private readonly touched = new Map<string, Set<string>>();

  static load(saved: SavedTouches): TouchedObjects {
    const loaded = new TouchedObjects();
    for (const [key, objects] of Object.entries(saved)) loaded.touched.set(key, new Set(objects));
    return loaded;
  }

  save(): SavedTouches {
    return Object.fromEntries([...this.touched].map(([key, objects]) => [key, [...objects]]));
  }

  /** Learn from a screened draft: `before` is the incumbent's visibility, `after` the draft's. */
  learn(moves: readonly Move[], before: ObjectVisibility, after: ObjectVisibility): void {
    if (moves.length !== 1) return;
    const key = moves[0]!.key;
    const objects = this.touched.get(key) ?? new Set<string>();
    for (const [name, was] of Object.entries(before)) {
      const now = after[name];
      if (!now || boxChanged(was.box, now.box)) objects.add(name);
    }
    this.touched.set(key, objects);
  }

  /** The numbers known to change some object, and only objects of `objects`. */
  onlyAmong(objects: ReadonlySet<string>): Set<string> {
    const keys = [...this.touched].filter(
      ([, touched]) => touched.size > 0 && [...touched].every((o) => objects.has(o)),
    );
    return new Set(keys.map(([key]) => key));
  }
}

/** Whether an object's world box differs between two reports (beyond their rounding). */
export function boxChanged(before: readonly number[], after: readonly number[]): boolean {
  return before.some((v, i) => Math.abs(v - after[i]!) > 1e-6);
}
