import bpy
from math import radians

# A potted plant built with geometry nodes on the "Plant" object (which stands on the soil).
# Lengths are in metres, angles in degrees.
STEM_HEIGHT = 0.6      # height of the stem above the soil
STEM_RADIUS = 0.014
LEAF_COUNT = 6         # leaves spread evenly up the stem
LEAF_START = 0.12      # height of the lowest leaf
LEAF_LENGTH = 0.24
LEAF_WIDTH = 0.1
LEAF_TILT = 25.0       # how far each leaf points up from horizontal
LEAF_TURN = 137.5      # turn about the stem from one leaf to the next
FLOWER_CENTRE_RADIUS = 0.05
PETAL_COUNT = 8        # petals in a level ring around the flower's centre
PETAL_LENGTH = 0.15
PETAL_WIDTH = 0.07

# ---- node-building helpers ------------------------------------------------------------


def socket(sockets, key):
    """A socket by index, or by name (the first enabled one: some nodes repeat a name per data type)."""
    if isinstance(key, int):
        return sockets[key]
    for candidate in sockets:
        if candidate.name == key and candidate.enabled:
            return candidate
    raise KeyError("no socket named %r" % key)


def add(kind, inputs=None, **properties):
    """Add a node to `tree`, set its properties, then set or link its inputs.

    An input value that is a socket (or a list of sockets) is linked; anything else is set."""
    node = tree.nodes.new(kind)
    node.location = (200 * len(tree.nodes), 0)
    for name, value in properties.items():
        setattr(node, name, value)
    for key, value in (inputs or {}).items():
        target = socket(node.inputs, key)
        for item in (value if isinstance(value, list) else [value]):
            if isinstance(item, bpy.types.NodeSocket):
                tree.links.new(item, target)
            else:
                target.default_value = item
    return node


def out(node, key=0):
    return socket(node.outputs, key)


def new_geometry_group(name):
    """An empty geometry-node group with one Geometry output (made anew on every run)."""
    old = bpy.data.node_groups.get(name)
    if old is not None:
        bpy.data.node_groups.remove(old)
    group = bpy.data.node_groups.new(name, "GeometryNodeTree")
    if hasattr(group, "interface"):  # Blender 4.0+
        group.interface.new_socket("Geometry", in_out="OUTPUT", socket_type="NodeSocketGeometry")
    else:
        group.outputs.new("NodeSocketGeometry", "Geometry")
    return group


def attach(obj, group, geometry):
    """Realize `geometry` (instances are not part of the evaluated mesh), send it to the
    group output and make `group` the object's only modifier."""
    realized = add("GeometryNodeRealizeInstances", {"Geometry": geometry})
    add("NodeGroupOutput", {0: out(realized)})
    for modifier in list(obj.modifiers):
        obj.modifiers.remove(modifier)
    obj.modifiers.new(group.name, "NODES").node_group = group


# ---- the node tree ----------------------------------------------------------------------
plant = bpy.data.objects["Plant"]
tree = new_geometry_group("PlantNodes")

# The stem: a vertical line swept with a small circle.
stem_line = add("GeometryNodeCurvePrimitiveLine", {"Start": (0.0, 0.0, 0.0), "End": (0.0, 0.0, STEM_HEIGHT)})
stem_profile = add("GeometryNodeCurvePrimitiveCircle", {"Resolution": 8, "Radius": STEM_RADIUS})
stem_mesh = add("GeometryNodeCurveToMesh", {"Curve": out(stem_line), "Profile Curve": out(stem_profile), "Fill Caps": True})
stem = add("GeometryNodeSetMaterial", {"Geometry": out(stem_mesh), "Material": bpy.data.materials["Stem"]})

# One leaf: a flattened sphere whose base is at the origin and which points along +X.
leaf_sphere = add("GeometryNodeMeshUVSphere", {"Segments": 16, "Rings": 8, "Radius": 1.0})
leaf_shape = add("GeometryNodeTransform", {"Geometry": out(leaf_sphere),
                                           "Translation": (LEAF_LENGTH / 2, 0.0, 0.0),
                                           "Scale": (LEAF_LENGTH / 2, LEAF_WIDTH / 2, 0.006)})
leaf = add("GeometryNodeSetMaterial", {"Geometry": out(leaf_shape), "Material": bpy.data.materials["Leaf"]})

# Leaf points evenly up the stem; each leaf tilts up and turns LEAF_TURN further than the last.
leaf_points = add("GeometryNodeMeshLine", {"Count": LEAF_COUNT, "Start Location": (0.0, 0.0, LEAF_START),
                                           "Offset": (0.0, 0.0, STEM_HEIGHT - 0.04)}, mode="END_POINTS")
index = add("GeometryNodeInputIndex")
turn = add("ShaderNodeMath", {0: out(index), 1: radians(LEAF_TURN)}, operation="MULTIPLY")
leaf_rotation = add("ShaderNodeCombineXYZ", {"X": 0.0, "Y": -radians(LEAF_TILT), "Z": out(turn)})
leaves = add("GeometryNodeInstanceOnPoints", {"Points": out(leaf_points), "Instance": out(leaf),
                                              "Rotation": out(leaf_rotation)})

# The flower: a yellow ball on top of the stem ringed by flat petals.
centre_ball = add("GeometryNodeMeshUVSphere", {"Segments": 16, "Rings": 8, "Radius": FLOWER_CENTRE_RADIUS})
centre_moved = add("GeometryNodeTransform", {"Geometry": out(centre_ball), "Translation": (0.0, 0.0, STEM_HEIGHT)})
centre = add("GeometryNodeSetMaterial", {"Geometry": out(centre_moved), "Material": bpy.data.materials["FlowerCentre"]})
petal_sphere = add("GeometryNodeMeshUVSphere", {"Segments": 16, "Rings": 8, "Radius": 1.0})
petal_shape = add("GeometryNodeTransform", {"Geometry": out(petal_sphere),
                                            "Translation": (PETAL_LENGTH / 2, 0.0, 0.0),
                                            "Scale": (PETAL_LENGTH / 2, PETAL_WIDTH / 2, 0.006)})
petal = add("GeometryNodeSetMaterial", {"Geometry": out(petal_shape), "Material": bpy.data.materials["Flower"]})
petal_points = add("GeometryNodeMeshLine", {"Count": PETAL_COUNT, "Start Location": (0.0, 0.0, STEM_HEIGHT),
                                            "Offset": (0.0, 0.0, 0.0)})
petal_index = add("GeometryNodeInputIndex")
petal_turn = add("ShaderNodeMath", {0: out(petal_index), 1: radians(360.0) / PETAL_COUNT}, operation="MULTIPLY")
petal_rotation = add("ShaderNodeCombineXYZ", {"X": 0.0, "Y": 0.0, "Z": out(petal_turn)})
petals = add("GeometryNodeInstanceOnPoints", {"Points": out(petal_points), "Instance": out(petal),
                                              "Rotation": out(petal_rotation)})

plant_parts = add("GeometryNodeJoinGeometry", {"Geometry": [out(stem), out(leaves), out(centre), out(petals)]})
attach(plant, tree, out(plant_parts))
