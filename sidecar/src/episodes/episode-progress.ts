import sharp from "sharp";
import type { z } from "zod";
import type { EpisodeProgressParams } from "../../../protocol/src/index.js";
import type { Episode } from "../agent/episode.js";
import type { Proposal } from "./edit-approval.js";

/** Width of the images a progress notification carries (the panel shows them small). */
const THUMBNAIL_WIDTH = 192;

export type Progress = z.input<typeof EpisodeProgressParams>;

/** What a progress notification reports besides the episode's own numbers. */
export interface ProgressExtras {
  message: string;
  proposal?: Proposal;
  /** PNGs to send, when they changed since the last notification. */
  goal?: Buffer;
  current?: Buffer;
}

/** Where an episode stands, as the `episode.progress` notification says it. */
export async function progressOf(id: string, episode: Episode, extras: ProgressExtras): Promise<Progress> {
  const summary = episode.summary();
  return {
    episodeId: id,
    status: summary.status,
    iteration: summary.iterations,
    depth: episode.input.config.depth,
    score: summary.finalScore ?? null,
    startScore: summary.startScore ?? null,
    message: extras.message,
    queries: summary.queries,
    costUsd: summary.usage?.costUsd ?? null,
    error: summary.error ?? null,
    proposal: extras.proposal ?? null,
    goalPng: extras.goal && (await thumbnail(extras.goal)),
    currentPng: extras.current && (await thumbnail(extras.current)),
  };
}

/** The one line the panel shows when an episode ends. */
export function endMessage(reason: "depth" | "budget" | "stopped" | "failed", iterations: number): string {
  const done = `${iterations} iteration${iterations === 1 ? "" : "s"}`;
  if (reason === "depth") return `Done: ${done}`;
  if (reason === "budget") return `Done: the query budget is spent (${done})`;
  return reason === "stopped" ? `Stopped after ${done}` : `Failed after ${done}`;
}

async function thumbnail(png: Buffer): Promise<string> {
  const small = await sharp(png).resize({ width: THUMBNAIL_WIDTH, withoutEnlargement: true }).png().toBuffer();
  return small.toString("base64");
}
