import { z } from "zod";

/** How long a program may run in Blender unless the caller says otherwise. */
export const LIVE_DEADLINE_MS = 30_000;

/** Programs are bounded so one request cannot flood a Blender. */
export const ProgramSource = z.string().max(1_000_000);

export const ProgramRunParams = z
  .object({
    code: ProgramSource,
    /** Undo-step label in the live role (one program run = one undo step). */
    label: z.string().max(200).default("Agent edit"),
    /**
     * The program's deadline inside Blender: past it the add-on stops it, rolls it back and
     * answers Timeout, so the artist's Blender is never left running it.
     */
    timeoutMs: z.number().int().min(100).max(3_600_000).default(LIVE_DEADLINE_MS),
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

export const ProgramAnalyzeParams = z
  .object({
    code: ProgramSource,
    /**
     * A scene the worker has loaded (`scene.load`): the program then runs once on a fresh copy of it
     * so each literal's `target` can be named. Workers only.
     */
    sceneId: z.string().min(1).optional(),
  })
  .strict();

/**
 * The Blender property a literal is assigned to, as its RNA (or a custom property's UI data)
 * describes it. Limits are in the literal's own units: a literal that passes through
 * `radians()` or `* 0.5` on its way has them carried back (`scale`: property = literal × scale + offset).
 */
export const LiteralTarget = z.object({
  /** e.g. "SunLight.angle", "Object.location", 'NodesModifier["Input_2"]'. */
  property: z.string(),
  type: z.enum(["float", "int", "boolean", "enum", "string", "pointer", "collection"]),
  /** RNA subtype: "ANGLE", "COLOR", "COLOR_GAMMA", "FACTOR", "DISTANCE", "TRANSLATION", "EULER", "NONE", ... */
  subtype: z.string(),
  unit: z.string(),
  hardMin: z.number().nullable(),
  hardMax: z.number().nullable(),
  softMin: z.number().nullable(),
  softMax: z.number().nullable(),
  /** The element of an array property (a vector's x, a colour's red), when one. */
  index: z.number().int().nonnegative().optional(),
  scale: z.number(),
});
export type LiteralTarget = z.infer<typeof LiteralTarget>;

/** A numeric literal as Python's tokenizer sees it; offsets are UTF-16 code units (JavaScript string indices). */
export const NumericLiteral = z.object({
  start: z.number().int().nonnegative(),
  end: z.number().int().nonnegative(),
  /** The source text, with a leading unary minus when there is one. */
  text: z.string(),
  value: z.number(),
  kind: z.enum(["int", "float"]),
  line: z.number().int().positive(),
  /** The name assigned on the literal's line (`NAME = ...`), if any. */
  name: z.string().nullable(),
  /** The innermost bracket around the literal: a tuple, a call's arguments, a list, a subscript or a dict. */
  group: z.enum(["tuple", "call", "list", "subscript", "dict"]).nullable(),
  /** Position among that bracket's comma-separated items, and their count. */
  groupIndex: z.number().int().nonnegative().nullable(),
  groupSize: z.number().int().nonnegative().nullable(),
  /** Inside an index (`x[2]`): changing it would address something else, not tune a value. */
  inSubscript: z.boolean(),
  depth: z.number().int().nonnegative(),
  /**
   * Its position in each bracket around it, outermost first (`depth` of them): the second
   * stop's red in `[(0.4, (0.02, 0.12, 0.2)), (0.6, (0.3, 0.6, 0.6))]` is at [1, 1, 0].
   * Absent from analyses made before it was added.
   */
  path: z.array(z.number().int().nonnegative()).optional(),
  /** What the literal is assigned to, when traced on a scene (`sceneId`); null when it could not be told. */
  target: LiteralTarget.nullable().optional(),
});
export type NumericLiteral = z.infer<typeof NumericLiteral>;

/**
 * A string literal that sets an enum property, found when the program is traced on a scene
 * (`light.type = "POINT"`, or a constant that reaches it): the search may try the enum's other items.
 */
export const EnumLiteral = z.object({
  start: z.number().int().nonnegative(),
  end: z.number().int().nonnegative(),
  /** The source text, quotes included. */
  text: z.string(),
  value: z.string(),
  line: z.number().int().positive(),
  name: z.string().nullable(),
  depth: z.number().int().nonnegative(),
  /** e.g. "PointLight.type". */
  property: z.string(),
  /** The enum's item identifiers, as RNA lists them. */
  choices: z.array(z.string()).min(1),
});
export type EnumLiteral = z.infer<typeof EnumLiteral>;

export const ProgramAnalyzeResult = z.object({
  /** Why the program does not compile (nothing was run), or null. */
  syntaxError: ProgramFailure.nullable(),
  literals: z.array(NumericLiteral),
  /** String literals traced to enum properties (only with `sceneId`). */
  enums: z.array(EnumLiteral).optional(),
});
