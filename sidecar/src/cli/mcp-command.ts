import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { logToStderr } from "../log.js";
import { createMcpServer } from "../mcp/mcp-server.js";
import { parseFlags } from "./flags.js";
import { SIDECAR_FLAGS_USAGE, SIDECAR_OPTIONS, SidecarFlags, startSidecar } from "./sidecar-start.js";

export const MCP_USAGE = `usage: npm start -- mcp [options]      (or: npx tsx sidecar/src/cli.ts mcp [options])

The sidecar with an MCP server on stdin/stdout, for an MCP client to start (Claude Desktop,
Claude Code, Cursor...). The artist's Blender connects to it as to serve (same URL and token:
give it a fixed one with --token-file or BLENDER_AGENT_TOKEN); MCP over HTTP is served too.
Everything it prints goes to stderr.

options:
${SIDECAR_FLAGS_USAGE}`;

/** `npm start -- mcp`: the sidecar, serving MCP on stdio until the client closes it. */
export async function mcpCommand(argv: string[]): Promise<void> {
  logToStderr(); // stdout is the MCP channel from here on
  const flags = parseFlags(argv, SIDECAR_OPTIONS, SidecarFlags);
  if (flags.help) {
    console.error(MCP_USAGE);
    return;
  }
  const sidecar = await startSidecar(flags, (line) => console.error(line));
  const transport = new StdioServerTransport();
  process.stdin.once("end", () => void sidecar.shutdown("the MCP client closed stdin"));
  await createMcpServer(sidecar.mcp, "stdio").connect(transport);
  process.once("SIGINT", () => void sidecar.shutdown("SIGINT"));
  process.once("SIGTERM", () => void sidecar.shutdown("SIGTERM"));
}
