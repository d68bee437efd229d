import { appendFileSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { Category } from "../tasks/task-schema.js";

/**
 * A metric for the start, the verifier's final pick ("selected") and the best executable candidate
 * ("best", an oracle).
 */
const Triple = z.object({ start: z.number().nullable(), selected: z.number().nullable(), best: z.number().nullable() });
export type Triple = z.infer<typeof Triple>;

/** No value for any of the three. */
export const NONE: Triple = { start: null, selected: null, best: null };

/** Why a metric has no number (e.g. "no CLIP model: ..."), by metric name. */
const Unavailable = z.record(z.string(), z.string());

/** One line of results.jsonl: one task under one configuration. */
export const ResultRow = z.object({
  task: z.string(),
  category: Category,
  difficulty: z.enum(["easy", "medium", "hard"]),
  /** Names the configuration (provider, model, tree, verifier, budget) so tables can have a row per configuration. */
  config: z.string(),
  /**
   * "ok": the episode ran to its end; "failed": it could not (the reason says why);
   * a row is never written for a crash.
   */
  status: z.enum(["ok", "failed"]),
  failure: z.string().optional(),
  /** The episode never produced a program that rendered (BlenderGym's "no working program"). */
  noWorkingProgram: z.boolean(),
  /** By metric key (metrics/registry.ts); rows written before a metric was added lack it. */
  metrics: z.record(z.string(), Triple),
  unavailable: Unavailable,
  iterations: z.number().int(),
  queries: z.object({ generation: z.number().int(), verification: z.number().int() }),
  tokens: z.object({ input: z.number().int(), output: z.number().int() }),
  costUsd: z.number().nullable(),
  wallMs: z.number(),
  episode: z.string(),
});
export type ResultRow = z.infer<typeof ResultRow>;

export const RESULTS_FILE = "results.jsonl";

/** The rows of an output folder; a torn last line (a crash mid-write) is dropped, any other bad line is an error. */
export function readResults(dir: string): ResultRow[] {
  const file = path.join(dir, RESULTS_FILE);
  if (!existsSync(file)) return [];
  const lines = readFileSync(file, "utf8")
    .split("\n")
    .filter((l) => l.trim());
  return lines.flatMap((line, i) => {
    try {
      return [ResultRow.parse(JSON.parse(line))];
    } catch (err) {
      if (i === lines.length - 1) return [];
      throw new Error(
        `${file} line ${i + 1}: ${err instanceof z.ZodError ? z.prettifyError(err) : (err as Error).message}`,
      );
    }
  });
}

export function appendResult(dir: string, row: ResultRow): void {
  mkdirSync(dir, { recursive: true });
  appendFileSync(path.join(dir, RESULTS_FILE), `${JSON.stringify(ResultRow.parse(row))}\n`);
}
