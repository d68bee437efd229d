import { accessSync, constants, existsSync, realpathSync } from "node:fs";
import path from "node:path";
import { PROJECT_ROOT } from "../project-root.js";

/** The Blender executable: `--blender`, else BLENDER, else `blender` on PATH. */
export function findBlender(explicit?: string): string {
  const candidate = explicit ?? process.env.BLENDER;
  if (candidate) {
    assertExecutable(candidate, explicit ? "--blender" : "BLENDER");
    return candidate;
  }
  const found = findOnPath("blender");
  if (found) return found;
  throw new Error(
    "Blender not found: install it (Debian: apt-get install -y blender), " +
      "put it on PATH, or set BLENDER=/path/to/blender",
  );
}

/** The first executable `name` on PATH, if any. */
export function findOnPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    const file = path.join(dir, name);
    try {
      accessSync(file, constants.X_OK);
      return file;
    } catch {
      // not in this directory
    }
  }
  return undefined;
}

/**
 * The Debian root a Blender made by `npm run blender:get` runs from (its launcher sits beside
 * `root/`), or undefined for a Blender installed on this machine. The sandbox runs such a
 * Blender with the root's /usr and /etc itself: the launcher's own bubblewrap cannot nest in it.
 */
export function blenderRoot(blender: string): string | undefined {
  const root = path.join(path.dirname(realpathSync(blender)), "root");
  return existsSync(path.join(root, ".complete")) && existsSync(path.join(root, ROOT_BLENDER)) ? root : undefined;
}

/** Where the Blender of a blender:get root is, inside it. */
export const ROOT_BLENDER = "usr/bin/blender";

function assertExecutable(file: string, source: string): void {
  try {
    accessSync(file, constants.X_OK);
  } catch {
    throw new Error(`${source} points to ${file}, which is not an executable file`);
  }
}

/** The add-on folder whose worker_main.py headless workers run. */
export const ADDON_DIR = path.join(PROJECT_ROOT, "blender-addon");
export const WORKER_ENTRY = path.join(ADDON_DIR, "worker_main.py");
