import { z } from "zod";
import { Name, PngBase64 } from "./common.js";
import { RenderSettings } from "./render.js";
import { ProgramScope } from "./scene.js";

/**
 * The episode API a peer drives (the Blender panel today; the page and the MCP server
 * next): start an episode on the open scene, steer it, and follow its progress.
 */

export const EpisodeStatus = z.enum(["ready", "running", "paused", "finished", "stopped", "failed"]);

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
    agent: z
      .object({
        provider: z.enum(["offline", "openai", "anthropic"]).default("offline"),
        model: z.string().min(1).max(200).optional(),
        breadth: z.number().int().min(1).max(32).optional(),
        depth: z.number().int().min(1).max(1000).optional(),
        verifyK: z.number().int().min(1).max(64).optional(),
        budget: z.number().int().positive().optional(),
      })
      .strict()
      .prefault({}),
    render: RenderSettings.prefault({}),
    /** Start paused: nothing runs until a step or a resume. */
    paused: z.boolean().default(false),
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

export const EpisodeControlParams = z
  .object({ episodeId: z.string().min(1).max(200), action: z.enum(["pause", "step", "resume", "stop"]) })
  .strict();
export const EpisodeControlResult = z.object({ status: EpisodeStatus });

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
    /** The goal's first image and the current best render, small, when they change. */
    goalPng: PngBase64.optional(),
    currentPng: PngBase64.optional(),
  })
  .strict();
export const EpisodeProgressResult = z.null();
