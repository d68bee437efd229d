import type { z } from "zod";
import * as agent from "./schemas/agent.js";
import type { PeerRole } from "./schemas/common.js";
import * as edit from "./schemas/edit.js";
import * as episode from "./schemas/episode.js";
import * as geometry from "./schemas/geometry.js";
import * as page from "./schemas/page.js";
import * as program from "./schemas/program.js";
import * as render from "./schemas/render.js";
import * as scene from "./schemas/scene.js";
import * as session from "./schemas/session.js";
import * as worker from "./schemas/worker.js";

interface MethodSpec<P extends z.ZodType, R extends z.ZodType> {
  params: P;
  result: R;
  /** Which peers answer this method (Blender methods), or may call it (sidecar methods). */
  roles: readonly PeerRole[];
  summary: string;
}

const both = ["live", "worker"] as const;
const anyPeer = ["live", "worker", "page"] as const;

function spec<P extends z.ZodType, R extends z.ZodType>(s: MethodSpec<P, R>): MethodSpec<P, R> {
  return s;
}

/** Methods the sidecar calls on a peer: a Blender (live or worker), or notifications to the page. */
export const blenderMethods = {
  "session.ping": spec({
    params: session.PingParams,
    result: session.PingResult,
    roles: both,
    summary: "No-op round trip.",
  }),
  "scene.info": spec({
    params: scene.SceneInfoParams,
    result: scene.SceneInfoResult,
    roles: both,
    summary: "Objects (paged), cameras, lights, materials with node trees, shape keys, geometry-nodes inputs.",
  }),
  "scene.program": spec({
    params: scene.SceneProgramParams,
    result: scene.SceneProgramResult,
    roles: both,
    summary:
      "An editable program (UPPER_CASE parameters, then statements) for the selection, a collection or the scene.",
  }),
  "scene.load": spec({
    params: scene.SceneLoadParams,
    result: scene.SceneLoadResult,
    roles: ["worker"],
    summary: "Build a scene from a script or open a .blend, and keep it as a state to reset to.",
  }),
  "scene.snapshot": spec({
    params: scene.SnapshotParams,
    result: scene.SnapshotResult,
    roles: both,
    summary: "Save the current state.",
  }),
  "scene.restore": spec({
    params: scene.RestoreParams,
    result: scene.RestoreResult,
    roles: both,
    summary: "Return to a saved state.",
  }),
  "program.run": spec({
    params: program.ProgramRunParams,
    result: program.ProgramRunResult,
    roles: both,
    summary: "Run a Python program in a fresh namespace; one undo step in the live role.",
  }),
  "program.analyze": spec({
    params: program.ProgramAnalyzeParams,
    result: program.ProgramAnalyzeResult,
    roles: both,
    summary:
      "Check a program's syntax; list its numeric literals (Python's tokenizer); with a scene, trace the property " +
      "each sets and the strings that set enums.",
  }),
  "render.views": spec({
    params: render.RenderViewsParams,
    result: render.RenderViewsResult,
    roles: both,
    summary: "Render views to PNG.",
  }),
  "render.viewport": spec({
    params: render.RenderViewportParams,
    result: render.RenderViewportResult,
    roles: ["live"],
    summary: "The artist's 3D viewport as a PNG, with its camera.",
  }),
  "geometry.sample": spec({
    params: geometry.GeometrySampleParams,
    result: geometry.GeometrySampleResult,
    roles: both,
    summary: "World-space vertices of evaluated meshes.",
  }),
  "worker.evaluate": spec({
    params: worker.EvaluateParams,
    result: worker.EvaluateResult,
    roles: ["worker"],
    summary: "Reset to a loaded scene, run a program, render views: one request.",
  }),
  "history.undo": spec({
    params: worker.UndoParams,
    result: worker.UndoResult,
    roles: ["live"],
    summary: "Undo steps in the live scene.",
  }),
  "episode.progress": spec({
    params: episode.EpisodeProgressParams,
    result: episode.EpisodeProgressResult,
    roles: ["live"],
    summary: "A notification: where an episode this Blender started stands (status, iteration, score, images).",
  }),
  "edit.ask": spec({
    params: edit.EditAskParams,
    result: edit.EditAskResult,
    roles: ["live"],
    summary: "A notification: an MCP client's edit waits for the artist's Accept or Reject in the panel.",
  }),
  "edit.withdrawn": spec({
    params: edit.EditWithdrawnParams,
    result: edit.EditWithdrawnResult,
    roles: ["live"],
    summary: "A notification: an edit.ask is no longer waiting (no answer in time, or its client went away).",
  }),
  "page.update": spec({
    params: page.PageUpdateParams,
    result: page.PageUpdateResult,
    roles: ["page"],
    summary: "A notification to the episode page: a watched episode's new event, status and waiting edit.",
  }),
} as const;

/**
 * Methods a peer calls on the sidecar. Before the handshake only its two steps are
 * answered; after it, a method answers only the roles it lists (the hub checks).
 */
export const sidecarMethods = {
  "session.hello": spec({
    params: session.HelloParams,
    result: session.HelloResult,
    roles: anyPeer,
    summary:
      "First message on every connection: role, version, the Blender's nonce; " +
      "answered with the sidecar's nonce and proof.",
  }),
  "session.authenticate": spec({
    params: session.AuthenticateParams,
    result: session.AuthenticateResult,
    roles: anyPeer,
    summary: "Second message, once the sidecar's proof checked out: the Blender's proof and who it is.",
  }),
  "agent.options": spec({
    params: agent.AgentOptionsParams,
    result: agent.AgentOptionsResult,
    roles: ["live"],
    summary: "The providers the sidecar can use (keys stay in its environment) and the episode defaults.",
  }),
  "episode.start": spec({
    params: episode.EpisodeStartParams,
    result: episode.EpisodeStartResult,
    roles: ["live"],
    summary: "Start an episode on the caller's open scene: program from a scope, a goal, an agent; progress follows.",
  }),
  "episode.control": spec({
    params: episode.EpisodeControlParams,
    result: episode.EpisodeControlResult,
    roles: ["live", "page"],
    summary:
      "Pause, step, resume or stop an episode (a Blender: one it started; the page: any this sidecar runs); " +
      "accept or reject its waiting edit.",
  }),
  "episode.revert": spec({
    params: episode.EpisodeRevertParams,
    result: episode.EpisodeRevertResult,
    roles: ["live"],
    summary: "Put the scene back where it was at an episode's start, in one undo step; names the artist's edits first.",
  }),
  "episode.list": spec({
    params: episode.EpisodeListParams,
    result: episode.EpisodeListResult,
    roles: ["live"],
    summary: "The episodes whose Blender went away, paused and waiting for one to attach.",
  }),
  "episode.attach": spec({
    params: episode.EpisodeAttachParams,
    result: episode.EpisodeAttachResult,
    roles: ["live"],
    summary: "Take over an episode whose Blender went away (or from its record after a sidecar restart).",
  }),
  "edit.decide": spec({
    params: edit.EditDecideParams,
    result: edit.EditDecideResult,
    roles: ["live"],
    summary: "The artist's Accept or Reject of an edit an MCP client asked to apply (edit.ask).",
  }),
  "page.browse": spec({
    params: page.PageBrowseParams,
    result: page.PageBrowseResult,
    roles: ["page"],
    summary: "The episodes this sidecar runs and the records and bench output under its runs folder.",
  }),
  "page.watch": spec({
    params: page.PageWatchParams,
    result: page.PageWatchResult,
    roles: ["page"],
    summary: "An episode's events so far; page.update notifications follow while it runs.",
  }),
  "page.unwatch": spec({
    params: page.PageUnwatchParams,
    result: page.PageUnwatchResult,
    roles: ["page"],
    summary: "Stop following an episode.",
  }),
  "page.bench": spec({
    params: page.PageBenchParams,
    result: page.PageBenchResult,
    roles: ["page"],
    summary: "A benchmark folder's summary tables, scaling plot and episodes (to replay like any record).",
  }),
  "record.image": spec({
    params: page.RecordImageParams,
    result: page.RecordImageResult,
    roles: ["page"],
    summary: "One PNG of an episode's record, as its events cite it.",
  }),
} as const;

export type BlenderMethod = keyof typeof blenderMethods;
export type SidecarMethod = keyof typeof sidecarMethods;
/** The sidecar methods a peer calls once authenticated (the handshake's two are the hub's own). */
export type ServedMethod = Exclude<SidecarMethod, "session.hello" | "session.authenticate">;
export type SidecarParams<M extends SidecarMethod> = z.output<(typeof sidecarMethods)[M]["params"]>;
export type SidecarResult<M extends SidecarMethod> = z.input<(typeof sidecarMethods)[M]["result"]>;
export type ParamsIn<M extends BlenderMethod> = z.input<(typeof blenderMethods)[M]["params"]>;
export type Params<M extends BlenderMethod> = z.output<(typeof blenderMethods)[M]["params"]>;
export type Result<M extends BlenderMethod> = z.output<(typeof blenderMethods)[M]["result"]>;
