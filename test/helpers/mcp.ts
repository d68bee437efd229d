import { randomBytes } from "node:crypto";
import { chmodSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { type CallToolResult, ProgressNotificationSchema } from "@modelcontextprotocol/sdk/types.js";

const REPO = path.resolve(import.meta.dirname, "../..");

export interface McpProcess {
  client: Client;
  /** The hub's WebSocket URL, for the artist's Blender. */
  url: string;
  token: string;
  stderr(): string;
  /** Resolves once the sidecar has printed `pattern` on stderr. */
  printed(pattern: RegExp, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * `npm start -- mcp ARGS` started by the MCP SDK's own stdio client, as Claude Desktop or
 * Claude Code start it from their config: node with tsx as its loader, a token file (the
 * artist's Blender needs a token it can be told), everything the sidecar says on stderr.
 */
export async function startMcp(args: string[]): Promise<McpProcess> {
  const dir = mkdtempSync(path.join(tmpdir(), "mcp-"));
  const token = randomBytes(24).toString("base64url");
  const tokenFile = path.join(dir, "token");
  writeFileSync(tokenFile, token);
  chmodSync(tokenFile, 0o600);
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: ["--import", "tsx", "sidecar/src/cli.ts", "mcp", "--port", "0", "--token-file", tokenFile, ...args],
    cwd: REPO,
    stderr: "pipe",
    env: { ...(process.env as Record<string, string>), BLENDER_AGENT_LOG_LEVEL: "info" },
  });
  let err = "";
  transport.stderr?.on("data", (d: Buffer) => (err += d.toString()));
  const client = new Client({ name: "blender-agent-test", version: "1.0.0" });
  await client.connect(transport);
  const printed = async (pattern: RegExp, timeoutMs = 60_000) => {
    const deadline = Date.now() + timeoutMs;
    while (!pattern.test(err)) {
      if (Date.now() > deadline)
        throw new Error(`the sidecar did not print ${pattern} within ${timeoutMs} ms:\n${err}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  await printed(/listening on ws:\/\//);
  const url = /listening on (ws:\/\/\S+)/.exec(err)![1]!;
  return { client, url, token, stderr: () => err, printed, close: () => client.close() };
}

/** A tool's text content (its summary line and JSON), for assertions on what a model reads. */
export function textOf(result: CallToolResult): string {
  return result.content
    .filter((c) => c.type === "text")
    .map((c) => c.text)
    .join("\n");
}

/** A tool's image content, decoded. */
export function imagesOf(result: CallToolResult): Buffer[] {
  return result.content.filter((c) => c.type === "image").map((c) => Buffer.from(c.data, "base64"));
}

/**
 * Every progress notification the server sends, as it arrives. The SDK client's own
 * onprogress can miss the last one when it comes in the same chunk as the result
 * (typescript-sdk issue #2580), which says nothing of the server: this records the wire.
 * Replaces the client's own progress handling, so pass onprogress only to ask for progress.
 */
export function recordProgress(client: Client): { progress: number; message?: string }[] {
  const seen: { progress: number; message?: string }[] = [];
  client.setNotificationHandler(ProgressNotificationSchema, (n) => {
    seen.push({ progress: n.params.progress, message: n.params.message });
  });
  return seen;
}
