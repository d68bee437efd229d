import bpy

# A round temple (tholos) built with geometry nodes on the "Temple" object: a round
# platform, a ring of columns, a round beam on top of them and a conical roof (metres).
PLATFORM_HEIGHT = 0.3
PLATFORM_MARGIN = 0.5    # how far the platform reaches beyond the columns
COLUMN_COUNT = 10        # columns spread evenly around the circle
COLUMN_SIDES = 16        # faces around each column: 6 hexagonal .. 32 round
COLUMN_RADIUS = 0.14
COLUMN_HEIGHT = 2.4
RING_RADIUS = 1.6        # radius of the circle through the columns' centres
BEAM_HEIGHT = 0.25
ROOF_HEIGHT = 0.7
ROOF_OVERHANG = 0.25     # how far the roof's edge reaches beyond the beam


def node(kind, inputs):
    """A node in `tree` whose inputs are set to values or linked from sockets (a list links many)."""
    n = tree.nodes.new(kind)
    for name, value in inputs.items():
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, bpy.types.NodeSocket):
                tree.links.new(item, n.inputs[name])
            else:
                n.inputs[name].default_value = item
    return n


def placed(geometry, z, material):
    """`geometry` moved up by z, with `material`."""
    moved = node("GeometryNodeTransform", {"Geometry": geometry.outputs[0], "Translation": (0.0, 0.0, z)})
    return node("GeometryNodeSetMaterial", {"Geometry": moved.outputs[0], "Material": material}).outputs[0]


old = bpy.data.node_groups.get("TempleNodes")
if old is not None:
    bpy.data.node_groups.remove(old)
tree = bpy.data.node_groups.new("TempleNodes", "GeometryNodeTree")
if hasattr(tree, "interface"):  # Blender 4.0+
    tree.interface.new_socket("Geometry", in_out="OUTPUT", socket_type="NodeSocketGeometry")
else:
    tree.outputs.new("NodeSocketGeometry", "Geometry")
marble, tiles = bpy.data.materials["Marble"], bpy.data.materials["RoofTiles"]

outer = RING_RADIUS + COLUMN_RADIUS
platform = node("GeometryNodeMeshCylinder", {"Vertices": 48, "Radius": outer + PLATFORM_MARGIN,
                                             "Depth": PLATFORM_HEIGHT})
# Columns overlap the platform and the beam by 1 cm, so no faces share a plane.
column = node("GeometryNodeMeshCylinder", {"Vertices": COLUMN_SIDES, "Radius": COLUMN_RADIUS,
                                           "Depth": COLUMN_HEIGHT + 0.02})
ring = node("GeometryNodeMeshCircle", {"Vertices": COLUMN_COUNT, "Radius": RING_RADIUS})
columns = node("GeometryNodeInstanceOnPoints", {"Points": ring.outputs[0], "Instance": column.outputs[0]})
beam = node("GeometryNodeMeshCylinder", {"Vertices": 48, "Radius": outer + 0.1, "Depth": BEAM_HEIGHT})
roof = node("GeometryNodeMeshCone", {"Vertices": 48, "Radius Top": 0.0, "Radius Bottom": outer + 0.1 + ROOF_OVERHANG,
                                     "Depth": ROOF_HEIGHT})
top = PLATFORM_HEIGHT + COLUMN_HEIGHT
temple = node("GeometryNodeJoinGeometry", {"Geometry": [
    placed(platform, PLATFORM_HEIGHT / 2, marble),
    placed(columns, PLATFORM_HEIGHT + COLUMN_HEIGHT / 2, marble),
    placed(beam, top + BEAM_HEIGHT / 2, marble),
    placed(roof, top + BEAM_HEIGHT - 0.01, tiles),  # a cone node's base is at its origin
]})
# Lifted 1 mm off the hill; instances realized so they are part of the evaluated mesh.
lifted = node("GeometryNodeTransform", {"Geometry": temple.outputs[0], "Translation": (0.0, 0.0, 0.001)})
realized = node("GeometryNodeRealizeInstances", {"Geometry": lifted.outputs[0]})
node("NodeGroupOutput", {"Geometry": realized.outputs[0]})

obj = bpy.data.objects["Temple"]
for modifier in list(obj.modifiers):
    obj.modifiers.remove(modifier)
obj.modifiers.new("TempleNodes", "NODES").node_group = tree
