import bpy

# Patio: flagstones from a Voronoi pattern (distance to the nearest cell edge) through a
# colour ramp: grout at the edges, stone inside. Colours are linear RGB.
SLAB_SCALE = 1.8          # cells per metre, about
SLAB_COLOR = (0.78, 0.6, 0.4)
GROUT_COLOR = (0.12, 0.11, 0.1)
GROUT_WIDTH = 0.05        # how far from a cell's edge the stone starts
SLAB_ROUGHNESS = 0.8

# Planter: terracotta mottled by a noise texture.
POT_COLOR_A = (0.6, 0.25, 0.12)
POT_COLOR_B = (0.78, 0.42, 0.25)
POT_NOISE_SCALE = 14.0
POT_ROUGHNESS = 0.85

# Watering can: painted or bare metal.
CAN_COLOR = (0.62, 0.64, 0.66)
CAN_METALLIC = 1.0
CAN_ROUGHNESS = 0.3

# Garden wall: plain render.
WALL_COLOR = (0.8, 0.76, 0.68)
WALL_ROUGHNESS = 0.9


def new_material(name):
    """An empty node material with a Principled BSDF wired to the output."""
    mat = bpy.data.materials.get(name) or bpy.data.materials.new(name)
    mat.use_nodes = True
    mat.node_tree.nodes.clear()
    output = mat.node_tree.nodes.new("ShaderNodeOutputMaterial")
    bsdf = mat.node_tree.nodes.new("ShaderNodeBsdfPrincipled")
    mat.node_tree.links.new(bsdf.outputs["BSDF"], output.inputs["Surface"])
    return mat, mat.node_tree.nodes, mat.node_tree.links, bsdf


def object_coords(nodes):
    """Texture coordinates in the object's own space (metres)."""
    return nodes.new("ShaderNodeTexCoord").outputs["Object"]


def assign(object_name, mat):
    mesh = bpy.data.objects[object_name].data
    mesh.materials.clear()
    mesh.materials.append(mat)


# Patio
mat, nodes, links, bsdf = new_material("PatioStone")
cells = nodes.new("ShaderNodeTexVoronoi")
cells.voronoi_dimensions = "2D"  # the cells across the slab's top
cells.feature = "DISTANCE_TO_EDGE"
cells.inputs["Scale"].default_value = SLAB_SCALE
ramp = nodes.new("ShaderNodeValToRGB")
ramp.color_ramp.elements[0].position = 0.0
ramp.color_ramp.elements[0].color = (*GROUT_COLOR, 1.0)
ramp.color_ramp.elements[1].position = GROUT_WIDTH
ramp.color_ramp.elements[1].color = (*SLAB_COLOR, 1.0)
links.new(object_coords(nodes), cells.inputs["Vector"])
links.new(cells.outputs["Distance"], ramp.inputs["Fac"])
links.new(ramp.outputs["Color"], bsdf.inputs["Base Color"])
bsdf.inputs["Roughness"].default_value = SLAB_ROUGHNESS
assign("Patio", mat)

# Planter
mat, nodes, links, bsdf = new_material("Terracotta")
noise = nodes.new("ShaderNodeTexNoise")
noise.inputs["Scale"].default_value = POT_NOISE_SCALE
mix = nodes.new("ShaderNodeMixRGB")
mix.inputs["Color1"].default_value = (*POT_COLOR_A, 1.0)
mix.inputs["Color2"].default_value = (*POT_COLOR_B, 1.0)
links.new(object_coords(nodes), noise.inputs["Vector"])
links.new(noise.outputs["Fac"], mix.inputs["Fac"])
links.new(mix.outputs["Color"], bsdf.inputs["Base Color"])
bsdf.inputs["Roughness"].default_value = POT_ROUGHNESS
assign("Planter", mat)

# Watering can
mat, nodes, links, bsdf = new_material("CanMetal")
bsdf.inputs["Base Color"].default_value = (*CAN_COLOR, 1.0)
bsdf.inputs["Metallic"].default_value = CAN_METALLIC
bsdf.inputs["Roughness"].default_value = CAN_ROUGHNESS
assign("WateringCan", mat)

# Garden wall
mat, nodes, links, bsdf = new_material("WallRender")
bsdf.inputs["Base Color"].default_value = (*WALL_COLOR, 1.0)
bsdf.inputs["Roughness"].default_value = WALL_ROUGHNESS
assign("GardenWall", mat)
