import { copyFile, stat } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import type { LiveScene } from "./live-scene.js";
import { registerTool, type ToolRegistry } from "./tool-kit.js";

/**
 * `save_scene`, for a headless scene (`mcp --scene`): the scene as it is now, written to a
 * .blend on the sidecar's machine. An artist's Blender saves its own file.
 */
export function registerSaveTool(registry: ToolRegistry, scene: LiveScene): void {
  registerTool(
    registry,
    "save_scene",
    {
      title: "Save the scene",
      description:
        "Write the headless scene as it is now (every applied edit) to a .blend file on the sidecar's machine.",
      input: z.object({
        path: z
          .string()
          .min(1)
          .max(4096)
          .refine((p) => p.toLowerCase().endsWith(".blend"), "the file must end in .blend"),
      }),
      output: z.object({ path: z.string(), bytes: z.number() }),
      readOnly: false,
    },
    async (args) => {
      const target = path.resolve(args.path);
      const snapshot = (await (await scene.blender()).call("scene.snapshot", {})).path;
      try {
        await copyFile(snapshot, target);
      } catch (err) {
        throw new Error(`cannot write ${target}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
      }
      const { size } = await stat(target);
      return { summary: `Saved the scene to ${target} (${size} bytes).`, structured: { path: target, bytes: size } };
    },
  );
}
