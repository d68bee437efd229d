import bpy

# A city block of tower blocks built with geometry nodes on the "CityBlock" object (which is
# at the centre of the block, on the pavement). Buildings stand on a square grid; each has a
# random height between MIN_HEIGHT and MAX_HEIGHT and one of three facade materials.
GRID_COUNT = 5          # buildings along each side of the grid
GRID_SPACING = 0.8      # distance between neighbouring buildings' centres (metres)
BUILDING_WIDTH = 0.55   # footprint of every building (square, metres)
MIN_HEIGHT = 0.4
MAX_HEIGHT = 1.6
HEIGHT_SEED = 7

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
block = bpy.data.objects["CityBlock"]
tree = new_geometry_group("CityNodes")

# Building sites: the vertices of a GRID_COUNT x GRID_COUNT grid.
grid_size = (GRID_COUNT - 1) * GRID_SPACING
sites = add("GeometryNodeMeshGrid", {"Size X": grid_size, "Size Y": grid_size,
                                     "Vertices X": GRID_COUNT, "Vertices Y": GRID_COUNT})

# A unit-high building standing on the origin, in each of the three facade materials.
facades = []
for name in ("Concrete", "Brick", "Glass"):
    box = add("GeometryNodeMeshCube", {"Size": (BUILDING_WIDTH, BUILDING_WIDTH, 1.0)})
    standing = add("GeometryNodeTransform", {"Geometry": out(box), "Translation": (0.0, 0.0, 0.5)})
    faced = add("GeometryNodeSetMaterial", {"Geometry": out(standing), "Material": bpy.data.materials[name]})
    facades.append(out(faced))
building_kinds = add("GeometryNodeGeometryToInstance", {"Geometry": facades})  # one instance per material

# Each site gets a random facade and is stretched up to a random height.
which_facade = add("FunctionNodeRandomValue", {"Min": 0, "Max": 2, "Seed": HEIGHT_SEED + 1}, data_type="INT")
height = add("FunctionNodeRandomValue", {"Min": MIN_HEIGHT, "Max": MAX_HEIGHT, "Seed": HEIGHT_SEED}, data_type="FLOAT")
stretch = add("ShaderNodeCombineXYZ", {"X": 1.0, "Y": 1.0, "Z": out(height, "Value")})
buildings = add("GeometryNodeInstanceOnPoints", {"Points": out(sites), "Instance": out(building_kinds),
                                                 "Pick Instance": True, "Instance Index": out(which_facade, "Value"),
                                                 "Scale": out(stretch)})

attach(block, tree, out(buildings))
