import { EventEmitter } from "node:events";
import type { z } from "zod";
import type { EpisodeControlParams } from "../../../protocol/src/index.js";
import type { Episode, EpisodeStatus } from "../agent/episode.js";
import type { Hub } from "../hub/hub-server.js";
import type { PeerSession } from "../hub/peer-session.js";
import { logger } from "../log.js";
import type { EditApproval } from "./edit-approval.js";

const log = logger("episodes");

export type ControlAction = z.output<typeof EpisodeControlParams>["action"];

/** An episode this sidecar runs now, as every surface sees it. */
export interface HostedEpisode {
  readonly id: string;
  readonly episode: Episode;
  /** Present when each winning edit waits for an accept or reject. */
  readonly approval?: EditApproval;
  /** What runs in the background (run, step), settled when it is done. */
  work: Promise<void>;
  /** Why it cannot be steered now (e.g. its Blender went away), if so. */
  steerBlocked?(): string | undefined;
}

const ENDED: readonly EpisodeStatus[] = ["finished", "stopped", "failed"];

/**
 * The episodes this sidecar runs, and the one way to steer them: pause, step, resume, stop,
 * accept, reject. The CLI, the panel and the page all steer through here, so they stay in
 * step. Emits `added` (the episode id) for each new one; `changed` (id, action?) after each
 * control, when its background work ends and when an edit starts or stops waiting; `failed`
 * (id, error) when that work throws. What happens inside an episode comes from its own
 * event stream.
 */
export class EpisodeHost extends EventEmitter {
  private readonly hosted = new Map<string, HostedEpisode>();

  constructor() {
    super();
    this.setMaxListeners(0); // one listener per page following an episode
  }

  /** Host `entry` (replacing one of the same id: an episode attached again); emits `added`. */
  add<E extends HostedEpisode>(entry: E): E {
    this.hosted.set(entry.id, entry);
    this.emit("added", entry.id);
    return entry;
  }

  get(id: string): HostedEpisode | undefined {
    return this.hosted.get(id);
  }

  all(): HostedEpisode[] {
    return [...this.hosted.values()];
  }

  /** Tell followers that `id` changed without an event (an edit waiting, say), or was steered. */
  changed(id: string, action?: ControlAction): void {
    this.emit("changed", id, action);
  }

  /**
   * Serve `episode.control`. The page may steer any hosted episode (it holds the session
   * token, as the person at the machine does); a Blender only those `ownedBy` lets it
   * (it throws otherwise), by default none.
   */
  serve(hub: Hub, ownedBy: (id: string, peer: PeerSession) => void = notFromBlender): void {
    hub.handle("episode.control", async (params, peer) => {
      if (peer.role !== "page") ownedBy(params.episodeId, peer);
      return { status: await this.control(params.episodeId, params.action) };
    });
  }

  async control(id: string, action: ControlAction): Promise<EpisodeStatus> {
    const entry = this.hosted.get(id);
    if (!entry) throw new Error(`no episode ${id} runs in this sidecar`);
    const blocked = entry.steerBlocked?.();
    if (blocked) throw new Error(blocked);
    const { episode } = entry;
    switch (action) {
      case "pause":
        episode.pause();
        break;
      case "step":
        if (episode.status === "running") throw new Error("pause the episode before stepping it");
        this.runInBackground(entry, () => episode.step());
        break;
      case "resume":
        if (episode.status !== "running") this.runInBackground(entry, () => episode.run());
        break;
      case "stop":
        await episode.stop();
        break;
      case "accept":
      case "reject":
        if (!entry.approval?.decide(action === "accept")) throw new Error("no edit is waiting for a decision");
        break;
    }
    this.changed(id, action);
    return episode.status;
  }

  /** Run `work` on the episode in the background; followers hear when it is done. */
  runInBackground(entry: HostedEpisode, work: () => Promise<unknown>): void {
    entry.work = work().then(
      () => this.changed(entry.id),
      (err: Error) => {
        log.error(`episode ${entry.id}: ${err.message}`);
        this.emit("failed", entry.id, err);
        this.changed(entry.id);
      },
    );
  }

  /** Resolves once the episode has ended (finished, stopped or failed), however it was steered. */
  ended(id: string): Promise<EpisodeStatus> {
    return new Promise((resolve) => {
      const check = (changed: string) => {
        const status = this.hosted.get(id)?.episode.status;
        if (changed !== id || !status || !ENDED.includes(status)) return;
        this.off("changed", check);
        resolve(status);
      };
      this.on("changed", check);
      check(id);
    });
  }
}

function notFromBlender(id: string): never {
  throw new Error(`episode ${id} was not started from this Blender`);
}
