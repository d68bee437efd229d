import { mkdirSync } from "node:fs";
import path from "node:path";

const REPO = path.resolve(import.meta.dirname, "..", "..");

/**
 * The folder (made if missing) for what tests leave to be looked at: test-output/ (not in
 * git), or the one BLENDER_AGENT_TEST_OUTPUT names, which `npm run test:versions` sets per
 * Blender version so one version's screenshots do not overwrite another's.
 */
export function testOutput(...parts: string[]): string {
  const dir = path.resolve(REPO, process.env.BLENDER_AGENT_TEST_OUTPUT ?? "test-output", ...parts);
  mkdirSync(dir, { recursive: true });
  return dir;
}
