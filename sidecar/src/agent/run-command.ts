import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { createInterface } from "node:readline";
import { z } from "zod";
import { parseFlags } from "../cli-flags.js";
import sharp from "sharp";
import { BlenderClient } from "../hub/blender-client.js";
import { startLocalPool } from "../pool/local-pool.js";
import type { WorkerPool } from "../pool/worker-pool.js";
import { PROVIDER_NAMES, type ProviderConfigInput, createProvider } from "../providers/provider-config.js";
import { type Task, loadTasks } from "../tasks/task-loader.js";
import { EpisodeConfig } from "./episode-config.js";
import { type AgentChoice, resumeEpisode, startLiveEpisode, startTaskEpisode } from "./episode-setup.js";
import type { Episode, EpisodeSummary, IterationSummary } from "./episode.js";

export const RUN_USAGE = `usage: npm start -- run [options]

Run one agent episode on a task and write its record to runs/<episode-id>/.
With no options: the offline provider (no model, no API key) on ${"placement/desk-chair-tuck-in"}.

options:
  --task ID              a task id or category/id (default placement/desk-chair-tuck-in)
  --provider P           ${PROVIDER_NAMES.join(" | ")} (default offline)
  --model M              model name (openai: gpt-4o, anthropic: claude-sonnet-4-6; required for openai-compatible)
  --base-url URL         API base URL (required for openai-compatible, e.g. http://localhost:8000/v1)
  --timeout S            seconds a model call may take before it is retried (default 120)
  --attempts N           tries per model call, with backoff on 429, 5xx, timeouts (default 4)
  --verifier V           model | metric (default: metric offline, model with a provider)
  --goal G               images | text | both: what the agent is shown (default images)
  --breadth N            drafts per iteration (default 4; offline 8)
  --depth N              iterations (default 3; offline 30)
  --verify-k N           verifier brackets per decision, votes aggregated (default 1)
  --budget N             total query budget (model calls; offline: drafts and comparisons)
  --veri-ratio R         share of the budget for verification, 0 < R < 1 (BlenderGym's VeriRatio)
  --temperature T        sampling temperature (default 0.7)
  --seed N               seed of every random choice (default 0)
  --size PX              render at PX×PX instead of the task's size (faster, coarser)
  --samples N            Cycles/EEVEE samples instead of the task's
  --workers N            headless Blender workers (default 2)
  --runs DIR             where records go (default runs/)
  --resume DIR           continue a recorded episode (after a crash or a stop)

  live mode: edit the scene open in Blender (connect its add-on to this sidecar)
  --live                 wait for a live Blender; each accepted edit becomes one undo step there
  --program FILE         the Python program that sets up the editable part of the scene
  --goal-image FILE      a goal image per view (repeatable, in the order of --cameras)
  --instruction TEXT     the goal in words (with or without goal images; needs a model verifier alone)
  --cameras A,B          cameras to render (default: the artist's 3D viewport)
  --engine E             WORKBENCH | EEVEE | CYCLES (default WORKBENCH)
  --port N, --token T    where the sidecar listens for Blender (default 8765; token as for serve)
  --step                 pause before each iteration: Enter runs it, "r" runs the rest, "q" stops
  --help                 show this help`;

const DEFAULT_TASK = "placement/desk-chair-tuck-in";
/** The offline search needs more, cheaper iterations than a VLM to get anywhere. */
const OFFLINE_DEFAULTS = { breadth: 8, depth: 30 };

const count = (max: number) => z.coerce.number().int().min(1).max(max);
const RunFlags = z
  .object({
    task: z.string().min(1).default(DEFAULT_TASK),
    provider: z.enum(PROVIDER_NAMES).default("offline"),
    model: z.string().min(1).optional(),
    "base-url": z.string().optional(),
    verifier: z.enum(["model", "metric"]).optional(),
    timeout: z.coerce.number().positive().max(3600).optional(),
    attempts: count(20).optional(),
    goal: z.enum(["images", "text", "both"]).default("images"),
    breadth: count(32).optional(),
    depth: count(1000).optional(),
    "verify-k": count(64).optional(),
    budget: count(1_000_000).optional(),
    "veri-ratio": z.coerce.number().gt(0).lt(1).optional(),
    temperature: z.coerce.number().min(0).max(2).optional(),
    seed: z.coerce.number().int().min(0).optional(),
    size: z.coerce.number().int().min(16).max(4096).optional(),
    samples: count(4096).optional(),
    workers: count(16).default(2),
    runs: z.string().min(1).optional(),
    resume: z.string().min(1).optional(),
    step: z.boolean().default(false),
    live: z.boolean().default(false),
    program: z.string().min(1).optional(),
    "goal-image": z.array(z.string().min(1)).optional(),
    instruction: z.string().min(3).max(2000).optional(),
    cameras: z.string().regex(/^[^,]+(,[^,]+)*$/, "camera names separated by commas").optional(),
    engine: z.enum(["WORKBENCH", "EEVEE", "CYCLES"]).default("WORKBENCH"),
    port: z.coerce.number().int().min(0).max(65535).default(8765),
    token: z.string().min(16, "a token needs at least 16 characters").optional(),
    help: z.boolean().default(false),
  })
  .strict();
type RunFlags = z.output<typeof RunFlags>;

const BOOLEAN_FLAGS = new Set(["step", "help", "live"]);
const RUN_OPTIONS = Object.fromEntries(
  Object.keys(RunFlags.shape).map((k) => [k, BOOLEAN_FLAGS.has(k) ? { type: "boolean" } : k === "goal-image" ? { type: "string", multiple: true } : { type: "string" }]),
) as Record<keyof RunFlags, { type: "string" | "boolean"; multiple?: boolean }>;

const pl = (x: number | undefined) => (x === undefined ? "n/a" : x.toExponential(3));

function progressLine(s: IterationSummary, depth: number, startScore: number | undefined): string {
  const failed = s.drafts.filter((d) => !d.ok).length;
  const q = s.queries.generation + s.queries.verification;
  return `iteration ${s.iteration}/${depth}  ${s.style.padEnd(4)}  winner ${s.winner.padEnd(9)}  PL ${pl(s.score)} (start ${pl(startScore)})  drafts ${s.drafts.length - failed} ok${failed ? `, ${failed} dropped` : ""}  queries ${q}  ${(s.ms / 1000).toFixed(1)} s`;
}

function agentFrom(flags: RunFlags): AgentChoice {
  if (flags.provider === "offline") {
    if (flags.model || flags["base-url"] || flags.timeout || flags.attempts) {
      throw new Error("--model, --base-url, --timeout and --attempts need a model provider: add --provider openai, anthropic or openai-compatible");
    }
    if (flags.verifier === "model") throw new Error("--verifier model needs a model provider; the offline provider verifies with the metric");
    return { verifier: flags.verifier };
  }
  const provider = {
    provider: flags.provider,
    model: flags.model,
    baseUrl: flags["base-url"],
    timeoutMs: flags.timeout === undefined ? undefined : Math.round(flags.timeout * 1000),
    maxAttempts: flags.attempts,
  } as ProviderConfigInput;
  return { provider: provider as AgentChoice["provider"], verifier: flags.verifier };
}

function configFrom(flags: RunFlags) {
  const offline = flags.provider === "offline";
  const parsed = EpisodeConfig.safeParse({
    breadth: flags.breadth ?? (offline ? OFFLINE_DEFAULTS.breadth : undefined),
    depth: flags.depth ?? (offline ? OFFLINE_DEFAULTS.depth : undefined),
    verifyK: flags["verify-k"],
    budget: flags.budget,
    veriRatio: flags["veri-ratio"],
    temperature: flags.temperature,
    seed: flags.seed,
  });
  if (!parsed.success) throw new Error(z.prettifyError(parsed.error));
  return parsed.data;
}

/** Between iterations, wait for the user: Enter steps once, "r" runs the rest, "q" stops. */
async function stepInteractively(episode: Episode): Promise<EpisodeSummary> {
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  const ask = () => new Promise<string>((resolve) => rl.question(`[iteration ${episode.iteration + 1}] Enter: step, r: run the rest, q: stop > `, resolve));
  try {
    for (;;) {
      const answer = (await ask()).trim().toLowerCase();
      if (answer === "q") return await episode.stop();
      if (answer === "r") return await episode.run();
      if (!(await episode.step())) return episode.summary();
      if (episode.status !== "paused") return episode.summary();
    }
  } finally {
    rl.close();
  }
}

/** The hub and workers an episode runs on; in live mode also the artist's Blender. */
interface Bridge {
  pool: WorkerPool;
  live?: BlenderClient;
  close(): Promise<void>;
}

async function openBridge(flags: RunFlags): Promise<Bridge> {
  if (!flags.live) return startLocalPool({ size: flags.workers });
  const local = await startLocalPool({ size: flags.workers }, { port: flags.port, token: flags.token ?? process.env.BLENDER_AGENT_TOKEN });
  try {
    console.log(`waiting for Blender: in the add-on's preferences set URL ${local.hub.url} and token ${local.hub.token}, then Connect (3D View > Sidebar > Agent)`);
    const session = await local.hub.waitForSession((s) => s.role === "live", 24 * 3600_000, "a live Blender to connect");
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
  if (flags.resume) return resumeEpisode(bridge.pool, flags.resume);
  const config = configFrom(flags);
  const agent = agentFrom(flags);
  const common = { pool: bridge.pool, config, agent, runsDir: flags.runs };
  if (bridge.live) {
    if (!flags.program || !existsSync(flags.program)) throw new Error(`--live needs --program FILE: the program that sets up the editable part of the scene${flags.program ? ` (no file ${flags.program})` : ""}`);
    const size = flags.size ?? 256;
    return startLiveEpisode({
      ...common,
      live: bridge.live,
      program: readFileSync(flags.program, "utf8"),
      goalImages: await readGoalImages(flags["goal-image"]),
      instruction: flags.instruction,
      cameras: flags.cameras?.split(","),
      settings: { engine: flags.engine, width: size, height: size, samples: flags.samples ?? 16, seed: 0 },
    });
  }
  const override = { ...(flags.size ? { width: flags.size, height: flags.size } : {}), ...(flags.samples ? { samples: flags.samples } : {}) };
  return startTaskEpisode({ ...common, task: resolveTask(flags.task), goalMode: flags.goal, renderOverride: override });
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
    const agent = agentFrom(flags);
    if (agent.provider) createProvider(agent.provider);
    if (!flags.live) resolveTask(flags.task);
  }
  const bridge = await openBridge(flags);
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
    console.log(`episode ${ep.summary().id} on ${ep.input.label}: ${ep.input.config.depth} iterations of ${ep.input.config.breadth} drafts, record in ${ep.dir}`);
    ep.on("iteration", (s: IterationSummary) => console.log(progressLine(s, ep.input.config.depth, startScore)));
    summary = flags.step ? await stepInteractively(ep) : await ep.run();
  } finally {
    process.off("SIGINT", onSignal);
    await bridge.close();
  }
  if (summary.error) console.log(`episode failed: ${summary.error}`);
  if (summary.status === "stopped") console.log(`resume with: npm start -- run --resume ${path.relative(process.cwd(), summary.dir)}`);
  // The last line, for people and scripts: where the record is and how far PL came.
  console.log(`record: ${path.relative(process.cwd(), summary.dir)}  PL ${pl(summary.startScore)} -> ${pl(summary.finalScore)}`);
  if (summary.status === "failed") process.exitCode = 1;
}

/** A task by "id" or "category/id". */
function resolveTask(key: string): Task {
  const [category, id] = key.includes("/") ? key.split("/", 2) : [undefined, key];
  const { tasks, errors } = loadTasks({ category, task: id });
  if (errors.length) throw new Error(`task ${errors[0]!.key}: ${errors[0]!.error}`);
  return tasks[0]!;
}
