import { z } from "zod";
import { errorCodeName, type Result } from "../../../protocol/src/index.js";
import { ParameterChange } from "../../../protocol/src/schemas/episode.js";
import { ProgramFailure, ProgramRunParams, ProgramSource } from "../../../protocol/src/schemas/program.js";
import { parameterChanges, undoStepName } from "../agent/program-changes.js";
import type { LiveEpisodes } from "../episodes/live-episodes.js";
import { wasPreviewed } from "../hub/previewed-programs.js";
import { BlenderRpcError } from "../hub/rpc-error.js";
import { type AgentEdits, sceneProgram } from "./agent-edits.js";
import type { Answer, ArtistAsks } from "./artist-asks.js";
import { RenderChoice, settingsFor, viewImages } from "./image-tools.js";
import { isProgramFailure, type LiveScene } from "./live-scene.js";
import { registerTool, type ToolRegistry } from "./tool-kit.js";

/** The program's deadline, as program.run takes it. */
const Deadline = ProgramRunParams.shape.timeoutMs.describe(
  "milliseconds the program may run before Blender stops it (and rolls it back, live)",
);

/** A failed program, as the add-on reports it (the line is the program's own). */
const Failure = ProgramFailure.omit({ stdout: true });

const Changed = {
  changes: z.array(ParameterChange).describe("values before → after, as the scene's own program names them"),
  addedObjects: z.array(z.string()),
  removedObjects: z.array(z.string()),
};

type SceneProgram = Result<"scene.program">;

function whatChanged(before: SceneProgram, after: SceneProgram) {
  return {
    changes: parameterChanges(before.program, after.program),
    addedObjects: after.objects.filter((o) => !before.objects.includes(o)),
    removedObjects: before.objects.filter((o) => !after.objects.includes(o)),
  };
}

/** The add-on's failure data (a Timeout carries none: its code names it). */
function failureOf(err: BlenderRpcError): z.infer<typeof Failure> {
  const data = Failure.partial().safeParse(err.data).data ?? {};
  return {
    type: data.type ?? errorCodeName(err.code),
    message: data.message ?? err.message,
    line: data.line ?? null,
    traceback: data.traceback ?? "",
  };
}

function describeFailureLine(f: z.infer<typeof Failure>): string {
  return `${f.line ? `line ${f.line}: ` : ""}${f.type}: ${f.message}`;
}

function describeChanged(c: ReturnType<typeof whatChanged>): string {
  const parts = c.changes.slice(0, 6).map((x) => `${x.name} ${x.from} → ${x.to}`);
  if (c.changes.length > 6) parts.push(`${c.changes.length - 6} more`);
  if (c.addedObjects.length) parts.push(`added ${c.addedObjects.join(", ")}`);
  if (c.removedObjects.length) parts.push(`removed ${c.removedObjects.join(", ")}`);
  return parts.length ? parts.join("; ") : "no value the scene's program covers changed";
}

/** `preview_program`, `apply_program`, `undo` and `revert_episode`: programs and their undoing. */
export function registerProgramTools(
  registry: ToolRegistry,
  scene: LiveScene,
  edits: AgentEdits,
  asks: ArtistAsks,
  episodes: LiveEpisodes | undefined,
): void {
  registerTool(
    registry,
    "preview_program",
    {
      title: "Preview a program",
      description:
        "Run a Blender Python program (bpy) on a copy of the open scene in a sandboxed headless worker and " +
        "render the result; the artist's scene is untouched. Returns what changed (values before → after, " +
        "objects added or removed), the renders, or the error with the program's own line number. " +
        "A program must preview cleanly before apply_program runs it in the artist's Blender.",
      input: z.object({
        code: ProgramSource.describe("Python; bpy is importable"),
        timeoutMs: Deadline,
        ...RenderChoice,
      }),
      output: z.object({
        ok: z.boolean(),
        error: Failure.nullable(),
        ...Changed,
        stdout: z.string(),
        views: z.array(z.string()),
      }),
      readOnly: true,
    },
    async (args) => {
      const run = await scene.tryProgram(args.code, {
        views: await scene.views(args.cameras),
        settings: settingsFor(args.engine, args.maxSize),
        timeoutMs: args.timeoutMs,
      });
      if (run.failure) {
        const error = failureOf(run.failure);
        return {
          summary: `The program failed in the worker, ${describeFailureLine(error)}. The artist's scene is untouched.`,
          structured: { ok: false, error, changes: [], addedObjects: [], removedObjects: [], stdout: "", views: [] },
          failed: true,
        };
      }
      const changed = whatChanged(run.before!, run.after!);
      edits.previewed(args.code, changed.changes);
      return {
        summary: `Previewed in a worker: ${describeChanged(changed)}. The artist's scene is untouched.`,
        structured: {
          ok: true,
          error: null,
          ...changed,
          stdout: run.run?.stdout ?? "",
          views: run.images.map((i) => i.view),
        },
        images: await viewImages(run.images, args),
      };
    },
  );

  registerTool(
    registry,
    "apply_program",
    {
      title: "Apply a program",
      description:
        "Run a program in the artist's Blender as one undo step named by label. Only a program that " +
        "preview_program ran cleanly (this exact text) is run. A program that raises or passes its deadline " +
        "is rolled back: the scene stays as it was. With askArtist, the artist accepts or rejects it in " +
        "Blender's Agent panel first. Returns what changed, and renders of the result when asked.",
      input: z.object({
        code: ProgramSource,
        label: z.string().min(1).max(100).describe("names the undo step (and what undo takes)"),
        timeoutMs: Deadline,
        render: z.boolean().default(false).describe("also render the scene after the edit (in a worker)"),
        askArtist: z
          .boolean()
          .default(false)
          .describe("wait for the artist's Accept or Reject in Blender's Agent panel before applying"),
        askTimeoutMs: z.number().int().min(1000).max(3_600_000).default(300_000),
        ...RenderChoice,
      }),
      output: z.object({
        applied: z.boolean(),
        label: z.string(),
        decision: z.enum(["not asked", "accepted", "rejected", "no answer", "cancelled"]),
        error: Failure.nullable(),
        ...Changed,
      }),
      readOnly: false,
    },
    async (args, extra) => {
      if (!wasPreviewed(args.code))
        throw new Error(
          "apply_program runs only a program that preview_program ran cleanly in this sidecar run: " +
            "preview this exact program first",
        );
      const live = await scene.blender();
      const label = undoStepName(`MCP: ${args.label}`);
      const unchanged = { changes: [], addedObjects: [], removedObjects: [] };
      let decision: Answer | "not asked" = "not asked";
      if (args.askArtist) {
        if (scene.headless)
          throw new Error("askArtist needs the artist's Blender: this sidecar edits a headless scene");
        const changes = edits.previewChanges(args.code) ?? [];
        decision = await asks.ask(live, {
          label: args.label,
          changes,
          timeoutMs: args.askTimeoutMs,
          signal: extra.signal,
        });
        if (decision !== "accepted")
          return {
            summary: `Not applied: ${decision === "rejected" ? "the artist rejected it" : decision}.`,
            structured: { applied: false, label, decision, error: null, ...unchanged },
          };
      }
      const before = await sceneProgram(live);
      try {
        await scene.apply(live, { code: args.code, label, timeoutMs: args.timeoutMs });
      } catch (err) {
        if (!(err instanceof BlenderRpcError) || !isProgramFailure(err)) throw err;
        const error = failureOf(err);
        return {
          summary: `The program failed in the artist's Blender, ${describeFailureLine(error)}; it was rolled back.`,
          structured: { applied: false, label, decision, error, ...unchanged },
          failed: true,
        };
      }
      const after = await sceneProgram(live);
      edits.record({ label: args.label, session: live.session, before, after });
      const changed = whatChanged(before, after);
      const images = args.render
        ? await viewImages(
            await scene.render(await scene.views(args.cameras), settingsFor(args.engine, args.maxSize)),
            args,
          )
        : undefined;
      return {
        summary: `Applied as the undo step "${label}": ${describeChanged(changed)}.`,
        structured: { applied: true, label, decision, error: null, ...changed },
        images,
      };
    },
  );

  registerTool(
    registry,
    "undo",
    {
      title: "Undo agent edits",
      description:
        "Take back what apply_program did: the latest edit, or the one labelled `label` and every later one. " +
        "Only agent edits are undone, never the artist's own steps. Values the artist changed since are named " +
        "first and nothing runs until keepArtistEdits says whether to keep them. The undo is itself one undo step.",
      input: z.object({
        label: z.string().min(1).max(100).optional().describe("an apply_program label; default: the latest edit"),
        keepArtistEdits: z.boolean().optional(),
      }),
      output: z.object({
        undone: z.boolean(),
        labels: z.array(z.string()).describe("the edits undone (or that would be), oldest first"),
        artistEdits: z.array(ParameterChange),
        restored: z.array(ParameterChange),
        remaining: z.array(z.string()).describe("agent edits that can still be undone"),
      }),
      readOnly: false,
    },
    async (args) => {
      const live = await scene.blender();
      const plan = edits.plan(live.session, await sceneProgram(live), args.label, args.keepArtistEdits);
      const labels = plan.edits.map((e) => e.label);
      if (!plan.code) {
        return {
          summary:
            `Nothing undone: the artist changed ${plan.artistEdits.map((c) => c.name).join(", ")} since. ` +
            "Call undo again with keepArtistEdits true (keep theirs) or false (set them back too).",
          structured: { undone: false, labels, artistEdits: plan.artistEdits, restored: [], remaining: labels },
        };
      }
      const run = await scene.tryProgram(plan.code, { measure: false });
      if (run.failure) throw new Error(`the undo failed in a worker, so nothing ran live: ${run.failure.message}`);
      await scene.apply(live, { code: plan.code, label: undoStepName(`MCP: undo ${labels.join(", ")}`) });
      edits.forget(plan);
      return {
        summary: `Undid ${labels.map((l) => JSON.stringify(l)).join(", ")} (one undo step).`,
        structured: {
          undone: true,
          labels,
          artistEdits: plan.artistEdits,
          restored: plan.restores,
          remaining: edits.labels(live.session),
        },
      };
    },
  );

  if (!episodes) return;
  registerTool(
    registry,
    "revert_episode",
    {
      title: "Revert an episode",
      description:
        "Put the scene back where it was when an agent episode started, in one undo step (the episode stops " +
        "first). Values the artist changed since are named first; keepArtistEdits says what to do with them.",
      input: z.object({ episodeId: z.string().min(1).max(200), keepArtistEdits: z.boolean().optional() }),
      output: z.object({ reverted: z.boolean(), artistEdits: z.array(ParameterChange) }),
      readOnly: false,
    },
    async ({ episodeId, keepArtistEdits }) => {
      const owner = episodes.ownerOf(episodeId);
      if (!owner) throw new Error(`no episode ${episodeId} on a Blender connected to this sidecar`);
      const result = await episodes.revert({ episodeId, keepArtistEdits }, owner);
      return {
        summary: result.reverted
          ? "Reverted to the episode's start (one undo step)."
          : `Not reverted: the artist changed ${result.artistEdits.map((c) => c.name).join(", ")} since; ` +
            "call again with keepArtistEdits.",
        structured: result,
      };
    },
  );
}
