import { z } from "zod";
import { ObjectVisibility, ProgramAnalyzeResult } from "../../../../protocol/src/index.js";
import { Usage } from "../../providers/provider.js";
import { PROVIDER_NAMES } from "../../providers/provider-config.js";
import { EpisodeConfig } from "../episode-config.js";
import { QueriesUsed } from "../query-budget.js";
import { SceneSetup } from "../renderer.js";
import { Verdict } from "../verifier/judge.js";
import { UsageTotals } from "./recording.js";

/**
 * What an episode says, as it happens: one typed event per fact. The Episode and its
 * recording renderer and provider publish them (EpisodeEventStream); the record writer,
 * the CLI's progress lines, resume, replay and every surface to come (page, panel, MCP)
 * read them through these schemas, so none reads a record by guesswork.
 *
 * A record's lines are these events. Version 2 (this one) adds `recordVersion` to
 * `episode.started`; version 1 records (without it) have the same lines and read alike.
 */
export const RECORD_VERSION = 2;

/** A program's name in the record: the first 16 hex digits of its SHA-256 (programHash). */
const Hash = z.string().regex(/^[0-9a-f]{16}$/, "a program hash is 16 hex digits");
/**
 * A PNG inside the record's images/ folder. Nothing else: a record from elsewhere must not
 * make a replay read (or send to a model) a file outside its own folder.
 */
const ImageRef = z.string().regex(/^images\/[A-Za-z0-9._-]+\.png$/, "an image is images/<name>.png inside the record");
const Count = z.number().int().min(0);
const Iteration = z.number().int().min(0);

const Best = z.object({ score: z.number(), program: z.string() });

/** How the record names the agent (never the API key), so a resume can rebuild it. */
export const AgentMeta = z.object({
  provider: z.enum(PROVIDER_NAMES),
  model: z.string().optional(),
  baseUrl: z.string().optional(),
  verifier: z.enum(["model", "metric"]),
});
export type AgentMeta = z.infer<typeof AgentMeta>;

/** The record's first line's `meta`: the agent, what the workers render, and where the episode came from. */
export const EpisodeMeta = z.object({
  agent: AgentMeta,
  setup: SceneSetup,
  /** An episode on the artist's open scene: its resume needs that Blender. */
  live: z.boolean().optional(),
  /** What of the artist's scene the program covers (a live episode's scope), for reading it again. */
  scope: z
    .object({ scope: z.string(), name: z.string().optional(), objects: z.array(z.string()) })
    .strict()
    .optional(),
  /** Each winning edit waited for the artist's accept or reject. */
  askBeforeApplying: z.boolean().optional(),
  task: z.string().optional(),
  goalMode: z.enum(["images", "text", "both"]).optional(),
});
export type EpisodeMeta = z.output<typeof EpisodeMeta>;
export type EpisodeMetaInput = z.input<typeof EpisodeMeta>;

/** How one draft fared in its iteration. */
/** A program rendered: its images, or why there are none (the screening render adds what the views see). */
const Rendered = {
  hash: Hash,
  ok: z.boolean(),
  images: z.array(ImageRef).optional(),
  renderMs: z.number().optional(),
  totalMs: z.number().optional(),
  error: z.string().optional(),
  traceback: z.string().optional(),
};

export const DraftResult = z.object({
  id: z.string(),
  ok: z.boolean(),
  score: z.number().optional(),
  unchanged: z.boolean(),
  error: z.string().optional(),
});

const ChatReply = z.object({ text: z.string(), model: z.string(), usage: Usage, attempts: Count, ms: z.number() });
const RecordedPart = z.union([
  z.object({ type: z.literal("text"), text: z.string() }),
  z.object({ type: z.literal("image"), ref: z.string() }),
]);
const RecordedPrompt = z.object({
  system: z.string().optional(),
  messages: z.array(z.object({ role: z.enum(["user", "assistant"]), content: z.array(RecordedPart) })),
  temperature: z.number(),
  maxTokens: z.number(),
});

const event = <T extends string, S extends z.ZodRawShape>(type: T, shape: S) =>
  z.object({ type: z.literal(type), t: z.number(), attempt: z.number().int().min(1), ...shape });

/** Every event, by its `type`. */
export const EpisodeEvent = z.discriminatedUnion("type", [
  event("episode.started", {
    recordVersion: z.number().int().optional(),
    id: z.string(),
    label: z.string(),
    config: EpisodeConfig,
    startProgram: z.string(),
    goal: z.object({
      instruction: z.string().optional(),
      views: z.array(z.string()),
      images: z.array(ImageRef).optional(),
    }),
    generator: z.enum(["model", "offline"]),
    verifier: z.enum(["model", "metric"]),
    meta: EpisodeMeta,
  }),
  event("start.scored", { hash: Hash, score: z.number().optional() }),
  event("episode.resumed", { fromIteration: Iteration }),
  event("live.reattached", { snapshot: z.string(), newSnapshot: z.boolean(), pushedIteration: Iteration }),
  event("iteration.started", {
    iteration: Iteration,
    style: z.enum(["tune", "leap"]),
    breadth: Count,
    incumbent: Hash,
  }),
  event("draft", {
    iteration: Iteration,
    id: z.string(),
    hash: Hash.nullable(),
    program: z.string().nullable(),
    rejected: z.string().optional(),
    queries: Count,
    notes: z.record(z.string(), z.unknown()),
  }),
  event("program.analyzed", { hash: Hash, ...ProgramAnalyzeResult.shape }),
  event("program.rendered", Rendered),
  event("program.screened", { ...Rendered, visibility: ObjectVisibility.optional() }),
  event("draft.scored", { iteration: Iteration, id: z.string(), score: z.number().optional(), unchanged: z.boolean() }),
  event("draft.dropped", { iteration: Iteration, id: z.string(), error: z.string() }),
  event("model.call", {
    key: z.string().optional(),
    purpose: z.string(),
    provider: z.string(),
    model: z.string(),
    prompt: RecordedPrompt,
    reply: ChatReply.optional(),
    error: z.string().optional(),
    status: z.number().int().optional(),
    attempts: Count.optional(),
  }),
  event("verify.match", {
    iteration: Iteration,
    key: z.string(),
    bracket: Count,
    round: Count,
    left: z.string(),
    right: z.string(),
    winner: z.string(),
    verdict: Verdict,
  }),
  event("iteration.ended", {
    iteration: Iteration,
    style: z.enum(["tune", "leap"]),
    drafts: z.array(DraftResult),
    winner: z.string(),
    /** The winning draft the artist rejected before it was applied ("ask before applying"). */
    rejected: z.string().optional(),
    votes: z.record(z.string(), Count),
    tieBreak: z.string().optional(),
    /** Metric of the (new) incumbent against the goal images, when there are goal images. */
    score: z.number().optional(),
    queries: QueriesUsed,
    ms: z.number(),
    brackets: Count,
    /** The incumbent after this iteration. */
    program: z.string(),
    hash: Hash,
    best: Best.optional(),
    usage: UsageTotals.optional(),
    /** The generator's state, so a resume goes on as if never stopped. */
    generatorState: z.unknown().optional(),
  }),
  event("episode.paused", { iteration: Iteration }),
  event("episode.failed", { iteration: Iteration, error: z.string(), stack: z.string().optional() }),
  event("episode.ended", {
    reason: z.enum(["depth", "budget", "stopped", "failed"]),
    iterations: Iteration,
    finalProgram: z.string(),
    startScore: z.number().optional(),
    finalScore: z.number().optional(),
    bestScore: z.number().optional(),
    bestProgram: z.string().optional(),
    queries: QueriesUsed,
    usage: UsageTotals.optional(),
  }),
]);
export type EpisodeEvent = z.output<typeof EpisodeEvent>;
export type EventType = EpisodeEvent["type"];
export type DraftResult = z.infer<typeof DraftResult>;
export type EventOf<T extends EventType> = Extract<EpisodeEvent, { type: T }>;
/** What a publisher gives: the event without its stamp (time and attempt). */
export type EventFields<T extends EventType> = Omit<
  Extract<z.input<typeof EpisodeEvent>, { type: T }>,
  "type" | "t" | "attempt"
>;

/** The events of one type, in order. */
export function eventsOf<T extends EventType>(events: readonly EpisodeEvent[], type: T): EventOf<T>[] {
  return events.filter((e): e is EventOf<T> => e.type === type);
}

/** Parse one line of a record; the error says what is wrong with it. */
export function parseEvent(value: unknown): { ok: true; event: EpisodeEvent } | { ok: false; error: string } {
  const parsed = EpisodeEvent.safeParse(value);
  if (parsed.success) return { ok: true, event: parsed.data };
  const type =
    typeof value === "object" && value !== null && "type" in value
      ? String((value as { type: unknown }).type)
      : "(no type)";
  return { ok: false, error: `a "${type}" event that does not match its schema: ${z.prettifyError(parsed.error)}` };
}
