import { z } from "zod";
import { CameraInfo, LightInfo, MaterialInfo, ObjectInfo } from "../../../protocol/src/schemas/scene.js";
import type { LiveScene } from "./live-scene.js";
import { registerTool, type ToolRegistry } from "./tool-kit.js";

/** Numbers rounded for reading: 4 decimals is under a tenth of a millimetre at metre scale. */
const round = (v: readonly number[]) => v.map((x) => Math.round(x * 1e4) / 1e4);

const ObjectLine = z.object({
  name: z.string(),
  type: z.string(),
  parent: z.string().nullable(),
  collections: z.array(z.string()),
  location: z.array(z.number()),
  rotation: z.array(z.number()).describe("Euler XYZ, radians"),
  scale: z.array(z.number()),
  visible: z.boolean().describe("shows in renders"),
  materials: z.array(z.string()),
  modifiers: z.array(z.string()).describe("NAME (TYPE), in stack order"),
});

const Collection = z.object({
  name: z.string(),
  parent: z.string().nullable(),
  objects: z.number(),
  children: z.number(),
});

const OverviewInput = z.object({
  cursor: z.string().max(200).optional().describe("nextCursor of the previous page; omit for the first page"),
  limit: z.number().int().min(1).max(500).default(100).describe("entries per page (objects, materials, collections)"),
});

const OverviewOutput = z.object({
  scene: z.string(),
  file: z.string().describe('the open .blend ("" when unsaved)'),
  frame: z.number(),
  activeCamera: z.string().nullable(),
  counts: z.object({ objects: z.number(), materials: z.number(), collections: z.number() }),
  objects: z.array(ObjectLine),
  materials: z.array(z.string()),
  collections: z.array(Collection),
  page: z.string().describe("which entries this page holds, in words"),
  nextCursor: z.string().nullable().describe("pass it back for the next page; null: this was the last"),
  sceneChanged: z
    .boolean()
    .describe("the scene's object count changed since the cursor was given: pages may skip or repeat entries"),
});

const DetailsInput = z.object({ name: z.string().min(1).max(63).describe("the object's exact name") });
const DetailsOutput = z.object({
  object: ObjectInfo,
  camera: CameraInfo.nullable(),
  light: LightInfo.nullable(),
  materials: z.array(MaterialInfo).describe("the materials it uses, with their node trees"),
});

/** The position in the sequence objects → materials → collections, and the object count it was made at. */
const Cursor = z.object({ at: z.number().int().min(0), objects: z.number().int().min(0) });

function encodeCursor(c: z.infer<typeof Cursor>): string {
  return Buffer.from(JSON.stringify(c)).toString("base64url");
}

function decodeCursor(text: string | undefined): z.infer<typeof Cursor> | undefined {
  if (text === undefined) return undefined;
  try {
    return Cursor.parse(JSON.parse(Buffer.from(text, "base64url").toString("utf8")));
  } catch {
    throw new Error("cursor: not one this server gave (pass nextCursor from scene_overview's previous page as it is)");
  }
}

/** `scene_overview` (paged, never cut short silently) and `object_details`. */
export function registerSceneTools(registry: ToolRegistry, scene: LiveScene): void {
  registerTool(
    registry,
    "scene_overview",
    {
      title: "Scene overview",
      description:
        "What is in the artist's open Blender scene: every object (type, parent, collections, transform, " +
        "visibility, materials, modifiers), then every material and collection name, in pages. Follow " +
        "nextCursor until it is null to see everything; nothing is left out silently.",
      input: OverviewInput,
      output: OverviewOutput,
      readOnly: true,
    },
    async ({ cursor, limit }) => {
      const from = decodeCursor(cursor);
      const at = from?.at ?? 0;
      const info = await (await scene.blender()).call("scene.info", { offset: at, limit, materials: false });
      const objectCount = info.totalObjects;
      const objects = info.objects.map((o) => ({
        name: o.name,
        type: o.type,
        parent: o.parent,
        collections: o.collections,
        location: round(o.location),
        rotation: round(o.rotationEuler),
        scale: round(o.scale),
        visible: o.visible,
        materials: o.materials,
        modifiers: o.modifiers.map((m) => `${m.name} (${m.type})`),
      }));
      // Past the objects the sequence goes on with the materials, then the collections.
      const materialCount = info.materialNames.length;
      const materialStart = Math.max(0, at - objectCount);
      const materials = info.materialNames.slice(materialStart, materialStart + limit - objects.length);
      const collectionStart = Math.max(0, at - objectCount - materialCount);
      const collections = info.collections.slice(
        collectionStart,
        collectionStart + limit - objects.length - materials.length,
      );
      const total = objectCount + materialCount + info.collections.length;
      const next = at + objects.length + materials.length + collections.length;
      const sections = [
        { what: "objects", start: at, n: objects.length, of: objectCount },
        { what: "materials", start: materialStart, n: materials.length, of: materialCount },
        { what: "collections", start: collectionStart, n: collections.length, of: info.collections.length },
      ];
      const page =
        sections
          .filter((p) => p.n > 0)
          .map((p) => `${p.what} ${p.start + 1}–${p.start + p.n} of ${p.of}`)
          .join(", ") || "no entries";
      return {
        summary: `${page}${next < total ? "; more follow (nextCursor)" : "; that is everything"}.`,
        structured: {
          scene: info.scene,
          file: info.file,
          frame: info.frame,
          activeCamera: info.activeCamera,
          counts: { objects: objectCount, materials: materialCount, collections: info.collections.length },
          objects,
          materials,
          collections,
          page,
          nextCursor: next < total ? encodeCursor({ at: next, objects: objectCount }) : null,
          sceneChanged: from !== undefined && from.objects !== objectCount,
        },
      };
    },
  );

  registerTool(
    registry,
    "object_details",
    {
      title: "Object details",
      description:
        "Everything about one object of the open scene: world matrix, shape keys, geometry-nodes inputs, " +
        "modifiers, its camera or light settings, and the node trees of its materials.",
      input: DetailsInput,
      output: DetailsOutput,
      readOnly: true,
    },
    async ({ name }) => {
      const info = await (await scene.blender()).call("scene.info", { names: [name], materials: true });
      const object = info.objects[0];
      if (!object) throw new Error(`no object named ${JSON.stringify(name)} in the scene (scene_overview lists them)`);
      return {
        summary:
          `${object.name}: ${object.type}, ${object.materials.length} material(s), ` +
          `${object.modifiers.length} modifier(s).`,
        structured: {
          object,
          camera: info.cameras.find((c) => c.name === name) ?? null,
          light: info.lights.find((l) => l.name === name) ?? null,
          materials: info.materials,
        },
      };
    },
  );
}
