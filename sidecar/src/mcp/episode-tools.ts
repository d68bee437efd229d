import { readFile } from "node:fs/promises";
import { z } from "zod";
import { EpisodeAgent, EpisodeStartParams, EpisodeStatus } from "../../../protocol/src/schemas/episode.js";
import { Engine } from "../../../protocol/src/schemas/render.js";
import { ProgramScope } from "../../../protocol/src/schemas/scene.js";
import type { ControlAction, EpisodeHost, HostedEpisode } from "../episodes/episode-host.js";
import type { Progress } from "../episodes/episode-progress.js";
import type { LiveEpisodes } from "../episodes/live-episodes.js";
import { CameraNames } from "./image-tools.js";
import type { LiveScene } from "./live-scene.js";
import { montage } from "./montage.js";
import { registerTool, type ToolExtra, type ToolRegistry } from "./tool-kit.js";

/** The pause between an iteration's last progress notification and the tool's result (see withProgress). */
const PROGRESS_SETTLE_MS = 100;

const EpisodeIdInput = z.string().min(1).max(200).describe("start_episode's episodeId");

const StatusOutput = z.object({
  episodeId: z.string(),
  status: EpisodeStatus,
  iteration: z.number(),
  depth: z.number(),
  score: z.number().nullable().describe("PL of the current best against the goal images (lower is closer)"),
  startScore: z.number().nullable(),
  message: z.string().describe("the last thing that happened, in one line"),
  queries: z.object({ generation: z.number(), verification: z.number() }),
  costUsd: z.number().nullable(),
  error: z.string().nullable(),
  waitingEdit: z.string().nullable().describe("an edit waiting for the artist's Accept or Reject in the panel"),
});

const StartInput = z.object({
  instruction: z.string().min(3).max(2000).optional().describe("the goal in words (needs a model provider)"),
  goalImages: z.array(z.string().max(20_000_000)).min(1).max(8).optional().describe("base64 images, one per view"),
  goalImageFiles: z
    .array(z.string().min(1).max(4096))
    .min(1)
    .max(8)
    .optional()
    .describe("image files on the sidecar's machine, one per view (instead of goalImages)"),
  cameras: CameraNames.optional().describe("default: the artist's viewport (a headless scene: its active camera)"),
  scope: ProgramScope.default("selected").describe("what the agent may edit"),
  collection: z.string().min(1).max(63).optional().describe("for scope collection (or the Text, for scope text)"),
  ...EpisodeAgent.shape,
  engine: Engine.default("WORKBENCH"),
  size: z.number().int().min(32).max(1024).default(256).describe("render size the agent judges at"),
  paused: z.boolean().default(false).describe("start paused: nothing runs until step or resume"),
  askBeforeApplying: z.boolean().default(false).describe("each winning edit waits for the artist in the panel"),
  wait: z.boolean().default(false).describe("return when the episode ends or pauses, with progress per iteration"),
});

function statusOf(p: Progress): z.infer<typeof StatusOutput> {
  return {
    episodeId: p.episodeId,
    status: p.status,
    iteration: p.iteration,
    depth: p.depth,
    score: p.score,
    startScore: p.startScore,
    message: p.message,
    queries: p.queries,
    costUsd: p.costUsd,
    error: p.error,
    waitingEdit: p.proposal ? p.proposal.summary : null,
  };
}

function summaryOf(p: z.infer<typeof StatusOutput>): string {
  const score =
    p.score !== null && p.startScore !== null ? `; PL ${p.startScore.toFixed(4)} → ${p.score.toFixed(4)}` : "";
  return `Episode ${p.episodeId}: ${p.status}, iteration ${p.iteration} of ${p.depth}${score}. ${p.message}`;
}

/**
 * While `work` runs, send MCP progress notifications for each iteration of the episode
 * (when the caller asked for progress); resolves when the work is done or the call is
 * cancelled (the episode goes on: episode_status follows it, pause and stop steer it).
 */
async function withProgress(entry: HostedEpisode, extra: ToolExtra, work: () => Promise<unknown>): Promise<void> {
  const token = extra._meta?.progressToken;
  const { events, input } = entry.episode;
  const total = input.config.depth;
  // Flushed before the call returns, then a short pause: the SDK's client drops a progress
  // notification it reads in the same chunk as the result (typescript-sdk issue #2580).
  const sent: Promise<unknown>[] = [];
  const send = (progress: number, message: string) => {
    if (token === undefined) return;
    const params = { progressToken: token, progress, total, message };
    sent.push(extra.sendNotification({ method: "notifications/progress", params }).catch(() => undefined));
  };
  const offs = [
    events.on("iteration.started", (e) => send(e.iteration - 0.5, `Iteration ${e.iteration}: drafting ${e.breadth}`)),
    events.on("iteration.ended", (e) => {
      const what = e.rejected ? "edit rejected" : e.winner === "incumbent" ? "kept the scene" : `${e.winner} won`;
      send(
        e.iteration,
        `Iteration ${e.iteration}: ${what}${e.score !== undefined ? `, PL ${e.score.toFixed(4)}` : ""}`,
      );
    }),
  ];
  let onAbort = () => {};
  const cancelled = new Promise<void>((resolve) => {
    onAbort = () => resolve();
    extra.signal.addEventListener("abort", onAbort, { once: true });
  });
  try {
    await Promise.race([work(), cancelled]);
  } finally {
    for (const off of offs) off();
    extra.signal.removeEventListener("abort", onAbort);
    await Promise.all(sent);
    if (sent.length) await new Promise((resolve) => setTimeout(resolve, PROGRESS_SETTLE_MS));
  }
}

async function goalImages(args: z.infer<typeof StartInput>): Promise<string[] | undefined> {
  if (args.goalImages && args.goalImageFiles) throw new Error("give goalImages or goalImageFiles, not both");
  if (!args.goalImageFiles) return args.goalImages;
  return Promise.all(
    args.goalImageFiles.map(async (file) => {
      try {
        return (await readFile(file)).toString("base64");
      } catch (err) {
        throw new Error(`goalImageFiles: cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? err})`);
      }
    }),
  );
}

/**
 * The project's agent loop as tools: start an episode on the open scene (the same one the
 * panel starts, so the panel follows it too), follow it, and steer it through the episode
 * host every surface shares.
 */
export function registerEpisodeTools(
  registry: ToolRegistry,
  scene: LiveScene,
  episodes: LiveEpisodes,
  host: EpisodeHost,
): void {
  const hosted = (id: string) => {
    const entry = host.get(id);
    if (!entry) throw new Error(`no episode ${id} runs in this sidecar (start_episode starts one)`);
    return entry;
  };
  const status = async (id: string) => statusOf(await episodes.describe(id));

  registerTool(
    registry,
    "start_episode",
    {
      title: "Start an agent episode",
      description:
        "Start the agent loop on the open scene: it writes a program for the scope (the selected objects by " +
        "default), drafts edits, renders them in workers, keeps the one closest to the goal, and applies each " +
        "winner to the artist's scene as one undo step. The goal: images (one per view) and/or an instruction " +
        "(an instruction needs a model provider). The panel in Blender follows it and can pause or stop it.",
      input: StartInput,
      output: StatusOutput.extend({ views: z.array(z.string()), dir: z.string() }),
      readOnly: false,
    },
    async (args, extra) => {
      const live = await scene.blender();
      const images = await goalImages(args);
      const named = args.scope === "collection" || args.scope === "text";
      // A headless scene has no viewport to judge from: its active camera, unless cameras are named.
      const cameras =
        args.cameras ??
        (scene.headless ? (await scene.views(undefined)).map((v) => ("camera" in v ? v.camera : v.name)) : undefined);
      const params = EpisodeStartParams.parse({
        goal: { instruction: args.instruction, images },
        cameras,
        scope: { scope: args.scope, name: named ? args.collection : undefined },
        agent: {
          provider: args.provider,
          model: args.model,
          breadth: args.breadth,
          depth: args.depth,
          verifyK: args.verifyK,
          budget: args.budget,
        },
        render: { engine: args.engine, width: args.size, height: args.size },
        // Waited on: started paused and resumed once followed, so its first iteration is heard from its start.
        paused: args.paused || args.wait,
        askBeforeApplying: args.askBeforeApplying,
      });
      const started = await episodes.start(params, live.session);
      if (args.wait && !args.paused) {
        const entry = hosted(started.episodeId);
        await withProgress(entry, extra, async () => {
          await host.control(started.episodeId, "resume");
          await entry.work;
        });
      }
      const now = await status(started.episodeId);
      return {
        summary: summaryOf(now),
        structured: { ...now, views: started.views, dir: started.dir },
      };
    },
  );

  registerTool(
    registry,
    "episode_status",
    {
      title: "Episode status",
      description:
        "Where an episode stands: status, iteration, PL from the start to now, the last decision, queries " +
        "and cost; with the goal beside the current best as an image.",
      input: z.object({ episodeId: EpisodeIdInput, image: z.boolean().default(true) }),
      output: StatusOutput,
      readOnly: true,
    },
    async ({ episodeId, image }) => {
      const entry = hosted(episodeId);
      const now = await status(episodeId);
      const goal = entry.episode.input.goal.images?.[0];
      const best = entry.episode.incumbent.pngs[0];
      const tiles = [
        ...(goal ? [{ label: "goal", png: goal }] : []),
        ...(best ? [{ label: `now (iteration ${now.iteration})`, png: best }] : []),
      ];
      return {
        summary: summaryOf(now),
        structured: now,
        images: image && tiles.length ? [await montage(tiles, 768)] : undefined,
      };
    },
  );

  const control = (
    name: string,
    action: ControlAction,
    title: string,
    description: string,
    waits: "never" | "always" | "optional",
  ) =>
    registerTool(
      registry,
      name,
      {
        title,
        description,
        input: z.object({
          episodeId: EpisodeIdInput,
          ...(waits === "optional"
            ? { wait: z.boolean().default(false).describe("return when it ends or pauses, with progress") }
            : {}),
        }),
        output: StatusOutput,
        readOnly: false,
      },
      async (args, extra) => {
        const entry = hosted(args.episodeId);
        const wait = waits === "always" || (waits === "optional" && (args as { wait?: boolean }).wait === true);
        // Followed from before the control, so the iteration it starts is heard from its start.
        if (wait)
          await withProgress(entry, extra, async () => {
            await host.control(args.episodeId, action);
            await entry.work;
          });
        else await host.control(args.episodeId, action);
        const now = await status(args.episodeId);
        return { summary: summaryOf(now), structured: now };
      },
    );
  control(
    "pause",
    "pause",
    "Pause an episode",
    "Pause an episode after the iteration in flight; step or resume goes on from there.",
    "never",
  );
  control(
    "resume",
    "resume",
    "Resume an episode",
    "Let a paused episode run on (with wait: until it ends or is paused, with progress per iteration).",
    "optional",
  );
  control(
    "step",
    "step",
    "Step an episode",
    "Run one iteration of a paused (or new) episode and return when it is done, with progress notifications.",
    "always",
  );
  control(
    "stop",
    "stop",
    "Stop an episode",
    "Stop an episode for good; the scene keeps the edits applied so far (revert_episode takes them back).",
    "never",
  );
}
