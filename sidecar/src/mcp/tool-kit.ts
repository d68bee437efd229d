import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { RequestHandlerExtra } from "@modelcontextprotocol/sdk/shared/protocol.js";
import type { CallToolResult, ServerNotification, ServerRequest } from "@modelcontextprotocol/sdk/types.js";
import type { z } from "zod";
import { describeFailure } from "../hub/rpc-error.js";
import { logger } from "../log.js";

const log = logger("mcp");

export type ToolExtra = RequestHandlerExtra<ServerRequest, ServerNotification>;

/** What a tool's handler returns: its structured result (checked against its output schema) and images. */
export interface ToolOutput<O extends z.ZodObject> {
  structured: z.input<O>;
  /** One line for a person or a model before the JSON; the JSON follows it in the text content. */
  summary: string;
  /** PNGs, sent as MCP image content (bytes, never a path). */
  images?: Buffer[];
  /** A tool-level failure the caller should read (a program that raised): isError, the structure still sent. */
  failed?: boolean;
}

export interface ToolSpec<I extends z.ZodObject, O extends z.ZodObject> {
  title: string;
  description: string;
  input: I;
  output: O;
  /** Reads the scene or runs only in a worker: offered in read-only mode too. */
  readOnly: boolean;
}

/** Where the tools are registered, and whether the server is limited to read-only tools. */
export interface ToolRegistry {
  server: McpServer;
  readOnly: boolean;
  /** Who is calling, for the log ("stdio", "http 3f2a…"). */
  transport: string;
}

/**
 * Register one tool: its zod schemas as the SDK's input and output schemas; each call logged
 * with the size of its arguments (never their content: a program or an image may be large,
 * and no token ever travels as an argument); errors turned into MCP tool errors with their
 * message. In read-only mode tools that change the artist's scene are not offered at all.
 */
export function registerTool<I extends z.ZodObject, O extends z.ZodObject>(
  registry: ToolRegistry,
  name: string,
  spec: ToolSpec<I, O>,
  handler: (args: z.output<I>, extra: ToolExtra) => Promise<ToolOutput<O>>,
): void {
  if (registry.readOnly && !spec.readOnly) return;
  const callback = async (args: z.output<I>, extra: ToolExtra): Promise<CallToolResult> => {
    const started = performance.now();
    const size = Buffer.byteLength(JSON.stringify(args ?? {}));
    try {
      const out = await handler(args, extra);
      log.info(
        `${registry.transport}: ${name} (${size} B of arguments) ${out.failed ? "failed" : "ok"} ${ms(started)}`,
      );
      return {
        content: [
          { type: "text", text: `${out.summary}\n${JSON.stringify(out.structured)}` },
          ...(out.images ?? []).map((png) => ({
            type: "image" as const,
            data: png.toString("base64"),
            mimeType: "image/png",
          })),
        ],
        structuredContent: out.structured as Record<string, unknown>,
        ...(out.failed ? { isError: true } : {}),
      };
    } catch (err) {
      const message = describeFailure(err).error;
      log.info(`${registry.transport}: ${name} (${size} B of arguments) error ${ms(started)}: ${message}`);
      return { content: [{ type: "text", text: message }], isError: true };
    }
  };
  registry.server.registerTool(
    name,
    {
      title: spec.title,
      description: spec.description,
      inputSchema: spec.input,
      outputSchema: spec.output,
      annotations: { title: spec.title, readOnlyHint: spec.readOnly, openWorldHint: false },
    },
    callback as never,
  );
}

const ms = (started: number) => `in ${Math.round(performance.now() - started)} ms`;
