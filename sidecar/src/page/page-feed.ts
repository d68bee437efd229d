import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import type { z } from "zod";
import type { PageUpdateParams, SidecarResult } from "../../../protocol/src/index.js";
import { EVENTS_FILE, RUNS_DIR, readEvents } from "../agent/record/episode-record.js";
import type { EpisodeEvent } from "../agent/record/events.js";
import type { EpisodeHost, HostedEpisode } from "../episodes/episode-host.js";
import type { Hub } from "../hub/hub-server.js";
import type { PeerSession } from "../hub/peer-session.js";
import { benchRecords, findBenches, folderId } from "./bench-list.js";
import { listRecords, recordedStatus, summarize } from "./record-list.js";

type Update = z.input<typeof PageUpdateParams>;

/**
 * What the episode page reads: the episodes hosted here and the records under the runs
 * folder (`page.browse`), one episode's events so far and then each new one as it is
 * published (`page.watch`, then `page.update` notifications), and the PNGs its events cite
 * (`record.image`). A recorded episode and a running one read alike: the page builds its
 * whole view from the typed events, and replays a record by stepping through them.
 */
export class PageFeed {
  /** Per page session: the episode ids it follows, each with the function that stops it. */
  private readonly watching = new Map<PeerSession, Map<string, () => void>>();
  /** The bench folders and the records inside them the page has been told of, by id. */
  private readonly benches = new Map<string, string>();
  private readonly benchRecordDirs = new Map<string, string>();

  /**
   * @param runsDir the records (and bench folders) to list
   * @param benchDirs bench output folders elsewhere to list too
   */
  constructor(
    private readonly host: EpisodeHost,
    private readonly runsDir = RUNS_DIR,
    private readonly benchDirs: readonly string[] = [],
  ) {}

  serve(hub: Hub): void {
    hub.handle("page.browse", () => this.browse());
    hub.handle("page.bench", (params) => this.bench(params.benchId));
    hub.handle("page.watch", (params, peer) => this.watch(params.episodeId, peer));
    hub.handle("page.unwatch", (params, peer) => {
      this.unwatch(params.episodeId, peer);
      return null;
    });
    hub.handle("record.image", (params) => ({
      png: readFileSync(this.fileOf(params.episodeId, params.ref)).toString("base64"),
    }));
    // Every page hears of a new episode at once, to list it (no polling).
    this.host.on("added", (id: string) => {
      const hosted = this.host.get(id);
      if (!hosted) return;
      for (const peer of hub.sessions.values())
        if (peer.role === "page") peer.notify("page.update", updateOf(id, hosted));
    });
  }

  browse(): SidecarResult<"page.browse"> {
    const { episodes, unreadable } = listRecords(this.runsDir);
    for (const line of episodes) {
      const hosted = this.host.get(line.episodeId);
      if (hosted && path.resolve(hosted.episode.dir) === path.resolve(this.runsDir, line.episodeId)) {
        line.running = true;
        line.status = hosted.episode.status;
      }
    }
    // Hosted episodes recording elsewhere (a `run --runs DIR`) are listed too.
    const listed = new Set(episodes.map((e) => e.episodeId));
    for (const hosted of this.host.all()) {
      if (listed.has(hosted.id)) continue;
      episodes.unshift({
        ...summarize(hosted.id, readEvents(hosted.episode.dir)),
        running: true,
        status: hosted.episode.status,
      });
    }
    const benches = findBenches(this.runsDir, this.benchDirs);
    for (const b of benches) this.benches.set(b.benchId, b.dir);
    return { episodes, unreadable, benches: benches.map(({ benchId, name }) => ({ benchId, name })) };
  }

  /** A bench folder's summary, scaling plot and records; its records become watchable by the ids given. */
  bench(benchId: string): SidecarResult<"page.bench"> {
    const dir = this.benches.get(benchId);
    if (!dir) throw new Error(`no bench ${benchId} (browse first)`);
    const file = (name: string) => path.join(dir, name);
    const episodes: SidecarResult<"page.bench">["episodes"] = [];
    const unreadable: SidecarResult<"page.bench">["unreadable"] = [];
    for (const record of benchRecords(dir)) {
      const id = folderId("record", record.dir);
      try {
        episodes.push({ ...summarize(id, readEvents(record.dir)), path: record.name });
        this.benchRecordDirs.set(id, record.dir);
      } catch (err) {
        unreadable.push({ episodeId: record.name, error: (err as Error).message });
      }
    }
    return {
      name: path.basename(dir),
      summary: existsSync(file("summary.md")) ? readFileSync(file("summary.md"), "utf8") : null,
      scalingPng: existsSync(file("scaling.png")) ? readFileSync(file("scaling.png")).toString("base64") : null,
      episodes,
      unreadable,
    };
  }

  /** Where an episode's record is: hosted here, under the runs folder, or in a bench folder listed. */
  private dirOf(id: string): string {
    const hosted = this.host.get(id);
    if (hosted) return hosted.episode.dir;
    const own = path.join(this.runsDir, id);
    if (existsSync(path.join(own, EVENTS_FILE))) return own;
    const inBench = this.benchRecordDirs.get(id);
    if (inBench) return inBench;
    throw new Error(`no episode ${id}`);
  }

  /**
   * The episode's events so far, read from its record and, when it is hosted here,
   * subscribed to in the same tick: records are appended synchronously as events are
   * published, so the page gets each event exactly once.
   */
  watch(id: string, peer: PeerSession): SidecarResult<"page.watch"> {
    const hosted = this.host.get(id);
    const events = readEvents(this.dirOf(id));
    if (!hosted) {
      return { episodeId: id, events, running: false, status: recordedStatus(events) ?? null, proposal: null };
    }
    this.unwatch(id, peer);
    this.follow(id, hosted, peer);
    return { ...updateOf(id, hosted), events, running: true };
  }

  unwatch(id: string, peer: PeerSession): void {
    const mine = this.watching.get(peer);
    mine?.get(id)?.();
    mine?.delete(id);
  }

  private follow(id: string, hosted: HostedEpisode, peer: PeerSession): void {
    let mine = this.watching.get(peer);
    if (!mine) {
      const forPeer = new Map<string, () => void>();
      mine = forPeer;
      this.watching.set(peer, forPeer);
      peer.once("close", () => {
        for (const stop of forPeer.values()) stop();
        this.watching.delete(peer);
      });
    }
    // The status is read a moment after the event: an episode sets it just after
    // publishing the event that changes it (episode.ended, episode.paused).
    const send = (event?: EpisodeEvent) =>
      queueMicrotask(() => peer.notify("page.update", updateOf(id, hosted, event)));
    const offEvents = hosted.episode.events.onAny((event) => send(event));
    const onChanged = (changed: string) => {
      if (changed === id) send();
    };
    this.host.on("changed", onChanged);
    mine.set(id, () => {
      offEvents();
      this.host.off("changed", onChanged);
    });
  }

  /** A PNG an episode's events cite, inside its own record only (the ref's pattern forbids paths). */
  private fileOf(id: string, ref: string): string {
    const file = path.join(this.dirOf(id), ref);
    if (!existsSync(file)) throw new Error(`episode ${id} has no ${ref}`);
    return file;
  }
}

/** A hosted episode's status and waiting edit now, with the event that just happened, if any. */
function updateOf(id: string, hosted: HostedEpisode, event?: EpisodeEvent): Update {
  return { episodeId: id, event, status: hosted.episode.status, proposal: hosted.approval?.proposal ?? null };
}
