import sharp from "sharp";
import type { z } from "zod";
import type {
  EpisodeControlParams,
  EpisodeProgressParams,
  EpisodeStartParams,
  SidecarResult,
} from "../../../protocol/src/index.js";
import type { Episode } from "../agent/episode.js";
import { EpisodeConfig } from "../agent/episode-config.js";
import { type AgentChoice, programFromScene, startLiveEpisode } from "../agent/episode-setup.js";
import { describeChanges, parameterChanges } from "../agent/program-changes.js";
import { BlenderClient } from "../hub/blender-client.js";
import type { Hub } from "../hub/hub-server.js";
import type { PeerSession } from "../hub/peer-session.js";
import { logger } from "../log.js";
import type { WorkerPool } from "../pool/worker-pool.js";
import { ProviderConfig } from "../providers/provider-config.js";

const log = logger("episodes");

/** Width of the images a progress notification carries (the panel shows them small). */
const THUMBNAIL_WIDTH = 192;

type StartParams = z.output<typeof EpisodeStartParams>;
type Progress = z.input<typeof EpisodeProgressParams>;

interface Running {
  id: string;
  episode: Episode;
  live: BlenderClient;
  /** Shown in the next progress message; the last thing that happened. */
  message: string;
  /** The incumbent whose thumbnail was last sent. */
  shownProgram?: string;
  /** The goal image, until a progress message has carried it. */
  unsentGoal?: Buffer;
  /** The progress notifications queued so far, in order. */
  sending: Promise<void>;
}

/**
 * The episode API for peers (the Blender panel; the page and MCP server next): start an
 * episode on the caller's open scene, steer it, and push its progress back as
 * `episode.progress` notifications built from the episode's typed events. No agent logic
 * of its own: the episode is the same one `run --live` drives.
 */
export class LiveEpisodes {
  private readonly running = new Map<string, Running>();

  constructor(
    private readonly pool: WorkerPool,
    private readonly runsDir?: string,
  ) {}

  serve(hub: Hub): void {
    hub.handle("episode.start", (params, peer) => this.start(params, peer));
    hub.handle("episode.control", (params, peer) => this.control(params, peer));
  }

  async start(params: StartParams, peer: PeerSession): Promise<SidecarResult<"episode.start">> {
    const live = new BlenderClient(peer);
    const { program, parameters } = await programFromScene(live, params.scope);
    const goalImages = params.goal.images && (await Promise.all(params.goal.images.map(toPng)));
    const episode = await startLiveEpisode({
      pool: this.pool,
      live,
      program,
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
    });
    const id = episode.summary().id;
    const entry: Running = {
      id,
      episode,
      live,
      message: "Started",
      unsentGoal: goalImages?.[0],
      sending: Promise.resolve(),
    };
    this.running.set(id, entry);
    this.follow(entry);
    // The artist's Blender gone: finish the iteration in flight, then wait (the record stays complete).
    peer.once("close", () => {
      if (episode.status === "running") {
        log.info(`episode ${id}: its Blender disconnected; pausing after the iteration in flight`);
        episode.pause();
      }
    });
    if (!params.paused) this.runInBackground(entry, () => episode.run());
    else void this.sendProgress(entry);
    return {
      episodeId: id,
      dir: episode.dir,
      parameters,
      views: episode.input.goal.views,
      status: episode.status,
    };
  }

  async control(params: z.output<typeof EpisodeControlParams>, peer: PeerSession) {
    const entry = this.running.get(params.episodeId);
    if (!entry || entry.live.session !== peer) throw new Error(`no episode ${params.episodeId} of this Blender`);
    const { episode } = entry;
    switch (params.action) {
      case "pause":
        episode.pause();
        entry.message = "Pausing after this iteration";
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
    }
    await this.sendProgress(entry);
    return { status: episode.status };
  }

  private runInBackground(entry: Running, work: () => Promise<unknown>): void {
    work().then(
      () => this.sendProgress(entry),
      (err: Error) => {
        entry.message = `Failed: ${err.message}`;
        log.error(`episode ${entry.id}: ${err.message}`);
        return this.sendProgress(entry);
      },
    );
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
    entry.sending = entry.sending.then(() =>
      this.progressOf(entry).then(
        (progress) => entry.live.notify("episode.progress", progress),
        (err: Error) => log.warn(`episode ${entry.id}: progress not sent: ${err.message}`),
      ),
    );
    return entry.sending;
  }

  private async progressOf(entry: Running): Promise<Progress> {
    const { episode } = entry;
    const images: Pick<Progress, "goalPng" | "currentPng"> = {};
    if (entry.unsentGoal) {
      images.goalPng = await thumbnail(entry.unsentGoal);
      entry.unsentGoal = undefined;
    }
    const incumbent = episode.incumbent;
    if (entry.shownProgram !== incumbent.program && incumbent.pngs[0]) {
      images.currentPng = await thumbnail(incumbent.pngs[0]);
      entry.shownProgram = incumbent.program;
    }
    const summary = episode.summary();
    return {
      episodeId: entry.id,
      status: summary.status,
      iteration: summary.iterations,
      depth: episode.input.config.depth,
      score: summary.finalScore ?? null,
      startScore: summary.startScore ?? null,
      message: entry.message,
      queries: summary.queries,
      costUsd: summary.usage?.costUsd ?? null,
      error: summary.error ?? null,
      ...images,
    };
  }
}

function endMessage(reason: "depth" | "budget" | "stopped" | "failed", iterations: number): string {
  const done = `${iterations} iteration${iterations === 1 ? "" : "s"}`;
  if (reason === "depth") return `Done: ${done}`;
  if (reason === "budget") return `Done: the query budget is spent (${done})`;
  return reason === "stopped" ? `Stopped after ${done}` : `Failed after ${done}`;
}

/** A goal image in any format sharp reads, as PNG; a file that is no image says so. */
async function toPng(base64: string): Promise<Buffer> {
  try {
    return await sharp(Buffer.from(base64, "base64")).png().toBuffer();
  } catch (err) {
    throw new Error(`the goal image is not an image sharp can read: ${(err as Error).message}`);
  }
}

async function thumbnail(png: Buffer): Promise<string> {
  const small = await sharp(png).resize({ width: THUMBNAIL_WIDTH, withoutEnlargement: true }).png().toBuffer();
  return small.toString("base64");
}

function agentChoice(agent: StartParams["agent"]): AgentChoice {
  if (agent.provider === "offline") return {};
  return { provider: ProviderConfig.parse({ provider: agent.provider, model: agent.model }) };
}
