import { z } from "zod";
import { Engine } from "../../../protocol/src/schemas/render.js";
import type { LiveScene } from "./live-scene.js";
import { fitWithin, montage } from "./montage.js";
import { registerTool, type ToolRegistry } from "./tool-kit.js";

/** The bound every image tool takes: no image sent is larger on either side. */
export const MaxSize = z.number().int().min(64).max(2048).default(768).describe("longest side of the image, pixels");

/** Camera objects, by name. */
export const CameraNames = z.array(z.string().min(1).max(63)).min(1).max(8);

/** The views and render settings a tool that renders takes. */
export const RenderChoice = {
  cameras: CameraNames.optional().describe(
    "camera objects to render from; default: the scene's active camera, else the artist's viewport",
  ),
  engine: Engine.default("WORKBENCH").describe("WORKBENCH is fastest; EEVEE and CYCLES show materials and light"),
  maxSize: MaxSize,
  montage: z.boolean().default(true).describe("several views as one labelled image (false: one image per view)"),
};

/** The rendered views as MCP images: one labelled montage, or one image each, within maxSize. */
export async function viewImages(
  images: { view: string; png: string }[],
  o: { maxSize: number; montage: boolean },
): Promise<Buffer[]> {
  const views = images.map((i) => ({ label: i.view, png: Buffer.from(i.png, "base64") }));
  if (views.length > 1 && o.montage) return [await montage(views, o.maxSize)];
  return Promise.all(views.map(async (v) => (await fitWithin(v.png, o.maxSize)).png));
}

/** Render settings for a bound: square renders of the bound's size (tiles shrink them in a montage). */
export function settingsFor(engine: z.infer<typeof Engine>, maxSize: number) {
  return { engine, width: maxSize, height: maxSize, samples: 16, seed: 0 };
}

/** `viewport_image` and `render_views`: pixels as MCP image content, never a file path. */
export function registerImageTools(registry: ToolRegistry, scene: LiveScene): void {
  registerTool(
    registry,
    "viewport_image",
    {
      title: "Viewport image",
      description: "What the artist sees in Blender's 3D viewport now, as an image.",
      input: z.object({ maxSize: MaxSize }),
      output: z.object({
        width: z.number(),
        height: z.number(),
        viewportWidth: z.number(),
        viewportHeight: z.number(),
      }),
      readOnly: true,
    },
    async ({ maxSize }) => {
      if (scene.headless)
        throw new Error("no viewport: this sidecar edits a headless scene (render_views renders it from its cameras)");
      const shot = await (await scene.blender()).call("render.viewport", { scale: 1 });
      const fitted = await fitWithin(Buffer.from(shot.png, "base64"), maxSize);
      return {
        summary: `The 3D viewport (${shot.width}×${shot.height}), sent at ${fitted.width}×${fitted.height}.`,
        structured: {
          width: fitted.width,
          height: fitted.height,
          viewportWidth: shot.width,
          viewportHeight: shot.height,
        },
        images: [fitted.png],
      };
    },
  );

  registerTool(
    registry,
    "render_views",
    {
      title: "Render views",
      description:
        "Render the open scene from one or more cameras, in a headless worker on a copy of the scene " +
        "(the artist's Blender is not blocked). Several views come as one labelled montage unless montage is false.",
      input: z.object(RenderChoice),
      output: z.object({ views: z.array(z.string()), engine: z.string(), renderMs: z.number() }),
      readOnly: true,
    },
    async (args) => {
      const started = performance.now();
      const views = await scene.views(args.cameras);
      const images = await scene.render(views, settingsFor(args.engine, args.maxSize));
      const names = images.map((i) => i.view);
      return {
        summary: `Rendered ${names.join(", ")} with ${args.engine}.`,
        structured: { views: names, engine: args.engine, renderMs: Math.round(performance.now() - started) },
        images: await viewImages(images, args),
      };
    },
  );
}
