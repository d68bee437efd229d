import { createHash } from "node:crypto";
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { EVENTS_FILE } from "../agent/record/episode-record.js";

/** A benchmark output folder: `npm run bench -- run|scaling --out DIR` wrote it. */
export interface BenchFolder {
  benchId: string;
  name: string;
  dir: string;
}

/** How deep under the runs folder a bench folder is looked for, and under a bench its records. */
const BENCH_DEPTH = 2;
const RECORD_DEPTH = 4;

/** Whether `dir` is a bench's output: it has a summary.md or a scaling.png. */
export const isBench = (dir: string) =>
  existsSync(path.join(dir, "summary.md")) || existsSync(path.join(dir, "scaling.png"));

function subfolders(dir: string): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isDirectory() && !e.isSymbolicLink())
      .map((e) => path.join(dir, e.name));
  } catch {
    return [];
  }
}

/** A stable id for a folder, fit for the protocol's episode-id pattern (no paths on the wire). */
export function folderId(prefix: string, dir: string): string {
  return `${prefix}-${createHash("sha256").update(path.resolve(dir)).digest("hex").slice(0, 16)}`;
}

/**
 * The bench folders under `runsDir` (to depth 2; a scaling study's runs inside it are its
 * own), and `extra` ones named by the user; newest names first.
 */
export function findBenches(runsDir: string, extra: readonly string[] = []): BenchFolder[] {
  const found: BenchFolder[] = [];
  const walk = (dir: string, depth: number) => {
    for (const sub of subfolders(dir)) {
      if (existsSync(path.join(sub, EVENTS_FILE))) continue; // an episode record
      if (isBench(sub)) found.push({ benchId: folderId("bench", sub), name: path.relative(runsDir, sub), dir: sub });
      else if (depth > 1) walk(sub, depth - 1);
    }
  };
  walk(runsDir, BENCH_DEPTH);
  for (const dir of extra)
    if (isBench(dir)) found.push({ benchId: folderId("bench", dir), name: path.basename(path.resolve(dir)), dir });
  return found.sort((a, b) => b.name.localeCompare(a.name));
}

/** The episode records inside a bench folder (its `episodes/<config>/<task>/`, a scaling study's too). */
export function benchRecords(benchDir: string): { dir: string; name: string }[] {
  const records: { dir: string; name: string }[] = [];
  const walk = (dir: string, depth: number) => {
    for (const sub of subfolders(dir)) {
      if (existsSync(path.join(sub, EVENTS_FILE))) records.push({ dir: sub, name: path.relative(benchDir, sub) });
      else if (depth > 1) walk(sub, depth - 1);
    }
  };
  walk(benchDir, RECORD_DEPTH);
  return records.sort((a, b) => a.name.localeCompare(b.name));
}
