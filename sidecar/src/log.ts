import path from "node:path";
import log from "electron-log/node.js";
import { PROJECT_ROOT } from "./project-root.js";

type Level = "error" | "warn" | "info" | "verbose" | "debug" | "silly";
const LEVELS: readonly Level[] = ["error", "warn", "info", "verbose", "debug", "silly"];

function levelFromEnv(name: string, fallback: Level): Level {
  const value = process.env[name];
  if (value === undefined) return fallback;
  if ((LEVELS as readonly string[]).includes(value)) return value as Level;
  throw new Error(`${name} must be one of ${LEVELS.join(", ")}; got "${value}"`);
}

/**
 * Logging for the sidecar: console and a file (BLENDER_AGENT_LOG_FILE, default
 * runs/logs/sidecar.log under the project root, wherever the sidecar is started from). Levels from
 * BLENDER_AGENT_LOG_LEVEL (console) and BLENDER_AGENT_LOG_FILE_LEVEL (file).
 */
log.transports.console.level = levelFromEnv("BLENDER_AGENT_LOG_LEVEL", "info");
log.transports.console.format = "{h}:{i}:{s}.{ms} {level}{scope} {text}";
log.transports.file.level = levelFromEnv("BLENDER_AGENT_LOG_FILE_LEVEL", "debug");
log.transports.file.setAppName("blender-agent"); // else electron-log looks for a package.json near the cwd
log.transports.file.resolvePathFn = () =>
  path.resolve(process.env.BLENDER_AGENT_LOG_FILE ?? path.join(PROJECT_ROOT, "runs", "logs", "sidecar.log"));

export type Logger = ReturnType<typeof log.scope>;

export function logger(scope: string): Logger {
  return log.scope(scope);
}

/** Send console logging to stderr: for a command whose stdout carries a protocol (MCP over stdio). */
export function logToStderr(): void {
  log.transports.console.writeFn = ({ message }) => console.error(...message.data);
}
