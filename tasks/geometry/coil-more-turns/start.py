import bpy

# A copper wire coil built with geometry nodes on the "Coil" object, which stands on the
# plinth. The spiral starts at the bottom and winds upward (lengths in metres).
SPIRAL_TURNS = 3.0
SPIRAL_HEIGHT = 0.8
START_RADIUS = 0.3      # radius of the spiral at the bottom
END_RADIUS = 0.3        # radius of the spiral at the top
WIRE_RADIUS = 0.025

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
coil = bpy.data.objects["Coil"]
tree = new_geometry_group("CoilNodes")

spiral = add("GeometryNodeCurveSpiral", {"Resolution": 48, "Rotations": SPIRAL_TURNS, "Height": SPIRAL_HEIGHT,
                                         "Start Radius": START_RADIUS, "End Radius": END_RADIUS})
wire_profile = add("GeometryNodeCurvePrimitiveCircle", {"Resolution": 12, "Radius": WIRE_RADIUS})
wire = add("GeometryNodeCurveToMesh", {"Curve": out(spiral), "Profile Curve": out(wire_profile), "Fill Caps": True})
# Lift the coil by the wire's radius so the wire rests on the plinth.
lifted = add("GeometryNodeTransform", {"Geometry": out(wire), "Translation": (0.0, 0.0, WIRE_RADIUS)})
copper = add("GeometryNodeSetMaterial", {"Geometry": out(lifted), "Material": bpy.data.materials["Copper"]})

attach(coil, tree, out(copper))
