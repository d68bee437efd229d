import { parseFlags } from "./flags.js";
import { SIDECAR_FLAGS_USAGE, SIDECAR_OPTIONS, SidecarFlags, startSidecar } from "./sidecar-start.js";

export const SERVE_USAGE = `usage: npm start -- [serve] [options]     (or: npx tsx sidecar/src/cli.ts serve [options])
       npm start -- mcp [options]         the same sidecar, with an MCP server on stdin/stdout
       npm start -- run [options]         run one agent episode (see: npm start -- run --help)
       npm start -- replay DIR [--step]   replay a recorded episode, no Blender, no model
       npm start -- sheet DIR             one PNG contact sheet of a recorded episode

Start the sidecar: a WebSocket JSON-RPC hub for Blender, a pool of headless workers,
the episode page and MCP over HTTP on the same address.

options:
${SIDECAR_FLAGS_USAGE}`;

/** `npm start -- serve`: the sidecar, until Ctrl+C. */
export async function serve(argv: string[]): Promise<void> {
  const flags = parseFlags(argv, SIDECAR_OPTIONS, SidecarFlags);
  if (flags.help) {
    console.log(SERVE_USAGE);
    return;
  }
  const sidecar = await startSidecar(flags, (line) => console.log(line));
  await sidecar.pool;
  process.once("SIGINT", () => void sidecar.shutdown("SIGINT"));
  process.once("SIGTERM", () => void sidecar.shutdown("SIGTERM"));
}
