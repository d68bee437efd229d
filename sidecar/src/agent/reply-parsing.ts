import { z } from "zod";

/** The JSON object in a model's reply: a ```json block, or the outermost {...}. */
export function extractJson(text: string): unknown {
  const fenced = /```(?:json)?\s*\n([\s\S]*?)```/i.exec(text);
  const candidates = [fenced?.[1], text.slice(text.indexOf("{"), text.lastIndexOf("}") + 1)];
  let lastError = "no JSON object found";
  for (const c of candidates) {
    if (!c?.trim().startsWith("{")) continue;
    try {
      return JSON.parse(c);
    } catch (err) {
      lastError = (err as Error).message;
    }
  }
  throw new Error(lastError);
}

/** Parse a reply against a schema; the error names what was wrong, for the record. */
export function parseReply<S extends z.ZodType>(
  text: string,
  schema: S,
): { ok: true; value: z.output<S> } | { ok: false; reason: string } {
  let json: unknown;
  try {
    json = extractJson(text);
  } catch (err) {
    return { ok: false, reason: `reply is not JSON: ${(err as Error).message}` };
  }
  const parsed = schema.safeParse(json);
  return parsed.success
    ? { ok: true, value: parsed.data }
    : { ok: false, reason: `reply does not fit the format: ${z.prettifyError(parsed.error)}` };
}

/** A whole program in a ```python block, when an editor answers with one instead of edits. */
export function extractPythonBlock(text: string): string | undefined {
  const m = /```(?:python|py)\s*\n([\s\S]*?)```/i.exec(text);
  return m?.[1];
}
