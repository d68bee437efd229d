#!/usr/bin/env node
import { sheetCommand } from "./cli/episode-sheet.js";
import { mcpCommand } from "./cli/mcp-command.js";
import { replayCommand } from "./cli/replay-command.js";
import { runCommand } from "./cli/run-command.js";
import { SERVE_USAGE, serve } from "./cli/serve.js";

/** `npm start -- COMMAND`: the sidecar's command line; each command lives in cli/. */
async function main(): Promise<void> {
  const [command = "serve", ...rest] = process.argv.slice(2);
  if (command === "serve" || command.startsWith("--")) {
    await serve(command.startsWith("--") ? [command, ...rest] : rest);
    return;
  }
  if (command === "mcp") {
    await mcpCommand(rest);
    return;
  }
  if (command === "run") {
    await runCommand(rest);
    return;
  }
  if (command === "replay") {
    await replayCommand(rest);
    return;
  }
  if (command === "sheet") {
    await sheetCommand(rest);
    return;
  }
  console.error(`unknown command "${command}"\n\n${SERVE_USAGE}`);
  process.exitCode = 2;
}

main().catch((err: Error) => {
  console.error(`error: ${err.message}`);
  process.exit(1);
});
