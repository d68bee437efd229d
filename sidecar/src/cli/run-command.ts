import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { createInterface } from "node:readline";
import sharp from "sharp";
import { z } from "zod";
import type { Episode, EpisodeSummary } from "../agent/episode.js";
import {
  liveRecordMeta,
  programFromScene,
  resumeEpisode,
  startLiveEpisode,
  startTaskEpisode,
} from "../agent/episode-setup.js";
import { SCREENED_OUT } from "../agent/generator/offline-generator.js";
import type { EventOf } from "../agent/record/events.js";
import { EpisodeHost, type HostedEpisode } from "../episodes/episode-host.js";
import { BlenderClient } from "../hub/blender-client.js";
import type { Hub } from "../hub/hub-server.js";
import { formatPL } from "../metrics/photometric.js";
import { pageAddress, serveEpisodePage } from "../page/episode-page.js";
import { startLocalPool } from "../pool/local-pool.js";
import type { WorkerPool } from "../pool/worker-pool.js";
import { loadTasks, type Task } from "../tasks/task-loader.js";
import { accessFlagShape, describeToken, tokenFrom } from "./access-flags.js";
import {
  AGENT_BOOLEAN_FLAGS,
  AGENT_FLAGS_USAGE,
  agentFlagShape,
  agentFrom,
  configFrom,
  flagOptions,
  renderOverrideFrom,
} from "./agent-flags.js";
import { parseFlags } from "./flags.js";
import { poolOptionsFrom } from "./pool-flags.js";

export const RUN_USAGE = `usage: npm start -- run [options]

Run one agent episode on a task and write its record to runs/<episode-id>/.
With no options: the offline provider (no model, no API key) on ${"placement/desk-chair-tuck-in"}.

options:
  --task ID              a task id or category/id (default placement/desk-chair-tuck-in)
${AGENT_FLAGS_USAGE}
  --goal G               images | text | both: what the agent is shown (default images)
  --runs DIR             where records go (default runs/)
  --resume DIR           continue a recorded episode (after a crash or a stop); a live one waits for its Blender again

  live mode: edit the scene open in Blender (connect its add-on to this sidecar)
  --live                 wait for a live Blender; each accepted edit becomes one undo step there
  --program FILE         the Python program that sets up the editable part of the scene
                         (default: written from the objects selected in Blender, into its Text "Agent program")
  --goal-image FILE      a goal image per view (repeatable, in the order of --cameras)
  --instruction TEXT     the goal in words (with or without goal images; needs a model verifier alone)
  --cameras A,B          cameras to render (default: the artist's 3D viewport)
  --engine E             WORKBENCH | EEVEE | CYCLES (default WORKBENCH)
  --port N               where the sidecar listens for Blender (default 8765, on 127.0.0.1)
  --token-file FILE      the session token, as for serve (or BLENDER_AGENT_TOKEN; --token T shows in ps)
  --step                 pause before each iteration: Enter runs it, "r" runs the rest, "q" stops
  --help                 show this help`;

const DEFAULT_TASK = "placement/desk-chair-tuck-in";
const RunFlags = z
  .object({
    ...agentFlagShape,
    task: z.string().min(1).default(DEFAULT_TASK),
    goal: z.enum(["images", "text", "both"]).default("images"),
    runs: z.string().min(1).optional(),
    resume: z.string().min(1).optional(),
    step: z.boolean().default(false),
    live: z.boolean().default(false),
    program: z.string().min(1).optional(),
    "goal-image": z.array(z.string().min(1)).optional(),
    instruction: z.string().min(3).max(2000).optional(),
    cameras: z
      .string()
      .regex(/^[^,]+(,[^,]+)*$/, "camera names separated by commas")
      .optional(),
    engine: z.enum(["WORKBENCH", "EEVEE", "CYCLES"]).default("WORKBENCH"),
    port: z.coerce.number().int().min(0).max(65535).default(8765),
    token: accessFlagShape.token,
    "token-file": accessFlagShape["token-file"],
    help: z.boolean().default(false),
  })
  .strict();
type RunFlags = z.output<typeof RunFlags>;

const RUN_OPTIONS = flagOptions(RunFlags.shape, ["step", "help", "live", ...AGENT_BOOLEAN_FLAGS], ["goal-image"]);

export function progressLine(s: EventOf<"iteration.ended">, depth: number, startScore: number | undefined): string {
  const screened = s.drafts.filter((d) => !d.ok && d.error?.startsWith(SCREENED_OUT)).length;
  const failed = s.drafts.filter((d) => !d.ok).length - screened;
  const q = s.queries.generation + s.queries.verification;
  return (
    `iteration ${s.iteration}/${depth}  ${s.style.padEnd(4)}  winner ${s.winner.padEnd(9)}  ` +
    `PL ${formatPL(s.score)} (start ${formatPL(startScore)})  ` +
    `drafts ${s.drafts.length - failed - screened} ok${failed ? `, ${failed} dropped` : ""}` +
    `${screened ? `, ${screened} screened out` : ""}  ` +
    `queries ${q}  ${(s.ms / 1000).toFixed(1)} s`
  );
}

/**
 * Between iterations, wait for the user: Enter steps once, "r" runs the rest, "q" stops.
 * Steering goes through the host, as the page's does, so either may press next.
 */
async function stepInteractively(host: EpisodeHost, entry: HostedEpisode): Promise<void> {
  const { episode } = entry;
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  const ask = () =>
    new Promise<string>((resolve) =>
      rl.question(`[iteration ${episode.iteration + 1}] Enter: step, r: run the rest, q: stop > `, resolve),
    );
  const ended = host.ended(entry.id);
  try {
    while (episode.status === "ready" || episode.status === "paused") {
      const answer = await Promise.race([ask(), ended.then(() => "ended")]);
      if (answer === "ended") return;
      const word = answer.trim().toLowerCase();
      const action = word === "q" ? "stop" : word === "r" ? "resume" : "step";
      const status: string = episode.status; // read again: the page may have pressed meanwhile
      if (status === "running") continue;
      await host.control(entry.id, action);
      await entry.work;
    }
    await ended;
  } finally {
    rl.close();
  }
}

/** The episode page for this run's hub: steer and watch the episode in a browser too. */
function hostOnPage(
  hub: Hub,
  episode: Episode,
  runsDir: string | undefined,
): { host: EpisodeHost; entry: HostedEpisode } {
  const host = new EpisodeHost();
  const entry = host.add({ id: episode.summary().id, episode, work: Promise.resolve() });
  host.serve(hub);
  serveEpisodePage(hub, host, runsDir);
  return { host, entry };
}

/** The hub and workers an episode runs on; in live mode also the artist's Blender. */
interface Bridge {
  hub: Hub;
  pool: WorkerPool;
  live?: BlenderClient;
  close(): Promise<void>;
}

async function openBridge(flags: RunFlags, live: boolean): Promise<Bridge> {
  if (!live) return startLocalPool(poolOptionsFrom(flags));
  const token = tokenFrom(flags);
  const local = await startLocalPool(poolOptionsFrom(flags), { port: flags.port, token: token.token });
  try {
    // One value per line, so neither can be copied with a stray comma.
    const shown = describeToken(token, local.hub.token, flags);
    console.log(
      `waiting for Blender. In the add-on's preferences set\n` +
        `  URL:   ${local.hub.url}\n  token: ${shown}\n` +
        `then press Connect (3D View > Sidebar > Agent)`,
    );
    const session = await local.hub.waitForSession(
      (s) => s.role === "live",
      24 * 3600_000,
      "a live Blender to connect",
    );
    console.log(`live Blender connected: ${session.label}`);
    return { ...local, live: new BlenderClient(session) };
  } catch (err) {
    await local.close();
    throw err;
  }
}

async function readGoalImages(files: string[] | undefined): Promise<Buffer[] | undefined> {
  if (!files?.length) return undefined;
  return Promise.all(
    files.map(async (file) => {
      if (!existsSync(file)) throw new Error(`--goal-image ${file}: no such file`);
      try {
        return await sharp(file).png().toBuffer(); // any format sharp reads; the record keeps PNG
      } catch (err) {
        throw new Error(`--goal-image ${file}: not an image sharp can read (${(err as Error).message})`);
      }
    }),
  );
}

async function createEpisode(flags: RunFlags, bridge: Bridge): Promise<Episode> {
  if (flags.resume) return resumeEpisode(bridge.pool, flags.resume, { live: bridge.live });
  const config = configFrom(flags);
  const agent = agentFrom(flags);
  const common = { pool: bridge.pool, config, agent, runsDir: flags.runs };
  if (bridge.live) {
    if (flags.program && !existsSync(flags.program)) throw new Error(`--program: no file ${flags.program}`);
    const size = flags.size ?? 256;
    // Without a program of the artist's, one is written from the objects selected in Blender.
    const program = flags.program
      ? readFileSync(flags.program, "utf8")
      : (await programFromScene(bridge.live, { scope: "selected" })).program;
    return startLiveEpisode({
      ...common,
      live: bridge.live,
      program,
      goalImages: await readGoalImages(flags["goal-image"]),
      instruction: flags.instruction,
      cameras: flags.cameras?.split(","),
      settings: { engine: flags.engine, width: size, height: size, samples: flags.samples ?? 16, seed: 0 },
    });
  }
  return startTaskEpisode({
    ...common,
    task: resolveTask(flags.task),
    goalMode: flags.goal,
    renderOverride: renderOverrideFrom(flags),
  });
}

export async function runCommand(argv: string[]): Promise<void> {
  const flags = parseFlags(argv, RUN_OPTIONS, RunFlags);
  if (flags.help) {
    console.log(RUN_USAGE);
    return;
  }
  if (!flags.resume) {
    // Bad flags, an unknown task or a missing API key fail before any Blender starts.
    configFrom(flags);
    agentFrom(flags);
    if (!flags.live) resolveTask(flags.task);
  }
  // A live episode resumes live: it waits for the artist's Blender again, with or without --live.
  const bridge = await openBridge(
    flags,
    flags.live || (flags.resume !== undefined && liveRecordMeta(flags.resume) !== undefined),
  );
  let episode: Episode | undefined;
  let summary: EpisodeSummary | undefined;
  const onSignal = () => {
    console.log("\nstopping: the iteration in flight is abandoned; the record keeps every finished one");
    void episode?.stop();
  };
  process.once("SIGINT", onSignal);
  try {
    episode = await createEpisode(flags, bridge);
    const ep = episode;
    const startScore = ep.summary().startScore;
    console.log(
      `episode ${ep.summary().id} on ${ep.input.label}: ` +
        `${ep.input.config.depth} iterations of ${ep.input.config.breadth} drafts, record in ${ep.dir}`,
    );
    ep.events.on("iteration.ended", (e) => console.log(progressLine(e, ep.input.config.depth, startScore)));
    const { host, entry } = hostOnPage(bridge.hub, ep, flags.runs);
    console.log(`episode page: ${pageAddress(bridge.hub, bridge.hub.token)}`);
    if (flags.step) await stepInteractively(host, entry);
    else {
      ep.events.on("episode.paused", () =>
        console.log("paused (from the episode page): Resume or Step there, or Ctrl+C to stop"),
      );
      host.runInBackground(entry, () => ep.run());
      await host.ended(entry.id);
    }
    summary = ep.summary();
  } finally {
    process.off("SIGINT", onSignal);
    await bridge.close();
  }
  if (summary.error) console.log(`episode failed: ${summary.error}`);
  if (summary.status === "stopped")
    console.log(`resume with: npm start -- run --resume ${path.relative(process.cwd(), summary.dir)}`);
  // The last line, for people and scripts: where the record is and how far PL came.
  console.log(
    `record: ${path.relative(process.cwd(), summary.dir)}  ` +
      `PL ${formatPL(summary.startScore)} -> ${formatPL(summary.finalScore)}`,
  );
  if (summary.status === "failed") process.exitCode = 1;
}

/** The one task `--task` names (an id or "category/id"). */
function resolveTask(key: string): Task {
  const { tasks, errors } = loadTasks({ task: key });
  if (errors.length) throw new Error(`task ${errors[0]!.key}: ${errors[0]!.error}`);
  if (tasks.length > 1) throw new Error(`--task ${key} names ${tasks.length} tasks; run plays one`);
  return tasks[0]!;
}
