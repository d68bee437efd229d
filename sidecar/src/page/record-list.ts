import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import type { z } from "zod";
import type { PageBrowseResult } from "../../../protocol/src/index.js";
import type { EpisodeStatus } from "../agent/episode.js";
import { EVENTS_FILE, readEvents } from "../agent/record/episode-record.js";
import { type EpisodeEvent, eventsOf } from "../agent/record/events.js";

export type RecordSummary = z.input<typeof PageBrowseResult>["episodes"][number];

/** How a record ends, as an episode status; undefined when it has no end (a crash, or still running). */
export function recordedStatus(events: readonly EpisodeEvent[]): EpisodeStatus | undefined {
  for (let i = events.length - 1; i >= 0; i--) {
    const e = events[i]!;
    if (e.type === "episode.paused") return "paused";
    if (e.type === "episode.ended") return e.reason === "stopped" || e.reason === "failed" ? e.reason : "finished";
    if (e.type === "episode.resumed" || e.type === "iteration.started") return undefined;
  }
  return undefined;
}

/** One line of the page's list of episodes, from a record's events. */
export function summarize(episodeId: string, events: readonly EpisodeEvent[]): RecordSummary {
  const started = eventsOf(events, "episode.started")[0];
  if (!started) throw new Error("no episode.started line");
  const last = eventsOf(events, "iteration.ended").at(-1);
  return {
    episodeId,
    label: started.label,
    startedAt: started.t,
    iterations: last?.iteration ?? 0,
    depth: started.config.depth,
    startScore: eventsOf(events, "start.scored")[0]?.score ?? null,
    score: last?.score ?? null,
    running: false,
    status: recordedStatus(events) ?? "",
  };
}

/** Every record folder under `runsDir`, summarized (newest first), and those that cannot be read. */
export function listRecords(runsDir: string): Pick<z.input<typeof PageBrowseResult>, "episodes" | "unreadable"> {
  const episodes: RecordSummary[] = [];
  const unreadable: { episodeId: string; error: string }[] = [];
  const names = existsSync(runsDir) ? readdirSync(runsDir, { withFileTypes: true }) : [];
  for (const entry of names) {
    if (!entry.isDirectory() || !existsSync(path.join(runsDir, entry.name, EVENTS_FILE))) continue;
    try {
      episodes.push(summarize(entry.name, readEvents(path.join(runsDir, entry.name))));
    } catch (err) {
      unreadable.push({ episodeId: entry.name, error: (err as Error).message });
    }
  }
  episodes.sort((a, b) => b.startedAt - a.startedAt);
  return { episodes, unreadable };
}
