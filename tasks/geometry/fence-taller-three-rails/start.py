import bpy

# A post-and-rail fence built with geometry nodes on the "Fence" object. It runs along X,
# centred on the origin; the rails are fixed to the -Y face of the posts (lengths in metres).
FENCE_LENGTH = 3.0     # from the first post to the last
POST_COUNT = 6         # posts spread evenly along the fence
POST_HEIGHT = 1.0
POST_WIDTH = 0.1
RAIL_COUNT = 2         # rails spread evenly from RAIL_LOW to RAIL_HIGH
RAIL_LOW = 0.3         # height of the lowest rail's centre
RAIL_HIGH = 0.8        # height of the highest rail's centre
RAIL_THICKNESS = 0.09  # how tall each rail board is

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
fence = bpy.data.objects["Fence"]
tree = new_geometry_group("FenceNodes")

# The posts: a square block standing on each point.
post_points = add("GeometryNodeMeshLine", {"Count": POST_COUNT, "Start Location": (-FENCE_LENGTH / 2, 0.0, 0.0),
                                           "Offset": (FENCE_LENGTH / 2, 0.0, 0.0)}, mode="END_POINTS")
post_block = add("GeometryNodeMeshCube", {"Size": (POST_WIDTH, POST_WIDTH, POST_HEIGHT)})
post_standing = add("GeometryNodeTransform", {"Geometry": out(post_block), "Translation": (0.0, 0.0, POST_HEIGHT / 2)})
post = add("GeometryNodeSetMaterial", {"Geometry": out(post_standing), "Material": bpy.data.materials["Timber"]})
posts = add("GeometryNodeInstanceOnPoints", {"Points": out(post_points), "Instance": out(post)})

# The rails: long boards across the front of the posts.
rail_y = -(POST_WIDTH / 2 + 0.015)
rail_points = add("GeometryNodeMeshLine", {"Count": RAIL_COUNT, "Start Location": (0.0, rail_y, RAIL_LOW),
                                           "Offset": (0.0, rail_y, RAIL_HIGH)}, mode="END_POINTS")
rail_board = add("GeometryNodeMeshCube", {"Size": (FENCE_LENGTH + 0.3, 0.03, RAIL_THICKNESS)})
rail = add("GeometryNodeSetMaterial", {"Geometry": out(rail_board), "Material": bpy.data.materials["Plank"]})
rails = add("GeometryNodeInstanceOnPoints", {"Points": out(rail_points), "Instance": out(rail)})

fence_parts = add("GeometryNodeJoinGeometry", {"Geometry": [out(posts), out(rails)]})
attach(fence, tree, out(fence_parts))
