import { existsSync } from "node:fs";
import path from "node:path";
import sharp from "sharp";
import type { z } from "zod";
import type {
  EpisodeAttachParams,
  EpisodeRevertParams,
  EpisodeStartParams,
  SidecarResult,
} from "../../../protocol/src/index.js";
import type { Episode } from "../agent/episode.js";
import { EpisodeConfig } from "../agent/episode-config.js";
import {
  type AgentChoice,
  liveRecordMeta,
  previewOnLiveScene,
  programFromScene,
  resumeEpisode,
  startLiveEpisode,
} from "../agent/episode-setup.js";
import { describeChanges, parameterChanges } from "../agent/program-changes.js";
import { EVENTS_FILE, RUNS_DIR } from "../agent/record/episode-record.js";
import type { EpisodeMeta } from "../agent/record/events.js";
import { BlenderClient } from "../hub/blender-client.js";
import type { Hub } from "../hub/hub-server.js";
import type { PeerSession } from "../hub/peer-session.js";
import { logger } from "../log.js";
import type { WorkerPool } from "../pool/worker-pool.js";
import { ProviderConfig } from "../providers/provider-config.js";
import { EditApproval } from "./edit-approval.js";
import { type ControlAction, EpisodeHost, type HostedEpisode } from "./episode-host.js";
import { endMessage, type Progress, progressOf } from "./episode-progress.js";
import { revertEpisode } from "./episode-revert.js";

const log = logger("episodes");

type StartParams = z.output<typeof EpisodeStartParams>;

interface Running extends HostedEpisode {
  live: BlenderClient;
  /** The .blend its Blender had open when it started or attached ("" if unsaved). */
  file: string;
  scope?: EpisodeMeta["scope"];
  /** Shown in the next progress message; the last thing that happened. */
  message: string;
  /** The incumbent whose thumbnail was last sent. */
  shownProgram?: string;
  /** The goal image, until a progress message has carried it. */
  unsentGoal?: Buffer;
  /** The progress notifications queued so far, in order. */
  sending: Promise<void>;
  /** Its Blender went away while the episode could still go on: offered to the next one. */
  interrupted?: boolean;
}

/**
 * The episode API for the Blender panel: start an episode on the caller's open scene,
 * revert it, and take it over again after its Blender went away; its progress is pushed
 * back as `episode.progress` notifications built from the episode's typed events. Steering
 * (pause, step, accept...) goes through the EpisodeHost every surface shares. No agent
 * logic of its own: the episode is the same one `run --live` drives.
 */
export class LiveEpisodes {
  private readonly running = new Map<string, Running>();
  private readonly attaching = new Set<string>();
  private readonly pool: Promise<WorkerPool>;

  /**
   * @param pool the workers, or their start: served before they are ready, so that a Blender
   *   connecting meanwhile can already ask about its episodes (starts wait for the workers)
   * @param host where the episodes are hosted, for every surface to steer and follow
   */
  constructor(
    pool: WorkerPool | Promise<WorkerPool>,
    private readonly runsDir = RUNS_DIR,
    readonly host = new EpisodeHost(),
  ) {
    this.pool = Promise.resolve(pool);
    host.on("changed", (id: string, action?: ControlAction) => {
      const entry = this.running.get(id);
      if (!entry || this.host.get(id) !== entry) return;
      if (action === "pause" && entry.episode.status === "running") entry.message = "Pausing after this iteration";
      void this.sendProgress(entry);
    });
    host.on("failed", (id: string, err: Error) => {
      const entry = this.running.get(id);
      if (entry) entry.message = `Failed: ${err.message}`;
    });
  }

  /** Serve the panel's methods; steering is the host's, with a Blender steering only its own episodes. */
  serve(hub: Hub): void {
    this.host.serve(hub, (id, peer) => this.entryOf(id, peer));
    hub.handle("episode.start", (params, peer) => this.start(params, peer));
    hub.handle("episode.revert", (params, peer) => this.revert(params, peer));
    hub.handle("episode.list", () => this.list());
    hub.handle("episode.attach", (params, peer) => this.attach(params, peer));
  }

  async start(params: StartParams, peer: PeerSession): Promise<SidecarResult<"episode.start">> {
    const live = new BlenderClient(peer);
    const written = await programFromScene(live, params.scope);
    const scope = { ...params.scope, objects: written.objects };
    const goalImages = params.goal.images && (await Promise.all(params.goal.images.map(toPng)));
    const approval = params.askBeforeApplying ? this.newApproval(() => entry) : undefined;
    const episode = await startLiveEpisode({
      pool: await this.pool,
      live,
      program: written.program,
      goalImages,
      instruction: params.goal.instruction,
      cameras: params.cameras,
      settings: params.render,
      config: EpisodeConfig.parse({
        breadth: params.agent.breadth,
        depth: params.agent.depth,
        verifyK: params.agent.verifyK,
        budget: params.agent.budget,
      }),
      agent: agentChoice(params.agent),
      runsDir: this.runsDir,
      approve: approval?.approve,
      scope,
    });
    const entry = this.track(episode, live, { approval, scope, message: "Started", goal: goalImages?.[0] });
    if (!params.paused) this.host.runInBackground(entry, () => episode.run());
    else void this.sendProgress(entry);
    return {
      episodeId: entry.id,
      dir: episode.dir,
      parameters: written.parameters,
      views: episode.input.goal.views,
      status: episode.status,
    };
  }

  /** Back to the start, in one undo step; the episode stops first. */
  async revert(params: z.output<typeof EpisodeRevertParams>, peer: PeerSession) {
    const entry = this.entryOf(params.episodeId, peer);
    const { episode } = entry;
    if (episode.status === "running") {
      await episode.stop();
      await entry.work;
    }
    const result = await revertEpisode(entry.live, {
      startProgram: episode.input.startProgram,
      appliedProgram: episode.incumbent.program,
      scope: entry.scope,
      keepArtistEdits: params.keepArtistEdits,
      preview: async (code) => previewOnLiveScene(await this.pool, entry.live, episode.input.meta.setup, code),
    });
    if (result.reverted) {
      const kept = result.artistEdits.length && params.keepArtistEdits ? ", keeping your edits" : "";
      entry.message = `Reverted to the start${kept} (one undo step)`;
    }
    await this.sendProgress(entry);
    return result;
  }

  /** The episodes whose Blender went away, waiting for one to attach. */
  list(): SidecarResult<"episode.list"> {
    const detached = [...this.running.values()].filter((e) => e.interrupted && e.live.session.closed);
    return {
      episodes: detached.map((e) => ({
        episodeId: e.id,
        status: e.episode.status,
        iteration: e.episode.iteration,
        depth: e.episode.input.config.depth,
        file: e.file,
      })),
    };
  }

  /**
   * Take over an episode whose Blender went away: from memory, once its iteration in
   * flight has ended, or from its record when this sidecar has restarted since. Either
   * way it goes on from its record (reattached to the caller's scene by resumeEpisode).
   */
  async attach(params: z.output<typeof EpisodeAttachParams>, peer: PeerSession) {
    const id = params.episodeId;
    const known = this.running.get(id);
    if (known && !known.live.session.closed) {
      if (known.live.session !== peer) throw new Error(`episode ${id} is attached to another Blender`);
      return { status: known.episode.status, iteration: known.episode.iteration };
    }
    if (this.attaching.has(id)) throw new Error(`episode ${id} is being attached already`);
    this.attaching.add(id);
    try {
      if (known) await known.work;
      const dir = known?.episode.dir ?? path.join(this.runsDir, id);
      if (!existsSync(path.join(dir, EVENTS_FILE))) throw new Error(`no episode ${id} in ${this.runsDir}`);
      const meta = liveRecordMeta(dir);
      if (!meta) throw new Error(`episode ${id} was not on a live Blender`);
      const live = new BlenderClient(peer);
      const approval = meta.askBeforeApplying ? this.newApproval(() => entry) : undefined;
      const episode = await resumeEpisode(await this.pool, dir, { live, approve: approval?.approve });
      const message = `Reattached: your scene shows iteration ${episode.iteration}`;
      const entry = this.track(episode, live, {
        approval,
        scope: meta.scope,
        message,
        goal: episode.input.goal.images?.[0],
      });
      if (params.resume) this.host.runInBackground(entry, () => episode.run());
      else void this.sendProgress(entry);
      return { status: episode.status, iteration: episode.iteration };
    } finally {
      this.attaching.delete(id);
    }
  }

  /** The Blender episode `id` runs on, while it is connected. */
  ownerOf(id: string): PeerSession | undefined {
    const entry = this.running.get(id);
    return entry && !entry.live.session.closed ? entry.live.session : undefined;
  }

  /** Where episode `id` stands, as its Blender's panel shows it (without the images). */
  describe(id: string): Promise<Progress> {
    const entry = this.running.get(id);
    if (!entry) throw new Error(`no episode ${id} runs in this sidecar`);
    return progressOf(id, entry.episode, { message: entry.message, proposal: entry.approval?.proposal });
  }

  /** The episode `id`, if the calling peer is the Blender it belongs to. */
  private entryOf(id: string, peer: PeerSession): Running {
    const entry = this.running.get(id);
    if (!entry || entry.live.session !== peer) throw new Error(`no episode ${id} of this Blender`);
    return entry;
  }

  /** "Ask before applying" for an episode whose entry exists by the time an edit waits. */
  private newApproval(entry: () => Running | undefined): EditApproval {
    const approval = new EditApproval(
      () => entry()!.episode.incumbent.program,
      () => {
        const e = entry();
        if (!e) return;
        if (approval.proposal) e.message = `Iteration ${approval.proposal.iteration}: accept or reject the edit`;
        this.host.changed(e.id);
      },
    );
    return approval;
  }

  private track(
    episode: Episode,
    live: BlenderClient,
    o: Pick<Running, "approval" | "scope" | "message"> & { goal?: Buffer },
  ): Running {
    const id = episode.summary().id;
    const entry: Running = {
      id,
      episode,
      live,
      file: live.session.hello?.file ?? "",
      scope: o.scope,
      approval: o.approval,
      message: o.message,
      unsentGoal: o.goal,
      sending: Promise.resolve(),
      work: Promise.resolve(),
      steerBlocked: () =>
        entry.interrupted && entry.live.session.closed
          ? `episode ${id}: its Blender went away; open it again and press Resume Episode there`
          : undefined,
    };
    this.running.set(id, entry);
    this.host.add(entry);
    this.follow(entry);
    live.session.once("close", () => this.detached(entry));
    return entry;
  }

  /**
   * The artist's Blender gone: the episode finishes the iteration in flight and waits,
   * its record complete, for a Blender to attach. An edit waiting for a decision cannot
   * get one: that iteration is abandoned (stopped) and redone on attach.
   */
  private detached(entry: Running): void {
    const { episode } = entry;
    entry.interrupted = ["ready", "running", "paused"].includes(episode.status);
    if (entry.approval?.proposal) {
      log.info(`episode ${entry.id}: its Blender disconnected while an edit waited; stopping that iteration`);
      void episode.stop();
    } else if (episode.status === "running") {
      log.info(`episode ${entry.id}: its Blender disconnected; pausing after the iteration in flight`);
      episode.pause();
    }
  }

  /** Progress on each event that changes what the panel shows. */
  private follow(entry: Running): void {
    const { events } = entry.episode;
    const update = (message: string) => {
      entry.message = message;
      void this.sendProgress(entry);
    };
    events.on("iteration.started", (e) =>
      update(`Iteration ${e.iteration}: drafting ${e.breadth} edit${e.breadth === 1 ? "" : "s"}`),
    );
    let shown = entry.episode.incumbent.program;
    events.on("iteration.ended", (e) => {
      if (e.rejected) return update(`Iteration ${e.iteration}: you rejected the edit; the scene stays as it was`);
      if (e.winner === "incumbent") return update(`Iteration ${e.iteration}: kept the scene as it was`);
      update(`Iteration ${e.iteration}: ${describeChanges(parameterChanges(shown, e.program), 200)}`);
      shown = e.program;
    });
    events.on("episode.failed", (e) => update(`Failed: ${e.error}`));
    events.on("episode.ended", (e) => update(endMessage(e.reason, e.iterations)));
  }

  /**
   * Send where the episode stands. Sends go out one after another, each reading the
   * episode when its turn comes, so a slow thumbnail never lets an older state arrive last.
   */
  private sendProgress(entry: Running): Promise<void> {
    entry.sending = entry.sending.then(async () => {
      // A headless scene (an MCP client's, mcp --scene) has no panel to show progress in.
      if (entry.live.session.closed || entry.live.session.role !== "live") return;
      try {
        entry.live.notify("episode.progress", await this.progressNow(entry));
      } catch (err) {
        log.warn(`episode ${entry.id}: progress not sent: ${(err as Error).message}`);
      }
    });
    return entry.sending;
  }

  private progressNow(entry: Running) {
    const { incumbent } = entry.episode;
    const current = entry.shownProgram !== incumbent.program ? incumbent.pngs[0] : undefined;
    if (current) entry.shownProgram = incumbent.program;
    const goal = entry.unsentGoal;
    entry.unsentGoal = undefined;
    return progressOf(entry.id, entry.episode, {
      message: entry.message,
      proposal: entry.approval?.proposal,
      goal,
      current,
    });
  }
}

/** A goal image in any format sharp reads, as PNG; a file that is no image says so. */
async function toPng(base64: string): Promise<Buffer> {
  try {
    return await sharp(Buffer.from(base64, "base64")).png().toBuffer();
  } catch (err) {
    throw new Error(`the goal image is not an image sharp can read: ${(err as Error).message}`);
  }
}

function agentChoice(agent: StartParams["agent"]): AgentChoice {
  if (agent.provider === "offline") return {};
  return { provider: ProviderConfig.parse({ provider: agent.provider, model: agent.model }) };
}
