/**
 * A small seeded generator (mulberry32): every random choice of an episode (draft
 * perturbations, bracket order, left/right sides) derives from the episode's seed, so a
 * rerun or a replay makes the same choices.
 */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A generator for one part of one iteration, independent of how much others drew. */
  static for(seed: number, ...path: (string | number)[]): Rng {
    let h = seed >>> 0;
    for (const ch of path.join("/")) h = Math.imul(h ^ ch.charCodeAt(0), 0x9e3779b1) >>> 0;
    return new Rng(h);
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  shuffle<T>(items: readonly T[]): T[] {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      [out[i], out[j]] = [out[j]!, out[i]!];
    }
    return out;
  }
}
