import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** The project's root: the nearest folder above this file holding blender-addon/ (from src/ or dist/). */
function findProjectRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, "blender-addon", "worker_main.py"))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error("cannot find blender-addon/worker_main.py above the sidecar's code");
    dir = parent;
  }
  return dir;
}

export const PROJECT_ROOT = findProjectRoot();
