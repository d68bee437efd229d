import { existsSync, mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { z } from "zod";
import type { ParamsIn, RenderSettings, Result, View } from "../../../protocol/src/index.js";
import type { BlenderClient } from "../hub/blender-client.js";
import { describeFailure } from "../hub/rpc-error.js";
import type { WorkerPool } from "../pool/worker-pool.js";
import type { ModelProvider } from "../providers/provider.js";
import { createProvider, ProviderConfig } from "../providers/provider-config.js";
import type { RequestPermit } from "../providers/retry.js";
import { readGoalRenders } from "../tasks/goal-cache.js";
import type { Task } from "../tasks/task-loader.js";
import { Episode, type EpisodeInput, type EpisodeParts, type EpisodeProgress } from "./episode.js";
import { type EpisodeConfig, screensDrafts } from "./episode-config.js";
import type { DraftGenerator } from "./generator/generator.js";
import { ModelGenerator } from "./generator/model-generator.js";
import { OfflineGenerator } from "./generator/offline-generator.js";
import { movesGeometry } from "./generator/program-parameters.js";
import { GoalScorer } from "./goal-scorer.js";
import { editLabel } from "./program-changes.js";
import { type RecordedEpisode, readEpisode } from "./record/episode-reader.js";
import { EpisodeRecord, newEpisodeId, RUNS_DIR, readEvents } from "./record/episode-record.js";
import { type AgentMeta, type EpisodeMeta, type EpisodeMetaInput, eventsOf } from "./record/events.js";
import { RecordingProvider, RecordingRenderer } from "./record/recording.js";
import { RecordedProvider, RecordedRenderer, recordedApprovals } from "./record/replay-sources.js";
import { type CandidateRenderer, PoolRenderer, SceneSetup } from "./renderer.js";
import type { PairJudge } from "./verifier/judge.js";
import { MetricJudge } from "./verifier/metric-judge.js";
import { ModelJudge } from "./verifier/model-judge.js";

/** Which agent runs: the offline search (no model) or a model provider, and which verifier judges. */
export interface AgentChoice {
  /** Omitted: the offline provider. */
  provider?: ProviderConfig;
  /** Default: "metric" offline, "model" with a provider (the metric with a provider is the oracle ablation). */
  verifier?: "model" | "metric";
  /** Waits for leave before each model request: a rate limit shared across machines (never recorded). */
  permit?: RequestPermit;
}

/** What the goal shows the agent: the goal renders, the task's instruction, or both. */
export type GoalMode = "images" | "text" | "both";

function agentMeta(agent: AgentChoice): AgentMeta {
  const verifier = agent.verifier ?? (agent.provider ? "model" : "metric");
  if (!agent.provider) return { provider: "offline", verifier };
  return { provider: agent.provider.provider, model: agent.provider.model, baseUrl: agent.provider.baseUrl, verifier };
}

function parts(
  meta: AgentMeta,
  config: EpisodeConfig,
  renderer: CandidateRenderer,
  record: EpisodeRecord,
  provider?: ModelProvider,
): EpisodeParts {
  const recording = provider && new RecordingProvider(provider, record);
  if (meta.provider !== "offline" && !provider) throw new Error(`provider "${meta.provider}" is not configured`);
  const generator: DraftGenerator = recording
    ? new ModelGenerator(recording, config)
    : new OfflineGenerator(renderer, config.seed, config.screen === true);
  if (meta.verifier === "model" && !recording)
    throw new Error("a model verifier needs a model provider; the offline provider verifies with the metric");
  const scorer = new GoalScorer();
  const judge: PairJudge =
    meta.verifier === "model"
      ? new ModelJudge(recording!, config)
      : new MetricJudge(config.judgeNoise, config.seed, scorer);
  return { record, renderer, generator, judge, scorer, usage: recording && (() => ({ ...recording.totals })) };
}

/** The render settings of a task, with optional overrides (a smaller, faster preview). */
export function taskSetup(task: Task, override: Partial<RenderSettings> = {}): SceneSetup {
  return {
    scene: task.scene,
    views: task.spec.views.map((camera) => ({ camera })),
    settings: { ...task.spec.render, ...override },
  };
}

/** The task's goal renders: from the cache when the settings are the task's own, else rendered now. */
async function goalImages(pool: WorkerPool, task: Task, setup: SceneSetup): Promise<Buffer[]> {
  const own = JSON.stringify(setup.settings) === JSON.stringify(task.spec.render);
  const version = await pool.withWorker(async (w) => w.client?.session.hello?.blenderVersion ?? "unknown");
  const cached = own ? readGoalRenders(task, version) : undefined;
  if (cached) return cached;
  const r = await pool.evaluate({ scene: setup.scene, code: task.goal, views: setup.views, settings: setup.settings });
  return r.images.map((i) => Buffer.from(i.png, "base64"));
}

/** What every new episode needs, wherever its start and goal come from. */
interface NewEpisode {
  pool: WorkerPool;
  config: EpisodeConfig;
  agent?: AgentChoice;
  /** Where records go (default runs/). */
  runsDir?: string;
  id?: string;
}

/** What a new episode starts from, besides its config: the start program, the goal, where it came from. */
interface Beginning {
  startProgram: string;
  goal: EpisodeInput["goal"];
  meta: Omit<EpisodeMetaInput, "agent" | "setup">;
}

async function beginEpisode(
  o: NewEpisode,
  label: string,
  setup: SceneSetup,
  build: (meta: AgentMeta) => Promise<Beginning>,
  live?: LiveParts,
): Promise<Episode> {
  const agent = o.agent ?? {};
  const meta = agentMeta(agent);
  const provider = agent.provider && createProvider(agent.provider, process.env, agent.permit);
  const { startProgram, goal, meta: extra } = await build(meta);
  if (!goal.images && meta.verifier === "metric")
    throw new Error("the metric verifier needs goal images: give goal images, or use a model verifier");
  const record = EpisodeRecord.create(path.join(o.runsDir ?? RUNS_DIR, o.id ?? newEpisodeId(label)));
  const pool = new PoolRenderer(o.pool, setup);
  // The record holds what "auto" chose, so a resume or replay needs no rule to screen as it did.
  const screen = await screensDrafts(o.config, {
    offline: meta.provider === "offline",
    engine: SceneSetup.parse(setup).settings.engine,
    movesGeometry: async () => movesGeometry((await pool.analyze(startProgram)).literals),
  });
  const config = { ...o.config, screen };
  const input: EpisodeInput = { label, startProgram, goal, config, meta: { ...extra, agent: meta, setup } };
  const renderer = new RecordingRenderer(pool, record, goal.views);
  return Episode.begin(input, { ...parts(meta, config, renderer, record, provider), ...live });
}

export interface TaskEpisodeOptions extends NewEpisode {
  task: Task;
  goalMode?: GoalMode;
  renderOverride?: Partial<RenderSettings>;
}

/** Start an episode on a task: goal from its goal program's renders and/or its instruction. */
export function startTaskEpisode(o: TaskEpisodeOptions): Promise<Episode> {
  const setup = taskSetup(o.task, o.renderOverride);
  const goalMode = o.goalMode ?? "images";
  return beginEpisode(o, o.task.key, setup, async () => {
    const images = goalMode === "text" ? undefined : await goalImages(o.pool, o.task, setup);
    const instruction = goalMode === "images" ? undefined : o.task.spec.instruction;
    return {
      startProgram: o.task.start,
      goal: { views: o.task.spec.views, images, instruction },
      meta: { task: o.task.key, goalMode },
    };
  });
}

export interface LiveEpisodeOptions extends NewEpisode {
  /** The artist's Blender (role live). */
  live: BlenderClient;
  /** The program that sets up the editable part of the artist's scene. */
  program: string;
  goalImages?: Buffer[];
  instruction?: string;
  /** Cameras to render; none: the artist's 3D viewport. */
  cameras?: string[];
  settings: RenderSettings;
  /** Ask before each winning edit is applied (the panel's Accept / Reject). */
  approve?: EpisodeParts["approve"];
  /** The part of the scene `program` was written from (recorded, so a revert can read it again). */
  scope?: EpisodeMeta["scope"];
}

/** What an episode on the artist's scene adds to the loop: the push of each accepted edit, and the asking first. */
type LiveParts = Pick<EpisodeParts, "approve" | "onAccepted">;

/**
 * Start an episode on the artist's open scene: workers load a snapshot of it, and each
 * accepted edit is run in the artist's Blender as one undo step named after what it changed,
 * so Ctrl+Z takes it back. The program runs whole each time, so it must set values.
 */
export async function startLiveEpisode(o: LiveEpisodeOptions): Promise<Episode> {
  if (!o.goalImages?.length && !o.instruction)
    throw new Error("a live episode needs a goal: goal images, an instruction, or both");
  const { path: blendPath } = await o.live.call("scene.snapshot", {});
  const views: View[] = o.cameras?.length
    ? o.cameras.map((camera) => ({ camera }))
    : [(await o.live.call("render.viewport", { scale: 1 })).view];
  const names = views.map((v) => ("camera" in v ? v.camera : v.name));
  if (o.goalImages && o.goalImages.length !== views.length) {
    throw new Error(
      `${o.goalImages.length} goal image(s) for ${views.length} view(s) (${names.join(", ")}): ` +
        `give one goal image per view`,
    );
  }
  const setup: SceneSetup = { scene: { blendPath }, views, settings: o.settings };
  return beginEpisode(
    o,
    "live",
    setup,
    async () => ({
      startProgram: o.program,
      goal: { views: names, images: o.goalImages, instruction: o.instruction },
      meta: { live: true, scope: o.scope, askBeforeApplying: o.approve !== undefined },
    }),
    { onAccepted: pushTo(o.live, o.program), approve: o.approve },
  );
}

/** The Text data-block the program written from the artist's scene goes to, for them to read. */
export const AGENT_PROGRAM_TEXT = "Agent program";

/**
 * The program an episode on the artist's scene edits, written from part of it
 * (scene.program): the selection by default, a collection, the scene, or a Text they wrote.
 */
export function programFromScene(
  live: BlenderClient,
  scope: Omit<ParamsIn<"scene.program">, "text"> = {},
): Promise<Result<"scene.program">> {
  const text = scope.scope === "text" ? undefined : AGENT_PROGRAM_TEXT;
  return live.call("scene.program", { ...scope, text });
}

/**
 * Each accepted edit runs in the artist's Blender as one undo step, named after what it
 * changed ("Agent 2: CHAIR_SCALE 1.0 → 1.25"). `applied`: the program the scene shows now.
 * A Blender that has gone away misses the edit without failing the episode: reattaching
 * it runs the incumbent there (see reattachLive).
 */
function pushTo(live: BlenderClient, applied: string): NonNullable<EpisodeParts["onAccepted"]> {
  let shown = applied;
  return async (program, iteration) => {
    if (live.session.closed) return;
    try {
      await live.call("program.run", { code: program, label: editLabel(iteration, shown, program) });
    } catch (err) {
      if (live.session.closed) return;
      throw err;
    }
    shown = program;
  };
}

/**
 * The record's meta when it is of an episode on a live Blender (its resume needs that
 * Blender connected), else undefined; reads its events only, no images.
 */
export function liveRecordMeta(dir: string): EpisodeMeta | undefined {
  const started = readEvents(dir).find((e) => e.type === "episode.started");
  return started?.type === "episode.started" && started.meta.live === true ? started.meta : undefined;
}

/**
 * Reattach a resumed live episode to the artist's Blender. The workers keep rendering the
 * recorded snapshot while it exists (it lives as long as the Blender that saved it); when
 * that Blender has restarted they take a new snapshot of the scene as it is now, which
 * gives the same renders because programs set their values whole. Then the incumbent is
 * run once ("Agent: resumed after iteration N"), so the open scene shows where the
 * episode stands whatever happened to it meanwhile. A record may come from elsewhere or
 * have been edited: the incumbent runs in a worker first, and only if it runs cleanly
 * there does it reach the artist's Blender.
 */
async function reattachLive(
  pool: WorkerPool,
  live: BlenderClient,
  setup: SceneSetup,
  record: EpisodeRecord,
  progress: EpisodeProgress,
): Promise<SceneSetup> {
  const reattached = await withLiveSnapshot(live, setup);
  const snapshot = reattached.scene.blendPath;
  const recorded = "blendPath" in setup.scene ? setup.scene.blendPath : undefined;
  if (progress.iteration > 0) {
    const code = progress.incumbent.program;
    try {
      await pool.evaluate({ scene: reattached.scene, code, views: setup.views, settings: setup.settings });
    } catch (err) {
      throw new Error(
        `the recorded incumbent (iteration ${progress.iteration}) failed in a worker, ` +
          `so nothing was run in your Blender: ${describeFailure(err).error}`,
      );
    }
    await live.call("program.run", { code, label: `Agent: resumed after iteration ${progress.iteration}` });
  }
  record.events.publish("live.reattached", {
    snapshot,
    newSnapshot: snapshot !== recorded,
    pushedIteration: progress.iteration,
  });
  return reattached;
}

/**
 * A live episode's setup with a snapshot that exists: the recorded one while it does (it
 * lives as long as the Blender that saved it), else a new one of the scene as it is now.
 */
async function withLiveSnapshot(
  live: BlenderClient,
  setup: SceneSetup,
): Promise<SceneSetup & { scene: { blendPath: string } }> {
  const recorded = "blendPath" in setup.scene ? setup.scene.blendPath : undefined;
  const snapshot = recorded && existsSync(recorded) ? recorded : (await live.call("scene.snapshot", {})).path;
  return { ...setup, scene: { blendPath: snapshot } };
}

/**
 * Run `code` in a worker on the live episode's scene, so that it may then run in the
 * artist's Blender (only programs that ran cleanly in a worker of this run may); throws
 * the worker's error when it does not run cleanly.
 */
export async function previewOnLiveScene(
  pool: WorkerPool,
  live: BlenderClient,
  setup: SceneSetup,
  code: string,
): Promise<void> {
  const { scene, views, settings } = await withLiveSnapshot(live, setup);
  await pool.evaluate({ scene, code, views, settings });
}

export interface ResumeOptions {
  /** Settings to change on the way (a deeper search, say). */
  config?: Partial<EpisodeConfig>;
  /** The artist's Blender, for an episode that was live: required for those. */
  live?: BlenderClient;
  /** Ask before each winning edit is applied (live episodes). */
  approve?: EpisodeParts["approve"];
  /** Waits for leave before each model request (AgentChoice.permit). */
  permit?: RequestPermit;
}

/** The provider a record names, built again (its key comes from the environment again); none for offline. */
function providerFromRecord(agent: AgentMeta, permit?: RequestPermit): ModelProvider | undefined {
  if (agent.provider === "offline") return undefined;
  const parsed = ProviderConfig.safeParse({ provider: agent.provider, model: agent.model, baseUrl: agent.baseUrl });
  if (!parsed.success)
    throw new Error(`the record names a provider this sidecar cannot build: ${z.prettifyError(parsed.error)}`);
  return createProvider(parsed.data, process.env, permit);
}

/**
 * Go on with a recorded episode after a crash or a stop: the same agent (the provider's
 * key comes from the environment again), from the last completed iteration.
 */
export async function resumeEpisode(pool: WorkerPool, dir: string, options: ResumeOptions = {}): Promise<Episode> {
  const recorded = readEpisode(dir);
  const { meta } = recorded.input;
  if (meta.live && !options.live)
    throw new Error(
      `${dir} is an episode on a live Blender: ` +
        `resume it in live mode (npm start -- run --resume ${dir}) with that Blender connected`,
    );
  const input = { ...recorded.input, config: { ...recorded.input.config, ...options.config } };
  const provider = providerFromRecord(meta.agent, options.permit);
  const record = EpisodeRecord.reopen(dir, recorded.lastAttempt);
  const setup =
    meta.live && options.live
      ? await reattachLive(pool, options.live, meta.setup, record, recorded.progress)
      : meta.setup;
  const renderer = new RecordingRenderer(new PoolRenderer(pool, setup), record, input.goal.views);
  const episodeParts = {
    ...parts(meta.agent, input.config, renderer, record, provider),
    onAccepted: meta.live && options.live ? pushTo(options.live, recorded.progress.incumbent.program) : undefined,
    approve: options.approve,
  };
  return Episode.resumeFrom(input, episodeParts, recorded.progress);
}

/**
 * Replay a recorded episode without Blender or any model: the same loop, fed the
 * record's renders and replies. Its own record goes to a scratch folder.
 */
export async function replayEpisode(
  dir: string,
  scratch = mkdtempSync(path.join(os.tmpdir(), "replay-")),
): Promise<{ episode: Episode; recorded: RecordedEpisode }> {
  const recorded = readEpisode(dir);
  const { meta } = recorded.input;
  const screened = recorded.input.config.screen === true;
  if (screened && eventsOf(recorded.events, "program.screened").length === 0)
    throw new Error(
      `${dir} says it screened its drafts but holds no screening renders: it reads, ` +
        "and its sheet and page show it, but it cannot be replayed",
    );
  const source = EpisodeRecord.reopen(dir, 0);
  const renderer = new RecordedRenderer(recorded.events, (ref) => source.readImage(ref));
  const provider =
    meta.agent.provider === "offline"
      ? undefined
      : new RecordedProvider(recorded.events, meta.agent.provider, meta.agent.model ?? "");
  const record = EpisodeRecord.create(path.join(scratch, path.basename(dir)));
  const episode = await Episode.begin(recorded.input, {
    ...parts(meta.agent, recorded.input.config, renderer, record, provider),
    approve: recordedApprovals(recorded.events),
  });
  return { episode, recorded };
}
