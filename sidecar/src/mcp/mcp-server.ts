import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { EpisodeHost } from "../episodes/episode-host.js";
import type { LiveEpisodes } from "../episodes/live-episodes.js";
import type { AgentEdits } from "./agent-edits.js";
import type { ArtistAsks } from "./artist-asks.js";
import { registerEpisodeTools } from "./episode-tools.js";
import { registerImageTools } from "./image-tools.js";
import type { LiveScene } from "./live-scene.js";
import { registerResources } from "./mcp-resources.js";
import { registerProgramTools } from "./program-tools.js";
import { registerSaveTool } from "./save-tool.js";
import { registerSceneTools } from "./scene-tools.js";

/** What every MCP session of this sidecar shares: the artist's scene, the workers, the episodes, the edits. */
export interface McpContext {
  scene: LiveScene;
  /** Absent when the sidecar has no workers (nothing can run then). */
  episodes?: LiveEpisodes;
  host: EpisodeHost;
  edits: AgentEdits;
  /** Edits waiting for the artist's Accept in the panel (apply_program with askArtist). */
  asks: ArtistAsks;
  runsDir: string;
  /** Only the read-only tools and preview_program: nothing changes the artist's scene. */
  readOnly: boolean;
}

const INSTRUCTIONS =
  "Tools for the artist's open Blender scene, through the Blender Agent sidecar. Look with scene_overview " +
  "(follow nextCursor), object_details, viewport_image and render_views. To change the scene, write a bpy " +
  "program, run it with preview_program (a sandboxed copy; the artist's scene is untouched), then " +
  "apply_program the same text (one undo step; undo takes it back). start_episode runs the agent loop " +
  "toward a goal image or instruction.";

/** One MCP server (one per client session) over the shared context. */
export function createMcpServer(ctx: McpContext, transport: string): McpServer {
  const server = new McpServer(
    { name: "blender-agent", title: "Blender Agent", version: "0.1.0" },
    { instructions: INSTRUCTIONS },
  );
  const registry = { server, readOnly: ctx.readOnly, transport };
  registerSceneTools(registry, ctx.scene);
  registerImageTools(registry, ctx.scene);
  registerProgramTools(registry, ctx.scene, ctx.edits, ctx.asks, ctx.episodes);
  if (ctx.scene.headless) registerSaveTool(registry, ctx.scene);
  if (ctx.episodes) registerEpisodeTools(registry, ctx.scene, ctx.episodes, ctx.host);
  registerResources(server, ctx.scene, ctx.runsDir);
  return server;
}
