import { z } from "zod";
import type { ContentPart } from "../providers/provider.js";
import type { Candidate, Goal } from "./candidate.js";
import type { QuestionStyle } from "./generator/generator.js";

/**
 * The prompts, after BlenderAlchemy's as BlenderGym runs them: a brainstormer that names
 * differences and the lines to change (tune: the single most visible difference, one or
 * two values; leap: up to five changes), a code editor that writes Before/After pairs,
 * and a verifier asked "left or right?". Every image is referenced in the record by `ref`.
 */

export const SYSTEM = [
  "You are an expert 3D artist and Blender Python programmer.",
  "A Python program sets up part of a Blender scene (object placement, " +
    "lights, material node values, shape-key values, geometry-node inputs).",
  "You edit that program so that the scene's render matches a goal. Answer only in the JSON format asked for.",
].join(" ");

export const MAX_CHANGES = 5;
export const MAX_LINES_PER_CHANGE = 5;

export const BrainstormReply = z.object({
  differences: z.string().min(1),
  changes: z
    .array(
      z.object({ change: z.string().min(1), lines: z.array(z.number().int().positive()).max(MAX_LINES_PER_CHANGE) }),
    )
    .min(1)
    .max(MAX_CHANGES),
});
export type BrainstormReply = z.infer<typeof BrainstormReply>;

export const EditReply = z.union([
  z.object({
    edits: z
      .array(z.object({ before: z.string(), after: z.string() }))
      .min(1)
      .max(MAX_CHANGES * 2),
  }),
  z.object({ program: z.string().min(1) }),
]);
export type EditReply = z.infer<typeof EditReply>;

export const VerdictReply = z.object({ answer: z.enum(["left", "right"]), reason: z.string().default("") });

const text = (t: string): ContentPart => ({ type: "text", text: t });

export function numbered(program: string): string {
  return program
    .split("\n")
    .map((line, i) => `${String(i + 1).padStart(4)}| ${line}`)
    .join("\n");
}

/** Images of a candidate (or the goal), one per view, each labelled. */
export function imageParts(
  label: string,
  pngs: readonly Buffer[],
  views: readonly string[],
  refs: readonly string[],
): ContentPart[] {
  return pngs.flatMap((png, i) => [
    text(`${label}, view ${views[i] ?? i + 1}:`),
    { type: "image", png, ref: refs[i] ?? `${label}-${i}` } as ContentPart,
  ]);
}

function goalParts(goal: Goal, refs: readonly string[]): ContentPart[] {
  const parts: ContentPart[] = [];
  if (goal.images) parts.push(...imageParts("GOAL render", goal.images, goal.views, refs));
  if (goal.instruction) parts.push(text(`The goal, in words: ${goal.instruction}`));
  return parts;
}

const QUESTIONS: Record<QuestionStyle, string> = {
  tune:
    "Find the single most visible difference between the current render and the goal, " +
    "and say which one or two numeric values in the program to change to fix it. " +
    "Give one or two changes.",
  leap:
    `Describe how the current render differs from the goal, ` +
    `then propose up to ${MAX_CHANGES} changes to the program that would bring the render closer. ` +
    `You may change values, add or remove lines.`,
};

export interface PromptRefs {
  goal: readonly string[];
  current: readonly string[];
}

export function brainstormPrompt(
  program: string,
  current: Candidate,
  goal: Goal,
  style: QuestionStyle,
  refs: PromptRefs,
): ContentPart[] {
  return [
    text(`The program (line numbers added for reference, not part of the code):\n\n${numbered(program)}`),
    ...goalParts(goal, refs.goal),
    ...imageParts("CURRENT render of the program", current.pngs, goal.views, refs.current),
    text(
      `${QUESTIONS[style]}\nAnswer with JSON only: ` +
        `{"differences": "...", ` +
        `"changes": [{"change": "what to change and to what", ` +
        `"lines": [line numbers, at most ${MAX_LINES_PER_CHANGE}]}]}`,
    ),
  ];
}

export function editPrompt(program: string, plan: BrainstormReply): ContentPart[] {
  const bullets = plan.changes.map((c, i) => `${i + 1}. ${c.change} (lines ${c.lines.join(", ") || "?"})`).join("\n");
  return [
    text(`The program:\n\n\`\`\`python\n${program}\n\`\`\``),
    text(`Differences seen: ${plan.differences}\nChanges to make:\n${bullets}`),
    text(
      "Turn each change into Before/After edits. " +
        '"before" must be an exact substring of the program, copied character for character ' +
        '(no line numbers); "after" replaces it. ' +
        'Answer with JSON only: {"edits": [{"before": "...", "after": "..."}]}',
    ),
  ];
}

export function verifyPrompt(
  left: Candidate,
  right: Candidate,
  goal: Goal,
  start: Candidate,
  refs: { goal: readonly string[]; left: readonly string[]; right: readonly string[]; start: readonly string[] },
): ContentPart[] {
  const parts: ContentPart[] = [...goalParts(goal, refs.goal)];
  if (!goal.images) parts.push(...imageParts("BEFORE any edit", start.pngs, goal.views, refs.start));
  parts.push(
    ...imageParts("LEFT candidate", left.pngs, goal.views, refs.left),
    ...imageParts("RIGHT candidate", right.pngs, goal.views, refs.right),
  );
  const question = goal.images
    ? "Which candidate, LEFT or RIGHT, is more similar to the GOAL render?"
    : "Which candidate, LEFT or RIGHT, better carries out the goal, starting from the BEFORE render?";
  parts.push(text(`${question} Answer with JSON only: {"answer": "left" or "right", "reason": "one sentence"}`));
  return parts;
}
