import path from "node:path";
import { createInterface } from "node:readline";
import { z } from "zod";
import { parseFlags } from "../cli-flags.js";
import { startLocalPool } from "../pool/local-pool.js";
import { PROVIDER_NAMES, type ProviderConfigInput } from "../providers/provider-config.js";
import { loadTasks } from "../tasks/task-loader.js";
import { EpisodeConfig } from "./episode-config.js";
import { type AgentChoice, resumeEpisode, startTaskEpisode } from "./episode-setup.js";
import type { Episode, EpisodeSummary, IterationSummary } from "./episode.js";

export const RUN_USAGE = `usage: npm start -- run [options]

Run one agent episode on a task and write its record to runs/<episode-id>/.
With no options: the offline provider (no model, no API key) on ${"placement/desk-chair-tuck-in"}.

options:
  --task ID              a task id or category/id (default placement/desk-chair-tuck-in)
  --provider P           ${PROVIDER_NAMES.join(" | ")} (default offline)
  --model M              model name (openai: gpt-4o, anthropic: claude-sonnet-4-5; required for openai-compatible)
  --base-url URL         API base URL (required for openai-compatible, e.g. http://localhost:8000/v1)
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
    help: z.boolean().default(false),
  })
  .strict();
type RunFlags = z.output<typeof RunFlags>;

const RUN_OPTIONS = Object.fromEntries(
  Object.keys(RunFlags.shape).map((k) => [k, { type: k === "step" || k === "help" ? "boolean" : "string" }]),
) as Record<keyof RunFlags, { type: "string" | "boolean" }>;

const pl = (x: number | undefined) => (x === undefined ? "n/a" : x.toExponential(3));

function progressLine(s: IterationSummary, depth: number, startScore: number | undefined): string {
  const failed = s.drafts.filter((d) => !d.ok).length;
  const q = s.queries.generation + s.queries.verification;
  return `iteration ${s.iteration}/${depth}  ${s.style.padEnd(4)}  winner ${s.winner.padEnd(9)}  PL ${pl(s.score)} (start ${pl(startScore)})  drafts ${s.drafts.length - failed} ok${failed ? `, ${failed} dropped` : ""}  queries ${q}  ${(s.ms / 1000).toFixed(1)} s`;
}

function agentFrom(flags: RunFlags): AgentChoice {
  if (flags.provider === "offline") {
    if (flags.model || flags["base-url"]) throw new Error("--model and --base-url need a model provider: add --provider openai, anthropic or openai-compatible");
    if (flags.verifier === "model") throw new Error("--verifier model needs a model provider; the offline provider verifies with the metric");
    return { verifier: flags.verifier };
  }
  const provider = { provider: flags.provider, model: flags.model, baseUrl: flags["base-url"] } as ProviderConfigInput;
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

export async function runCommand(argv: string[]): Promise<void> {
  const flags = parseFlags(argv, RUN_OPTIONS, RunFlags);
  if (flags.help) {
    console.log(RUN_USAGE);
    return;
  }
  const agent = flags.resume ? undefined : agentFrom(flags);
  const config = configFrom(flags);
  const { tasks, errors } = flags.resume ? { tasks: [], errors: [] } : loadTasks(taskSelection(flags.task));
  if (errors.length) throw new Error(`task ${errors[0]!.key}: ${errors[0]!.error}`);
  const local = await startLocalPool({ size: flags.workers });
  let episode: Episode | undefined;
  let summary: EpisodeSummary | undefined;
  const onSignal = () => {
    console.log("\nstopping: the iteration in flight is abandoned; the record keeps every finished one");
    void episode?.stop();
  };
  process.once("SIGINT", onSignal);
  try {
    const override = { ...(flags.size ? { width: flags.size, height: flags.size } : {}), ...(flags.samples ? { samples: flags.samples } : {}) };
    episode = flags.resume
      ? await resumeEpisode(local.pool, flags.resume)
      : await startTaskEpisode({ pool: local.pool, task: tasks[0]!, config, agent, goalMode: flags.goal, renderOverride: override, runsDir: flags.runs });
    const ep = episode;
    const startScore = ep.summary().startScore;
    console.log(`episode ${ep.summary().id} on ${ep.input.label}: ${ep.input.config.depth} iterations of ${ep.input.config.breadth} drafts, record in ${ep.dir}`);
    ep.on("iteration", (s: IterationSummary) => console.log(progressLine(s, ep.input.config.depth, startScore)));
    summary = flags.step ? await stepInteractively(ep) : await ep.run();
  } finally {
    process.off("SIGINT", onSignal);
    await local.close();
  }
  if (summary.error) console.log(`episode failed: ${summary.error}`);
  if (summary.status === "stopped") console.log(`resume with: npm start -- run --resume ${path.relative(process.cwd(), summary.dir)}`);
  // The last line, for people and scripts: where the record is and how far PL came.
  console.log(`record: ${path.relative(process.cwd(), summary.dir)}  PL ${pl(summary.startScore)} -> ${pl(summary.finalScore)}`);
  if (summary.status === "failed") process.exitCode = 1;
}

function taskSelection(task: string): { category?: string; task: string } {
  const [category, id] = task.includes("/") ? task.split("/", 2) : [undefined, task];
  return { category, task: id! };
}
