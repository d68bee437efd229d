import bpy
from math import radians

# A stack of books built with geometry nodes on the "Books" object, which stands on the desk.
# Every book has a random cover colour and a random turn about the vertical (lengths in metres).
BOOK_COUNT = 5
BOOK_LENGTH = 0.24      # along X when the book lies flat
BOOK_WIDTH = 0.17       # along Y when the book lies flat
BOOK_THICKNESS = 0.04
MAX_TWIST = 0.0        # each book turns by a random angle between -MAX_TWIST and +MAX_TWIST degrees
BOOK_SEED = 6

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
books = bpy.data.objects["Books"]
tree = new_geometry_group("BookNodes")

# One book per cover colour; each site picks one of them at random.
covers = []
for name in ("CoverRed", "CoverBlue", "CoverGreen", "CoverCream"):
    slab = add("GeometryNodeMeshCube", {"Size": (BOOK_THICKNESS, BOOK_WIDTH, BOOK_LENGTH)})
    covered = add("GeometryNodeSetMaterial", {"Geometry": out(slab), "Material": bpy.data.materials[name]})
    covers.append(out(covered))
book_kinds = add("GeometryNodeGeometryToInstance", {"Geometry": covers})  # one instance per cover

# The row: book centres one thickness apart along X, centred on the origin, standing on the desk.
row_start = -(BOOK_COUNT - 1) * BOOK_THICKNESS / 2
book_sites = add("GeometryNodeMeshLine", {"Count": BOOK_COUNT, "Start Location": (row_start, 0.0, BOOK_LENGTH / 2),
                                          "Offset": (BOOK_THICKNESS, 0.0, 0.0)})
which_cover = add("FunctionNodeRandomValue", {"Min": 0, "Max": 3, "Seed": BOOK_SEED + 1}, data_type="INT")
twist = add("FunctionNodeRandomValue", {"Min": -radians(MAX_TWIST), "Max": radians(MAX_TWIST), "Seed": BOOK_SEED},
            data_type="FLOAT")
book_turn = add("ShaderNodeCombineXYZ", {"X": 0.0, "Y": 0.0, "Z": out(twist, "Value")})
stack = add("GeometryNodeInstanceOnPoints", {"Points": out(book_sites), "Instance": out(book_kinds),
                                             "Pick Instance": True, "Instance Index": out(which_cover, "Value"),
                                             "Rotation": out(book_turn)})

attach(books, tree, out(stack))
