import { existsSync } from "node:fs";
import path from "node:path";
import { type McpServer, ResourceTemplate } from "@modelcontextprotocol/sdk/server/mcp.js";
import { Name } from "../../../protocol/src/schemas/common.js";
import { EpisodeId } from "../../../protocol/src/schemas/episode.js";
import { EVENTS_FILE, readEvents } from "../agent/record/episode-record.js";
import { listRecords, summarize } from "../page/record-list.js";
import type { LiveScene } from "./live-scene.js";

const one = (variable: string | string[] | undefined) => (Array.isArray(variable) ? variable[0] : variable) ?? "";

function json(uri: URL, value: unknown) {
  return { contents: [{ uri: uri.href, mimeType: "application/json", text: JSON.stringify(value, null, 2) }] };
}

/**
 * Resources: the open scene as an editable program (the selection, the whole scene, or a
 * collection: scene.program, written as the panel writes it), and the recorded episodes
 * under the runs folder with their summaries.
 */
export function registerResources(server: McpServer, scene: LiveScene, runsDir: string): void {
  const program = async (uri: URL, params: { scope: "selected" | "scene" | "collection"; name?: string }) => {
    const written = await (await scene.blender()).call("scene.program", params);
    return { contents: [{ uri: uri.href, mimeType: "text/x-python", text: written.program }] };
  };
  server.registerResource(
    "scene-program",
    new ResourceTemplate("blender://scene/program/{scope}", {
      list: () => ({
        resources: [
          {
            uri: "blender://scene/program/selected",
            name: "Program of the selected objects",
            mimeType: "text/x-python",
          },
          { uri: "blender://scene/program/scene", name: "Program of the whole scene", mimeType: "text/x-python" },
        ],
      }),
    }),
    {
      title: "The open scene as a program",
      description:
        "Python that sets the scene's editable values (UPPER_CASE parameters, then the statements that set " +
        "them): edit a copy, preview_program it, apply_program it. Scope: selected or scene.",
    },
    (uri, variables) => {
      const scope = one(variables.scope);
      if (scope !== "selected" && scope !== "scene") throw new Error(`scope must be selected or scene, not ${scope}`);
      return program(uri, { scope });
    },
  );
  server.registerResource(
    "collection-program",
    new ResourceTemplate("blender://scene/collection/{name}/program", { list: undefined }),
    {
      title: "A collection as a program",
      description: "The program of one collection's objects (and its children's).",
    },
    (uri, variables) =>
      program(uri, { scope: "collection", name: Name.parse(decodeURIComponent(one(variables.name))) }),
  );
  server.registerResource(
    "episodes",
    "blender-agent://episodes",
    { title: "Recorded episodes", description: "Every episode record under the sidecar's runs folder, newest first." },
    (uri) => json(uri, listRecords(runsDir)),
  );
  server.registerResource(
    "episode",
    new ResourceTemplate("blender-agent://episodes/{episodeId}", { list: undefined }),
    { title: "One recorded episode", description: "Its label, iterations, PL from start to end, and how it ended." },
    (uri, variables) => {
      const parsed = EpisodeId.safeParse(decodeURIComponent(one(variables.episodeId)));
      if (!parsed.success) throw new Error("not an episode id: letters, digits, '.', '_' and '-'");
      const dir = path.join(runsDir, parsed.data);
      if (!existsSync(path.join(dir, EVENTS_FILE))) throw new Error(`no episode ${parsed.data} in ${runsDir}`);
      return json(uri, summarize(parsed.data, readEvents(dir)));
    },
  );
}
