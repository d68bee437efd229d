import { z } from "zod";

/** Programs are bounded so one request cannot flood a Blender. */
export const ProgramSource = z.string().max(1_000_000);

export const ProgramRunParams = z
  .object({
    code: ProgramSource,
    /** Undo-step label in the live role (one program run = one undo step). */
    label: z.string().max(200).default("Agent edit"),
  })
  .strict();

export const ProgramRunResult = z.object({
  ok: z.literal(true),
  /** What the program printed, truncated to 64 KiB. */
  stdout: z.string(),
  runMs: z.number(),
});

/** `error.data` of ProgramRaised and ProgramSyntax errors. */
export const ProgramFailure = z.object({
  type: z.string(),
  message: z.string(),
  /** 1-based line in the program where it failed, when known. */
  line: z.number().int().nullable(),
  /** Traceback whose frames and line numbers refer to the program, not the add-on. */
  traceback: z.string(),
  stdout: z.string().optional(),
});
export type ProgramFailure = z.infer<typeof ProgramFailure>;
