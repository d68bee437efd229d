import path from "node:path";
import { z } from "zod";
import { agentOptions } from "../agent/agent-options.js";
import { RUNS_DIR } from "../agent/record/episode-record.js";
import { EpisodeHost } from "../episodes/episode-host.js";
import { LiveEpisodes } from "../episodes/live-episodes.js";
import { Hub } from "../hub/hub-server.js";
import { logger } from "../log.js";
import { AgentEdits } from "../mcp/agent-edits.js";
import { ArtistAsks } from "../mcp/artist-asks.js";
import { HeadlessScene, sceneSourceOf } from "../mcp/headless-scene.js";
import { LiveScene } from "../mcp/live-scene.js";
import { MCP_PATH, serveMcpHttp } from "../mcp/mcp-http.js";
import type { McpContext } from "../mcp/mcp-server.js";
import { isBench } from "../page/bench-list.js";
import { pageAddress, serveEpisodePage } from "../page/episode-page.js";
import { WorkerPool } from "../pool/worker-pool.js";
import {
  ACCESS_FLAGS_USAGE,
  ACCESS_OPTIONS,
  accessFlagShape,
  describeToken,
  tlsFrom,
  tokenFrom,
} from "./access-flags.js";
import { poolFlagShape, poolOptionsFrom, SANDBOX_FLAGS_USAGE } from "./pool-flags.js";

const log = logger("cli");

/** The flags of every command that runs the sidecar (serve, mcp). */
export const SIDECAR_FLAGS_USAGE = `  --port N               port to listen on (default 8765; 0 picks a free one)
  --host H               interface to listen on (default 127.0.0.1)
  --workers N            headless Blender workers to start (default 2; 0 for none)
${SANDBOX_FLAGS_USAGE}
${ACCESS_FLAGS_USAGE}
  --allow-origin O       another browser origin allowed to connect (repeatable; the page's own always is)
  --runs DIR             where episode records go, and what the episode page lists (default runs/)
  --bench DIR            a benchmark output folder for the page to list too (repeatable; those
                         under the runs folder are found)
  --read-only            MCP clients get only the tools that read the scene, and preview_program
  --scene FILE           MCP tools edit this scene (.blend, or a .py that builds one) in a headless
                         Blender of its own instead of an artist's (save_scene writes it out)
  --blender PATH         Blender executable (default: BLENDER, else blender on PATH)
  --help                 show this help`;

export const SidecarFlags = z
  .object({
    port: z.coerce.number().int().min(0).max(65535).default(8765),
    host: z.string().min(1).default("127.0.0.1"),
    ...poolFlagShape,
    workers: z.coerce.number().int().min(0).max(64).default(2),
    ...accessFlagShape,
    "allow-origin": z.array(z.string().url("--allow-origin takes an origin such as http://localhost:5173")).default([]),
    blender: z.string().optional(),
    runs: z.string().min(1).optional(),
    bench: z.array(z.string().min(1)).default([]),
    "read-only": z.boolean().default(false),
    scene: z.string().min(1).optional(),
    help: z.boolean().default(false),
  })
  .strict();
export type SidecarFlags = z.output<typeof SidecarFlags>;

export const SIDECAR_OPTIONS = {
  port: { type: "string" },
  host: { type: "string" },
  workers: { type: "string" },
  sandbox: { type: "string" },
  "worker-memory": { type: "string" },
  ...ACCESS_OPTIONS,
  "allow-origin": { type: "string", multiple: true },
  blender: { type: "string" },
  runs: { type: "string" },
  bench: { type: "string", multiple: true },
  "read-only": { type: "boolean" },
  scene: { type: "string" },
  help: { type: "boolean" },
} as const;

export interface Sidecar {
  hub: Hub;
  /** What MCP sessions share (stdio's and HTTP's). */
  mcp: McpContext;
  /** Resolves once the workers are ready (undefined with --workers 0). */
  pool: Promise<WorkerPool | undefined>;
  shutdown(reason: string): Promise<never>;
}

/**
 * The sidecar: the hub Blender connects to, a pool of workers, the episodes the panel,
 * the page and MCP clients start and steer, the episode page and MCP over HTTP on the
 * hub's address. `print` says where everything is (stdout for serve; stderr for mcp,
 * whose stdout is the MCP channel).
 */
export async function startSidecar(flags: SidecarFlags, print: (line: string) => void): Promise<Sidecar> {
  for (const dir of flags.bench)
    if (!isBench(dir))
      throw new Error(
        `--bench ${dir}: no summary.md or scaling.png there (npm run bench -- run --out DIR writes them)`,
      );
  if (flags.scene) sceneSourceOf(flags.scene); // a bad --scene fails before anything starts
  const token = tokenFrom(flags);
  const tls = tlsFrom(flags);
  const hub = await Hub.start({
    host: flags.host,
    port: flags.port,
    token: token.token,
    allowedOrigins: flags["allow-origin"],
    tls: tls && { cert: tls.cert, key: tls.key },
    insecureNetwork: flags["insecure-network"],
  });
  hub.handle("agent.options", () => agentOptions());
  const tokenText = describeToken(token, hub.token, flags);
  print(`sidecar listening on ${hub.url}`);
  print(`session token: ${tokenText}`);
  if (tls)
    print(
      `TLS certificate SHA-256 fingerprint (for the add-on's preferences when it is self-signed): ${tls.fingerprint}`,
    );
  print(
    `episode page: ${pageAddress(hub, token.source === "random" ? hub.token : undefined)}` +
      (token.source === "random" ? "" : ` (add #token= and ${tokenText})`),
  );
  print(
    `MCP over HTTP: ${hub.pageUrl}${MCP_PATH} ` +
      `(header Authorization: Bearer and ${token.source === "random" ? "the token above" : tokenText})` +
      (flags["read-only"] ? ", read-only" : ""),
  );
  print(
    `In Blender: Edit > Preferences > Add-ons > Blender Agent: set URL ${hub.url} and the token, ` +
      `then Connect in the 3D View sidebar (N) > Agent.`,
  );
  const poolOptions = { ...poolOptionsFrom(flags), blender: flags.blender };
  const starting = flags.workers > 0 ? WorkerPool.start(hub, poolOptions) : undefined;
  // The panel's episodes: started, steered and followed from Blender over the same connection;
  // served at once, so a Blender reconnecting while the workers start finds its episode.
  // The page and MCP clients follow and steer the same episodes; the page replays the records under runs/.
  const host = new EpisodeHost();
  const runsDir = flags.runs ? path.resolve(flags.runs) : RUNS_DIR;
  const episodes = starting ? new LiveEpisodes(starting, runsDir, host) : undefined;
  if (episodes) episodes.serve(hub);
  else host.serve(hub);
  serveEpisodePage(hub, host, runsDir, flags.bench);
  const pool = starting ?? Promise.resolve(undefined);
  const headless = flags.scene ? HeadlessScene.start(hub, flags.scene, poolOptions) : undefined;
  headless?.then(
    () => print(`headless scene ${flags.scene} loaded: MCP tools edit it (save_scene writes it out)`),
    (err: Error) => print(`the headless scene ${flags.scene} did not load: ${err.message}`),
  );
  const mcp: McpContext = {
    scene: new LiveScene(hub, pool, headless),
    episodes,
    host,
    edits: new AgentEdits(),
    asks: new ArtistAsks(),
    runsDir,
    readOnly: flags["read-only"],
  };
  mcp.asks.serve(hub);
  serveMcpHttp(hub, mcp);
  hub.on("session", (s) => {
    if (s.role === "live") print(`live Blender connected: ${s.label}`);
  });
  void pool.then(
    (p) => p && print(`${p.readyCount} headless Blender workers ready`),
    () => undefined,
  );
  const shutdown = async (reason: string): Promise<never> => {
    log.info(`${reason}: shutting down`);
    await (await pool.catch(() => undefined))?.close();
    await (await headless?.catch(() => undefined))?.close();
    await hub.close();
    process.exit(0);
  };
  return { hub, mcp, pool, shutdown };
}
