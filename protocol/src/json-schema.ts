import { z } from "zod";
import { ErrorCode } from "./errors.js";
import { MAX_MESSAGE_BYTES } from "./limits.js";
import { blenderMethods, sidecarMethods } from "./methods.js";
import { PROTOCOL_VERSION } from "./version.js";

type Spec = { params: z.ZodType; result: z.ZodType; roles: readonly string[]; summary: string };

function describeMethods(methods: Record<string, Spec>) {
  return Object.fromEntries(
    Object.entries(methods).map(([name, s]) => [
      name,
      {
        summary: s.summary,
        roles: s.roles,
        params: z.toJSONSchema(s.params, { io: "input", unrepresentable: "any" }),
        result: z.toJSONSchema(s.result, { io: "output", unrepresentable: "any" }),
      },
    ]),
  );
}

/** The wire described as JSON Schema, for the Python side and for people. */
export function protocolJsonSchema() {
  return {
    $comment: "Generated from protocol/src by `npm run protocol:schema`. Do not edit.",
    protocolVersion: PROTOCOL_VERSION,
    maxMessageBytes: MAX_MESSAGE_BYTES,
    errorCodes: ErrorCode,
    blenderMethods: describeMethods(blenderMethods),
    sidecarMethods: describeMethods(sidecarMethods),
  };
}

export function protocolJsonSchemaText(): string {
  return `${JSON.stringify(protocolJsonSchema(), null, 2)}\n`;
}
