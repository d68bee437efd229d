import { z } from "zod";
import { Name, PngBase64 } from "./common.js";
import { RenderSettings } from "./render.js";
import { ProgramScope } from "./scene.js";

/**
 * The episode API a peer drives (the Blender panel today; the page and the MCP server
 * next): start an episode on the open scene, steer it, and follow its progress.
 */

export const EpisodeStatus = z.enum(["ready", "running", "paused", "finished", "stopped", "failed"]);

/** Which agent an episode runs and how hard it searches (the sidecar's defaults where absent). */
export const EpisodeAgent = z
  .object({
    provider: z.enum(["offline", "openai", "anthropic"]).default("offline"),
    model: z.string().min(1).max(200).optional(),
    breadth: z.number().int().min(1).max(32).optional(),
    depth: z.number().int().min(1).max(1000).optional(),
    verifyK: z.number().int().min(1).max(64).optional(),
    budget: z.number().int().positive().optional(),
  })
  .strict();

export const EpisodeStartParams = z
  .object({
    goal: z
      .object({
        instruction: z.string().min(3).max(2000).optional(),
        /** One image per view, in any format sharp reads (PNG, JPEG, WebP...), base64. */
        images: z.array(PngBase64).min(1).max(8).optional(),
      })
      .strict()
      .refine((g) => g.instruction !== undefined || g.images !== undefined, {
        message: "a goal needs an instruction, images, or both",
      }),
    /** Cameras to judge from; none: the artist's 3D viewport, frozen at the start. */
    cameras: z.array(Name).min(1).max(8).optional(),
    /** What the agent may edit: the program is written from this part of the scene (scene.program). */
    scope: z
      .object({ scope: ProgramScope.default("selected"), name: Name.optional() })
      .strict()
      .prefault({}),
    agent: EpisodeAgent.prefault({}),
    render: RenderSettings.prefault({}),
    /** Start paused: nothing runs until a step or a resume. */
    paused: z.boolean().default(false),
    /** Each winning edit waits for the peer's accept or reject before it reaches the scene. */
    askBeforeApplying: z.boolean().default(false),
  })
  .strict();

export const EpisodeStartResult = z.object({
  episodeId: z.string(),
  /** Where its record is, on the sidecar's machine. */
  dir: z.string(),
  /** The program the agent edits, as written from the scope. */
  parameters: z.number().int().nullable(),
  views: z.array(z.string()),
  status: EpisodeStatus,
});

/** An episode's id: its record's folder name under the sidecar's runs folder, never a path. */
export const EpisodeId = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, "an episode id is letters, digits, '.', '_' and '-'");

export const EpisodeControlParams = z
  .object({
    episodeId: EpisodeId,
    /** accept / reject: the edit waiting under "ask before applying". */
    action: z.enum(["pause", "step", "resume", "stop", "accept", "reject"]),
  })
  .strict();
export const EpisodeControlResult = z.object({ status: EpisodeStatus });

/** One parameter an edit changes, as the program writes it. */
export const ParameterChange = z.object({ name: z.string(), from: z.string(), to: z.string() });

/**
 * Put the scene back where it was at the episode's start, as one undo step (the episode
 * stops first). Values the artist changed since the agent's last edit are named and
 * nothing is run, unless `keepArtistEdits` says what to do with them.
 */
export const EpisodeRevertParams = z.object({ episodeId: EpisodeId, keepArtistEdits: z.boolean().optional() }).strict();
export const EpisodeRevertResult = z.object({
  reverted: z.boolean(),
  /** The values the artist changed since the agent's last edit (before: the agent's, after: theirs). */
  artistEdits: z.array(ParameterChange),
});

/** Episodes of this sidecar whose Blender went away: paused, waiting for one to attach. */
export const EpisodeListParams = z.object({}).strict();
export const EpisodeListResult = z.object({
  episodes: z.array(
    z.object({
      episodeId: z.string(),
      status: EpisodeStatus,
      iteration: z.number().int().nonnegative(),
      depth: z.number().int().positive(),
      /** The .blend its Blender had open ("" if unsaved). */
      file: z.string(),
    }),
  ),
});

/**
 * Take over an episode whose Blender went away (closed, crashed, or this sidecar
 * restarted): the caller's open scene is brought to the episode's incumbent as one undo
 * step, and the episode waits, paused, for Resume or Step. Its progress follows.
 */
export const EpisodeAttachParams = z
  .object({ episodeId: EpisodeId, /** Run on at once instead of waiting paused. */ resume: z.boolean().default(false) })
  .strict();
export const EpisodeAttachResult = z.object({ status: EpisodeStatus, iteration: z.number().int().nonnegative() });

/**
 * Sidecar → the peer that started an episode, as a notification: where the episode
 * stands, after each step of it. Small images ride along when they change.
 */
export const EpisodeProgressParams = z
  .object({
    episodeId: z.string(),
    status: EpisodeStatus,
    iteration: z.number().int().nonnegative(),
    depth: z.number().int().positive(),
    /** Metric of the incumbent against the goal images (lower is better), and where it started. */
    score: z.number().nullable(),
    startScore: z.number().nullable(),
    /** The last thing that happened, in one line. */
    message: z.string(),
    queries: z.object({ generation: z.number().int(), verification: z.number().int() }),
    costUsd: z.number().nullable(),
    error: z.string().nullable(),
    /** The winning edit waiting for accept or reject ("ask before applying"), or null. */
    proposal: z
      .object({ iteration: z.number().int().positive(), summary: z.string(), changes: z.array(ParameterChange) })
      .nullable(),
    /** The goal's first image and the current best render, small, when they change. */
    goalPng: PngBase64.optional(),
    currentPng: PngBase64.optional(),
  })
  .strict();
export const EpisodeProgressResult = z.null();
