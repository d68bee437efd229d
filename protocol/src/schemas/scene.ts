import { z } from "zod";
import { JsonValue, Matrix4, Name, Vec3 } from "./common.js";

export const SceneInfoParams = z
  .object({
    /** Objects are paged so a big scene never truncates silently. */
    offset: z.number().int().min(0).default(0),
    limit: z.number().int().min(1).max(10_000).default(500),
    /** Include material node trees (can be large); with `names`, only those the named objects use. */
    materials: z.boolean().default(true),
    /** Only these objects (by exact name), in place of the page: one object's details. */
    names: z.array(Name).min(1).max(1000).optional(),
  })
  .strict();

export const ObjectInfo = z.object({
  name: Name,
  type: z.string(),
  parent: z.string().nullable(),
  location: Vec3,
  rotationEuler: Vec3,
  scale: Vec3,
  /** World matrix, row-major. */
  matrixWorld: Matrix4,
  visible: z.boolean(),
  materials: z.array(z.string()),
  /** The collections the object is linked to. */
  collections: z.array(z.string()),
  /** Its modifiers in stack order: name, type, and whether they show in renders. */
  modifiers: z.array(z.object({ name: z.string(), type: z.string(), render: z.boolean() })),
  shapeKeys: z.array(z.object({ name: z.string(), value: z.number(), min: z.number(), max: z.number() })).optional(),
  geometryNodes: z
    .array(
      z.object({
        modifier: z.string(),
        nodeGroup: z.string().nullable(),
        inputs: z.array(z.object({ identifier: z.string(), name: z.string(), type: z.string(), value: JsonValue })),
      }),
    )
    .optional(),
});

export const CameraInfo = z.object({
  name: Name,
  lens: z.number(),
  sensorWidth: z.number(),
  type: z.string(),
  matrixWorld: Matrix4,
});

export const LightInfo = z.object({
  name: Name,
  type: z.enum(["POINT", "SUN", "SPOT", "AREA"]),
  color: Vec3,
  energy: z.number(),
  /** Radius for point/spot, size for area (x), null for sun. */
  size: z.number().nullable(),
  /** Sun's angular diameter in radians, null for the others. */
  angle: z.number().nullable(),
  spotSize: z.number().nullable(),
  matrixWorld: Matrix4,
});

export const NodeSocketInfo = z.object({
  identifier: z.string(),
  name: z.string(),
  type: z.string(),
  linked: z.boolean(),
  /** The socket's default value when it has one (unlinked inputs). */
  value: JsonValue.optional(),
});

export const NodeInfo = z.object({
  name: z.string(),
  type: z.string(),
  label: z.string(),
  inputs: z.array(NodeSocketInfo),
  /** Node-level properties that are not sockets (e.g. a Math node's operation). */
  properties: z.record(z.string(), JsonValue),
});

export const NodeLinkInfo = z.object({
  fromNode: z.string(),
  fromSocket: z.string(),
  toNode: z.string(),
  toSocket: z.string(),
});

export const MaterialInfo = z.object({
  name: Name,
  useNodes: z.boolean(),
  nodes: z.array(NodeInfo),
  links: z.array(NodeLinkInfo),
});

export const SceneInfoResult = z.object({
  scene: z.string(),
  file: z.string(),
  frame: z.number().int(),
  activeCamera: z.string().nullable(),
  objects: z.array(ObjectInfo),
  /** Total number of objects; page with offset/limit while offset + objects.length < total. */
  totalObjects: z.number().int(),
  cameras: z.array(CameraInfo),
  lights: z.array(LightInfo),
  materials: z.array(MaterialInfo),
  /** Every material's name (the node trees are in `materials` when asked for). */
  materialNames: z.array(z.string()),
  /** The scene's collections below its master collection, depth first: parent, object and child counts. */
  collections: z.array(
    z.object({
      name: z.string(),
      parent: z.string().nullable(),
      objects: z.number().int(),
      children: z.number().int(),
    }),
  ),
  /** With `names`: those of the names that no object has. */
  missing: z.array(z.string()),
});
export type SceneInfoResult = z.infer<typeof SceneInfoResult>;

/** Where a scene comes from: a .blend file or a Python script that builds it from empty. */
export const SceneSource = z.union([
  z.object({ blendPath: z.string().min(1) }).strict(),
  z.object({ script: z.string().min(1), name: z.string().default("scene.py") }).strict(),
]);
export type SceneSource = z.input<typeof SceneSource>;

export const SceneLoadParams = z.object({ source: SceneSource }).strict();
export const SceneLoadResult = z.object({
  /** Content hash of the source; pass it to `worker.evaluate` to start from this state. */
  sceneId: z.string(),
  objects: z.number().int(),
  loadMs: z.number(),
});

export const SnapshotParams = z.object({}).strict();
export const SnapshotResult = z.object({
  snapshotId: z.string(),
  /** The saved .blend, on Blender's machine: a worker there can load it (scene.load blendPath). */
  path: z.string(),
});
export const RestoreParams = z.object({ snapshotId: z.string().min(1) }).strict();
export const RestoreResult = z.object({ restored: z.literal(true), restoreMs: z.number() });

/**
 * What part of the scene a program is written for: the selected objects, a collection's
 * objects (with its children's), the whole scene (with its world), or a Text data-block
 * the artist wrote (returned as it is).
 */
/** What part of the open scene a program covers (an episode's scope: what the agent may edit). */
export const ProgramScope = z.enum(["selected", "collection", "scene", "text"]);

export const SceneProgramParams = z
  .object({
    /** The scopes an artist picks, or "objects": these objects by name (the selection as it was, say). */
    scope: z.enum([...ProgramScope.options, "objects"]).default("selected"),
    /** The collection or Text data-block, for those scopes. */
    name: Name.optional(),
    /** The objects, for the objects scope. */
    objects: z.array(Name).min(1).max(10_000).optional(),
    /** Also write the program into this Text data-block (made if missing), for the artist to read. */
    text: Name.optional(),
  })
  .strict()
  .refine((p) => (p.scope === "collection" || p.scope === "text") === (p.name !== undefined), {
    message: "name is required for the collection and text scopes, and only for them",
    path: ["name"],
  })
  .refine((p) => (p.scope === "objects") === (p.objects !== undefined), {
    message: "objects is required for the objects scope, and only for it",
    path: ["objects"],
  });
export const SceneProgramResult = z.object({
  /** Python: UPPER_CASE parameters, then the statements that set them; running it unchanged changes nothing. */
  program: z.string(),
  /** How many parameters it declares (null for a text scope: the artist's own program). */
  parameters: z.number().int().nonnegative().nullable(),
  /** The objects it covers, by name. */
  objects: z.array(Name),
  /** The Text data-block it was written to, if asked. */
  text: Name.nullable(),
});
