import { execFileSync } from "node:child_process";
import { findBlender } from "../../sidecar/src/pool/blender-binary.js";

let known: [number, number] | undefined;

/** The [major, minor] of the Blender the tests run (BLENDER, else `blender` on PATH), asked once. */
export function blenderVersion(): [number, number] {
  if (known) return known;
  const out = execFileSync(findBlender(), ["--version"], { encoding: "utf8" });
  const m = /^Blender (\d+)\.(\d+)/m.exec(out);
  if (!m) throw new Error(`cannot read a version from \`blender --version\`: ${out.slice(0, 200)}`);
  known = [Number(m[1]), Number(m[2])];
  return known;
}

/** Whether the tests' Blender is at least major.minor. */
export function blenderAtLeast(major: number, minor: number): boolean {
  const [a, b] = blenderVersion();
  return a > major || (a === major && b >= minor);
}
