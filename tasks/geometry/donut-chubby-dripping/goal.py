import bpy
from math import pi

# A glazed donut with sprinkles, built with geometry nodes on the "Donut" object, which stands
# on the plate. Lengths are in metres.
RING_RADIUS = 0.09           # from the donut's centre to the middle of its tube
TUBE_RADIUS = 0.052          # thickness of the dough ring
ICING_MATERIAL = "PinkIcing"
ICING_THICKNESS = 0.005
ICING_EDGE = -0.02          # the icing covers the dough above this height over the tube's centre line
SPRINKLE_DENSITY = 1200     # sprinkles per square metre of icing
SPRINKLE_LENGTH = 0.018
SPRINKLE_RADIUS = 0.0025
SPRINKLE_SEED = 4

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
donut = bpy.data.objects["Donut"]
tree = new_geometry_group("DonutNodes")


def torus(tube_radius):
    """A ring of radius RING_RADIUS swept with a circle of radius tube_radius."""
    ring = add("GeometryNodeCurvePrimitiveCircle", {"Resolution": 64, "Radius": RING_RADIUS})
    tube = add("GeometryNodeCurvePrimitiveCircle", {"Resolution": 24, "Radius": tube_radius})
    return add("GeometryNodeCurveToMesh", {"Curve": out(ring), "Profile Curve": out(tube)})


dough_ring = torus(TUBE_RADIUS)
dough = add("GeometryNodeSetMaterial", {"Geometry": out(dough_ring), "Material": bpy.data.materials["Dough"]})

# The icing: a slightly fatter ring with everything below ICING_EDGE removed.
icing_ring = torus(TUBE_RADIUS + ICING_THICKNESS)
position = add("GeometryNodeInputPosition")
height = add("ShaderNodeSeparateXYZ", {"Vector": out(position)})
below_edge = add("FunctionNodeCompare", {"A": out(height, "Z"), "B": ICING_EDGE}, data_type="FLOAT", operation="LESS_THAN")
icing_shape = add("GeometryNodeDeleteGeometry", {"Geometry": out(icing_ring), "Selection": out(below_edge)}, domain="FACE")
icing = add("GeometryNodeSetMaterial", {"Geometry": out(icing_shape), "Material": bpy.data.materials[ICING_MATERIAL]})

# Sprinkles: little rods in three colours, scattered over the icing at random angles.
sprinkle_kinds = []
for colour in ("SprinkleWhite", "SprinkleYellow", "SprinkleBlue"):
    piece = add("GeometryNodeMeshCylinder", {"Vertices": 6, "Radius": SPRINKLE_RADIUS, "Depth": SPRINKLE_LENGTH})
    coloured = add("GeometryNodeSetMaterial", {"Geometry": out(piece), "Material": bpy.data.materials[colour]})
    sprinkle_kinds.append(out(coloured))
sprinkle_choices = add("GeometryNodeGeometryToInstance", {"Geometry": sprinkle_kinds})  # one instance per colour
spots = add("GeometryNodeDistributePointsOnFaces", {"Mesh": out(icing_shape), "Density": SPRINKLE_DENSITY,
                                                   "Seed": SPRINKLE_SEED}, distribute_method="RANDOM")
which_colour = add("FunctionNodeRandomValue", {"Min": 0, "Max": 2, "Seed": SPRINKLE_SEED}, data_type="INT")
turn = add("FunctionNodeRandomValue", {"Min": (0.0, 0.0, 0.0), "Max": (2 * pi, 2 * pi, 2 * pi),
                                       "Seed": SPRINKLE_SEED + 1}, data_type="FLOAT_VECTOR")
sprinkles = add("GeometryNodeInstanceOnPoints", {"Points": out(spots, "Points"), "Instance": out(sprinkle_choices),
                                                 "Pick Instance": True, "Instance Index": out(which_colour, "Value"),
                                                 "Rotation": out(turn, "Value")})

donut_parts = add("GeometryNodeJoinGeometry", {"Geometry": [out(dough), out(icing), out(sprinkles)]})
# Lift the donut so the bottom of its dough ring rests on the plate.
on_plate = add("GeometryNodeTransform", {"Geometry": out(donut_parts), "Translation": (0.0, 0.0, TUBE_RADIUS)})
attach(donut, tree, out(on_plate))
