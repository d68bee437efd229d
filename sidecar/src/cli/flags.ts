import { type ParseArgsConfig, parseArgs } from "node:util";
import { z } from "zod";

/**
 * Command-line flags: parsed by `node:util`, then validated by `schema`, so a bad flag
 * is an error that names it (an unknown flag, a value of the wrong kind or range).
 * `defaults` (e.g. from the environment) apply where a flag is absent, and are validated too.
 */
export function parseFlags<S extends z.ZodType>(
  argv: string[],
  options: NonNullable<ParseArgsConfig["options"]>,
  schema: S,
  defaults: Record<string, unknown> = {},
): z.output<S> {
  const { values } = parseArgs({ args: argv, options, strict: true });
  const parsed = schema.safeParse({ ...defaults, ...values });
  if (!parsed.success) throw new Error(z.prettifyError(parsed.error));
  return parsed.data;
}
