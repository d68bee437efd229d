import { createHash } from "node:crypto";
import { z } from "zod";
import { RenderSettings } from "../../../../protocol/src/index.js";
import { EpisodeConfig } from "../../agent/episode-config.js";
import type { AgentChoice } from "../../agent/episode-setup.js";
import { ProviderConfig } from "../../providers/provider-config.js";
import type { Task } from "../../tasks/task-loader.js";
import { TaskSpec } from "../../tasks/task-schema.js";
import type { RateLimit } from "./request-permits.js";

/** The BullMQ queue every benchmark job goes through; configurations share it, told apart by job id. */
export const BENCH_QUEUE = "blender-agent-bench";

/**
 * A task as a job carries it: whole, so a worker plays exactly the coordinator's task
 * (its own checkout may be older, or not have it at all).
 */
const QueuedTask = z.strictObject({
  key: z.string().regex(/^[a-z]+\/[A-Za-z0-9._-]+$/, "a task key is category/id"),
  spec: TaskSpec,
  start: z.string(),
  goal: z.string(),
  scene: z.strictObject({ script: z.string(), name: z.string() }),
});

/**
 * One job: a task under one configuration. Redis is shared with other machines, so a
 * worker validates what it takes like any outside input. API keys never travel: each
 * worker reads its provider's key from its own environment.
 */
export const BenchJobData = z.strictObject({
  task: QueuedTask,
  /** The configuration's name in the summary tables (configLabel). */
  label: z.string().min(1),
  config: EpisodeConfig,
  agent: z.strictObject({
    provider: ProviderConfig.refine((p) => p.apiKey === undefined, "a job carries no API key").optional(),
    verifier: z.enum(["model", "metric"]).optional(),
  }),
  renderOverride: RenderSettings.partial().optional(),
  /** The provider's requests, across every machine (--rate-limit). */
  rateLimit: z.strictObject({ requests: z.number().int().min(1), perMs: z.number().int().min(1) }).optional(),
});
export type BenchJobData = z.output<typeof BenchJobData>;

/** JSON with object keys sorted, so equal configurations hash equally whatever order they were built in. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
}

export interface JobRun {
  label: string;
  config: EpisodeConfig;
  agent: AgentChoice;
  renderOverride?: Partial<RenderSettings>;
  /** How fast the provider may be asked; not part of the configuration's hash (it does not change results). */
  rateLimit?: RateLimit;
}

/** What names a configuration: everything that decides its results. */
export function configHash(run: JobRun): string {
  const { label, config, agent, renderOverride } = run;
  return createHash("sha256")
    .update(canonical({ label, config, agent, renderOverride: renderOverride ?? {} }))
    .digest("hex")
    .slice(0, 16);
}

/**
 * The job's id: the configuration's hash, the task's key and a hash of the task's content
 * (an edited task is another task), so enqueueing the same run again finds the jobs it
 * already has (BullMQ ignores an add whose id exists). BullMQ's ids may not contain ":".
 */
export function jobId(hash: string, task: Task): string {
  const content = createHash("sha256")
    .update(canonical({ spec: task.spec, start: task.start, goal: task.goal, scene: task.scene }))
    .digest("hex")
    .slice(0, 8);
  return `${hash}.${content}.${task.key.replace("/", "--")}`;
}

export function jobData(run: JobRun, task: Task): BenchJobData {
  const { apiKey: _key, ...provider } = run.agent.provider ?? ({} as Partial<ProviderConfig>);
  return BenchJobData.parse({
    task: { key: task.key, spec: task.spec, start: task.start, goal: task.goal, scene: task.scene },
    label: run.label,
    config: run.config,
    agent: { provider: run.agent.provider && provider, verifier: run.agent.verifier },
    renderOverride: run.renderOverride,
    rateLimit: run.rateLimit,
  });
}

/** Where a worker leaves the row of an episode that failed, for the coordinator once the job ends failed. */
export function failedRowKey(id: string): string {
  return `${BENCH_QUEUE}:failed-row:${id}`;
}

/** The task a job carries, as the episode code takes it. */
export function taskOf(data: BenchJobData): Task {
  return { ...data.task, dir: `(queued task ${data.task.key})` };
}
