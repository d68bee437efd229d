import { createHash } from "node:crypto";

/**
 * Programs that ran cleanly in a worker of this sidecar run, by hash. The artist's Blender
 * runs nothing else: BlenderClient refuses `program.run` on a live Blender for a program
 * not here, whatever path it came by (an episode's accepted edit, a resumed record, the
 * panel, an MCP client), so every program meets the sandbox before the artist's scene.
 * Kept per process on purpose: a record from another run proves nothing.
 */
const previewed = new Set<string>();

const hash = (code: string) => createHash("sha256").update(code).digest("hex");

/** Called by the pool when a worker ran `code` (and rendered, for worker.evaluate) without error. */
export function markPreviewed(code: string): void {
  previewed.add(hash(code));
}

export function wasPreviewed(code: string): boolean {
  return previewed.has(hash(code));
}
