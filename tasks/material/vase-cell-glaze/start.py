import bpy

# Vase glaze: a noise texture through a colour ramp (stops are (position, RGB)).
VASE_NOISE_SCALE = 6.0
VASE_NOISE_DETAIL = 2.0
VASE_RAMP_STOPS = [(0.4, (0.02, 0.12, 0.2)), (0.6, (0.3, 0.6, 0.6))]
VASE_ROUGHNESS = 0.25

# Bowl: a Voronoi crackle pattern mixing two colours.
BOWL_VORONOI_SCALE = 16.0
BOWL_COLOR_A = (0.9, 0.86, 0.78)
BOWL_COLOR_B = (0.15, 0.08, 0.04)
BOWL_ROUGHNESS = 0.4
BOWL_METALLIC = 0.0

# Table: wood grain from wave rings through a colour ramp.
WOOD_WAVE_SCALE = 5.0
WOOD_WAVE_DISTORTION = 4.0
WOOD_RAMP_STOPS = [(0.2, (0.18, 0.08, 0.03)), (0.8, (0.5, 0.27, 0.12))]
WOOD_ROUGHNESS = 0.45

# Backdrop: a plain studio sweep.
BACKDROP_COLOR = (0.5, 0.5, 0.52)


def new_material(name):
    """An empty node material with a Principled BSDF wired to the output."""
    mat = bpy.data.materials.get(name) or bpy.data.materials.new(name)
    mat.use_nodes = True
    mat.node_tree.nodes.clear()
    output = mat.node_tree.nodes.new("ShaderNodeOutputMaterial")
    bsdf = mat.node_tree.nodes.new("ShaderNodeBsdfPrincipled")
    mat.node_tree.links.new(bsdf.outputs["BSDF"], output.inputs["Surface"])
    return mat, bsdf


def object_coords(mat):
    """Texture coordinates in the object's own space (metres)."""
    return mat.node_tree.nodes.new("ShaderNodeTexCoord").outputs["Object"]


def set_ramp(ramp, stops):
    elements = ramp.color_ramp.elements
    while len(elements) > 1:
        elements.remove(elements[-1])
    elements[0].position, color = stops[0]
    elements[0].color = (*color, 1.0)
    for position, color in stops[1:]:
        elements.new(position).color = (*color, 1.0)


def assign(object_name, mat):
    mesh = bpy.data.objects[object_name].data
    mesh.materials.clear()
    mesh.materials.append(mat)


# Vase
mat, bsdf = new_material("VaseMaterial")
nodes, links = mat.node_tree.nodes, mat.node_tree.links
noise = nodes.new("ShaderNodeTexNoise")
noise.inputs["Scale"].default_value = VASE_NOISE_SCALE
noise.inputs["Detail"].default_value = VASE_NOISE_DETAIL
ramp = nodes.new("ShaderNodeValToRGB")
set_ramp(ramp, VASE_RAMP_STOPS)
links.new(object_coords(mat), noise.inputs["Vector"])
links.new(noise.outputs["Fac"], ramp.inputs["Fac"])
links.new(ramp.outputs["Color"], bsdf.inputs["Base Color"])
bsdf.inputs["Roughness"].default_value = VASE_ROUGHNESS
assign("Vase", mat)

# Bowl
mat, bsdf = new_material("BowlMaterial")
nodes, links = mat.node_tree.nodes, mat.node_tree.links
voronoi = nodes.new("ShaderNodeTexVoronoi")
voronoi.feature = "F1"
voronoi.inputs["Scale"].default_value = BOWL_VORONOI_SCALE
mix = nodes.new("ShaderNodeMixRGB")
mix.inputs["Color1"].default_value = (*BOWL_COLOR_A, 1.0)
mix.inputs["Color2"].default_value = (*BOWL_COLOR_B, 1.0)
links.new(object_coords(mat), voronoi.inputs["Vector"])
links.new(voronoi.outputs["Distance"], mix.inputs["Fac"])
links.new(mix.outputs["Color"], bsdf.inputs["Base Color"])
bsdf.inputs["Roughness"].default_value = BOWL_ROUGHNESS
bsdf.inputs["Metallic"].default_value = BOWL_METALLIC
assign("Bowl", mat)

# Table
mat, bsdf = new_material("WoodMaterial")
nodes, links = mat.node_tree.nodes, mat.node_tree.links
wave = nodes.new("ShaderNodeTexWave")
wave.wave_type = "RINGS"
wave.rings_direction = "Z"
wave.inputs["Scale"].default_value = WOOD_WAVE_SCALE
wave.inputs["Distortion"].default_value = WOOD_WAVE_DISTORTION
ramp = nodes.new("ShaderNodeValToRGB")
set_ramp(ramp, WOOD_RAMP_STOPS)
links.new(object_coords(mat), wave.inputs["Vector"])
links.new(wave.outputs["Fac"], ramp.inputs["Fac"])
links.new(ramp.outputs["Color"], bsdf.inputs["Base Color"])
bsdf.inputs["Roughness"].default_value = WOOD_ROUGHNESS
assign("Table", mat)

# Backdrop
mat, bsdf = new_material("BackdropMaterial")
bsdf.inputs["Base Color"].default_value = (*BACKDROP_COLOR, 1.0)
bsdf.inputs["Roughness"].default_value = 0.9
assign("Backdrop", mat)
