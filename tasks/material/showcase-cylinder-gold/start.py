import bpy

# Sphere: a noise texture run through a colour ramp (stops are (position, RGB)).
SPHERE_NOISE_SCALE = 3.5
SPHERE_NOISE_DETAIL = 4.0
SPHERE_RAMP_STOPS = [(0.4, (0.08, 0.2, 0.55)), (0.6, (0.85, 0.82, 0.75))]
SPHERE_ROUGHNESS = 0.45

# Cube: a checker pattern of two colours.
CUBE_CHECKER_SCALE = 3.0
CUBE_COLOR_1 = (0.85, 0.85, 0.82)
CUBE_COLOR_2 = (0.08, 0.08, 0.09)
CUBE_ROUGHNESS = 0.5

# Cylinder: wave bands that mix two colours.
CYLINDER_WAVE_SCALE = 2.5
CYLINDER_WAVE_DISTORTION = 3.0
CYLINDER_COLOR_A = (0.75, 0.3, 0.08)
CYLINDER_COLOR_B = (0.95, 0.8, 0.45)
CYLINDER_METALLIC = 0.0
CYLINDER_ROUGHNESS = 0.35

# Floor: plain and matte.
FLOOR_COLOR = (0.42, 0.42, 0.44)
FLOOR_ROUGHNESS = 0.8


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


# Sphere
mat, bsdf = new_material("SphereMaterial")
nodes, links = mat.node_tree.nodes, mat.node_tree.links
noise = nodes.new("ShaderNodeTexNoise")
noise.inputs["Scale"].default_value = SPHERE_NOISE_SCALE
noise.inputs["Detail"].default_value = SPHERE_NOISE_DETAIL
ramp = nodes.new("ShaderNodeValToRGB")
set_ramp(ramp, SPHERE_RAMP_STOPS)
links.new(object_coords(mat), noise.inputs["Vector"])
links.new(noise.outputs["Fac"], ramp.inputs["Fac"])
links.new(ramp.outputs["Color"], bsdf.inputs["Base Color"])
bsdf.inputs["Roughness"].default_value = SPHERE_ROUGHNESS
assign("Sphere", mat)

# Cube
mat, bsdf = new_material("CubeMaterial")
nodes, links = mat.node_tree.nodes, mat.node_tree.links
checker = nodes.new("ShaderNodeTexChecker")
checker.inputs["Scale"].default_value = CUBE_CHECKER_SCALE
checker.inputs["Color1"].default_value = (*CUBE_COLOR_1, 1.0)
checker.inputs["Color2"].default_value = (*CUBE_COLOR_2, 1.0)
links.new(object_coords(mat), checker.inputs["Vector"])
links.new(checker.outputs["Color"], bsdf.inputs["Base Color"])
bsdf.inputs["Roughness"].default_value = CUBE_ROUGHNESS
assign("Cube", mat)

# Cylinder
mat, bsdf = new_material("CylinderMaterial")
nodes, links = mat.node_tree.nodes, mat.node_tree.links
wave = nodes.new("ShaderNodeTexWave")
wave.wave_type = "BANDS"
wave.bands_direction = "Z"
wave.inputs["Scale"].default_value = CYLINDER_WAVE_SCALE
wave.inputs["Distortion"].default_value = CYLINDER_WAVE_DISTORTION
mix = nodes.new("ShaderNodeMixRGB")
mix.inputs["Color1"].default_value = (*CYLINDER_COLOR_A, 1.0)
mix.inputs["Color2"].default_value = (*CYLINDER_COLOR_B, 1.0)
links.new(object_coords(mat), wave.inputs["Vector"])
links.new(wave.outputs["Fac"], mix.inputs["Fac"])
links.new(mix.outputs["Color"], bsdf.inputs["Base Color"])
bsdf.inputs["Metallic"].default_value = CYLINDER_METALLIC
bsdf.inputs["Roughness"].default_value = CYLINDER_ROUGHNESS
assign("Cylinder", mat)

# Floor
mat, bsdf = new_material("FloorMaterial")
bsdf.inputs["Base Color"].default_value = (*FLOOR_COLOR, 1.0)
bsdf.inputs["Roughness"].default_value = FLOOR_ROUGHNESS
assign("Floor", mat)
