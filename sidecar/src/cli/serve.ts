import path from "node:path";
import { z } from "zod";
import { agentOptions } from "../agent/agent-options.js";
import { RUNS_DIR } from "../agent/record/episode-record.js";
import { EpisodeHost } from "../episodes/episode-host.js";
import { LiveEpisodes } from "../episodes/live-episodes.js";
import { Hub } from "../hub/hub-server.js";
import { logger } from "../log.js";
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
import { parseFlags } from "./flags.js";
import { poolFlagShape, poolOptionsFrom, SANDBOX_FLAGS_USAGE } from "./pool-flags.js";

const log = logger("cli");

export const SERVE_USAGE = `usage: npm start -- [serve] [options]     (or: npx tsx sidecar/src/cli.ts serve [options])
       npm start -- run [options]         run one agent episode (see: npm start -- run --help)
       npm start -- replay DIR [--step]   replay a recorded episode, no Blender, no model
       npm start -- sheet DIR             one PNG contact sheet of a recorded episode

Start the sidecar: a WebSocket JSON-RPC hub for Blender and a pool of headless workers.

options:
  --port N               port to listen on (default 8765; 0 picks a free one)
  --host H               interface to listen on (default 127.0.0.1)
  --workers N            headless Blender workers to start (default 2; 0 for none)
${SANDBOX_FLAGS_USAGE}
${ACCESS_FLAGS_USAGE}
  --allow-origin O       another browser origin allowed to connect (repeatable; the page's own always is)
  --runs DIR             where episode records go, and what the episode page lists (default runs/)
  --bench DIR            a benchmark output folder for the page to list too (repeatable; those
                         under the runs folder are found)
  --blender PATH         Blender executable (default: BLENDER, else blender on PATH)
  --help                 show this help`;

const ServeFlags = z
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
    help: z.boolean().default(false),
  })
  .strict();

const SERVE_OPTIONS = {
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
  help: { type: "boolean" },
} as const;

/** `npm start -- serve`: the hub, a pool of workers and the agent's options, until Ctrl+C. */
export async function serve(argv: string[]): Promise<void> {
  const flags = parseFlags(argv, SERVE_OPTIONS, ServeFlags);
  if (flags.help) {
    console.log(SERVE_USAGE);
    return;
  }
  for (const dir of flags.bench)
    if (!isBench(dir))
      throw new Error(
        `--bench ${dir}: no summary.md or scaling.png there (npm run bench -- run --out DIR writes them)`,
      );
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
  console.log(`sidecar listening on ${hub.url}`);
  console.log(`session token: ${describeToken(token, hub.token, flags)}`);
  if (tls)
    console.log(
      `TLS certificate SHA-256 fingerprint (for the add-on's preferences when it is self-signed): ${tls.fingerprint}`,
    );
  console.log(
    `episode page: ${pageAddress(hub, token.source === "random" ? hub.token : undefined)}` +
      (token.source === "random" ? "" : ` (add #token= and ${describeToken(token, hub.token, flags)})`),
  );
  console.log(
    `In Blender: Edit > Preferences > Add-ons > Blender Agent: set URL ${hub.url} and the token, ` +
      `then Connect in the 3D View sidebar (N) > Agent.`,
  );
  const starting =
    flags.workers > 0 ? WorkerPool.start(hub, { ...poolOptionsFrom(flags), blender: flags.blender }) : undefined;
  // The panel's episodes: started, steered and followed from Blender over the same connection;
  // served at once, so a Blender reconnecting while the workers start finds its episode.
  // The page follows and steers the same episodes, and replays the records under runs/.
  const host = new EpisodeHost();
  const runsDir = flags.runs ? path.resolve(flags.runs) : RUNS_DIR;
  if (starting) new LiveEpisodes(starting, runsDir, host).serve(hub);
  else host.serve(hub);
  serveEpisodePage(hub, host, runsDir, flags.bench);
  const pool = await starting;
  if (pool) console.log(`${pool.readyCount} headless Blender workers ready`);
  hub.on("session", (s) => {
    if (s.role === "live") console.log(`live Blender connected: ${s.label}`);
  });
  const shutdown = async (signal: string) => {
    log.info(`${signal}: shutting down`);
    await pool?.close();
    await hub.close();
    process.exit(0);
  };
  process.once("SIGINT", () => void shutdown("SIGINT"));
  process.once("SIGTERM", () => void shutdown("SIGTERM"));
}
