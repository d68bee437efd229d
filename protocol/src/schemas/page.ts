import { z } from "zod";
import { PngBase64 } from "./common.js";
import { EpisodeId, EpisodeProgressParams, EpisodeStatus } from "./episode.js";

/**
 * The episode page's view of this sidecar: the episodes it runs now (the panel's, `run`'s)
 * and the records under its runs folder, newest first, and the benchmark output there.
 */
export const PageBrowseParams = z.object({}).strict();
const RecordSummary = z.object({
  episodeId: z.string(),
  label: z.string(),
  /** When it started, ms since the epoch. */
  startedAt: z.number(),
  iterations: z.number().int().nonnegative(),
  depth: z.number().int().positive(),
  startScore: z.number().nullable(),
  score: z.number().nullable(),
  /** Running in this sidecar now, or how its record ends ("" when it has no end yet). */
  running: z.boolean(),
  status: z.string(),
  /** Where a bench's record is inside its bench folder (bench records only). */
  path: z.string().optional(),
});
const Unreadable = z.array(z.object({ episodeId: z.string(), error: z.string() }));
export const PageBrowseResult = z.object({
  episodes: z.array(RecordSummary),
  /** Record folders that could not be read, and why (a torn or foreign record). */
  unreadable: Unreadable,
  /** Benchmark output folders (under the runs folder, or named with serve --bench). */
  benches: z.array(z.object({ benchId: z.string(), name: z.string() })),
});

/** One benchmark output folder: its summary tables, its scaling plot, and its episodes to replay. */
export const PageBenchParams = z.object({ benchId: EpisodeId }).strict();
export const PageBenchResult = z.object({
  name: z.string(),
  /** summary.md as the bench wrote it (Markdown tables), or null. */
  summary: z.string().nullable(),
  /** scaling.png of a scaling study, or null. */
  scalingPng: PngBase64.nullable(),
  episodes: z.array(RecordSummary),
  unreadable: Unreadable,
});

/**
 * Follow one episode: its record's events so far, then `page.update` notifications for each
 * new one (a recorded episode that is not running has no more). Images are fetched apart.
 */
export const PageWatchParams = z.object({ episodeId: EpisodeId }).strict();
/** The record's events, as the sidecar's record schema (sidecar/src/agent/record/events.ts) writes them. */
const RecordEvent = z.looseObject({ type: z.string(), t: z.number() });
export const PageWatchResult = z.object({
  episodeId: z.string(),
  events: z.array(RecordEvent),
  /** Whether this sidecar runs it now: then controls apply and events follow. */
  running: z.boolean(),
  status: EpisodeStatus.nullable(),
  proposal: EpisodeProgressParams.shape.proposal,
});
export const PageUnwatchParams = PageWatchParams;
export const PageUnwatchResult = z.null();

/** A PNG of an episode's record, as its events cite it (images/<name>.png). */
export const RecordImageParams = z
  .object({
    episodeId: EpisodeId,
    ref: z.string().regex(/^images\/[A-Za-z0-9._-]+\.png$/, "an image is images/<name>.png inside the record"),
  })
  .strict();
export const RecordImageResult = z.object({ png: PngBase64 });

/**
 * Sidecar → page, a notification about an episode the page watches: its new event, if
 * any, and its status and waiting edit then (which change without events too).
 */
export const PageUpdateParams = z.object({
  episodeId: z.string(),
  event: RecordEvent.optional(),
  status: EpisodeStatus,
  proposal: EpisodeProgressParams.shape.proposal,
});
export const PageUpdateResult = z.null();
