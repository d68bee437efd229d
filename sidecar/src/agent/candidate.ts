/** What an episode aims at: goal renders (one per view), a text instruction, or both. */
export interface Goal {
  images?: Buffer[];
  instruction?: string;
  /** View names, in the order of every image list. */
  views: string[];
}

/** A program with its renders: the incumbent (the current state) or a draft. */
export interface Candidate {
  /** "incumbent" or "d<n>" (the n-th draft of the iteration). */
  id: string;
  program: string;
  pngs: Buffer[];
}

export const INCUMBENT = "incumbent";
