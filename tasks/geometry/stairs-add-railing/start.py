import bpy

# A straight staircase built with geometry nodes on the "Stairs" object. Each step is a solid
# block from the floor up to its tread; the first step's front-left corner is at the object's
# origin, steps climb toward +Y and the stairs are STEP_WIDTH wide toward +X (lengths in metres).
STEP_COUNT = 8
STEP_HEIGHT = 0.17     # rise of each step
STEP_DEPTH = 0.3       # depth of each tread
STEP_WIDTH = 1.0

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
stairs = bpy.data.objects["Stairs"]
tree = new_geometry_group("StairNodes")

# A unit block with its front-left-bottom corner at the origin, in wood.
block = add("GeometryNodeMeshCube", {"Size": (1.0, 1.0, 1.0)})
corner_block = add("GeometryNodeTransform", {"Geometry": out(block), "Translation": (0.5, 0.5, 0.5)})
wood_block = add("GeometryNodeSetMaterial", {"Geometry": out(corner_block), "Material": bpy.data.materials["Wood"]})

# One point per step, STEP_DEPTH apart; step i's block is (i + 1) * STEP_HEIGHT tall.
step_points = add("GeometryNodeMeshLine", {"Count": STEP_COUNT, "Start Location": (0.0, 0.0, 0.0),
                                           "Offset": (0.0, STEP_DEPTH, 0.0)})
index = add("GeometryNodeInputIndex")
step_number = add("ShaderNodeMath", {0: out(index), 1: 1.0}, operation="ADD")
block_height = add("ShaderNodeMath", {0: out(step_number), 1: STEP_HEIGHT}, operation="MULTIPLY")
block_size = add("ShaderNodeCombineXYZ", {"X": STEP_WIDTH, "Y": STEP_DEPTH, "Z": out(block_height)})
steps = add("GeometryNodeInstanceOnPoints", {"Points": out(step_points), "Instance": out(wood_block),
                                             "Scale": out(block_size)})

attach(stairs, tree, out(steps))
