import { existsSync } from "node:fs";
import path from "node:path";
import { type ParseArgsConfig, parseArgs } from "node:util";
import { z } from "zod";
import { EVENTS_FILE } from "../agent/record/episode-record.js";

/**
 * The arguments of a command on one recorded episode (`replay`, `sheet`): its folder, then
 * flags. Undefined when --help was asked (the usage is printed); throws with the usage on
 * bad input or a folder without a record. `dir` comes back absolute.
 */
export function recordCommandArgs<S extends z.ZodRawShape>(
  argv: string[],
  options: NonNullable<ParseArgsConfig["options"]>,
  shape: S,
  usage: string,
): (z.output<z.ZodObject<S>> & { dir: string; given: string }) | undefined {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { ...options, help: { type: "boolean" } },
    allowPositionals: true,
    strict: true,
  });
  if (values.help) {
    console.log(usage);
    return undefined;
  }
  if (positionals.length > 1) throw new Error(`one episode folder at a time (got ${positionals.length})`);
  const schema = z.object({ ...shape, dir: z.string().min(1, "give the episode's folder, e.g. runs/<episode-id>") });
  const { help: _help, ...flags } = values;
  const parsed = schema.safeParse({ ...flags, dir: positionals[0] ?? "" });
  if (!parsed.success) throw new Error(`${z.prettifyError(parsed.error)}\n\n${usage}`);
  const given = (parsed.data as { dir: string }).dir;
  const dir = path.resolve(given);
  if (!existsSync(path.join(dir, EVENTS_FILE))) throw new Error(`${given} holds no episode record (${EVENTS_FILE})`);
  return { ...(parsed.data as z.output<z.ZodObject<S>>), dir, given };
}
