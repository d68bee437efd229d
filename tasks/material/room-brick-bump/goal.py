import bpy

# Back wall: bricks. Two brick colours are mixed at random, with mortar between them.
BRICK_SCALE = 1.2
BRICK_COLOR_1 = (0.45, 0.14, 0.08)
BRICK_COLOR_2 = (0.6, 0.25, 0.12)
MORTAR_COLOR = (0.75, 0.72, 0.66)
MORTAR_SIZE = 0.02
BRICK_ROUGHNESS = 0.85
BRICK_BUMP_STRENGTH = 1.0

# Side wall: painted plaster with a little noise in its colour.
PLASTER_COLOR = (0.5, 0.65, 0.8)
PLASTER_NOISE_SCALE = 6.0
PLASTER_ROUGHNESS = 0.9

# Floor: square tiles of two colours (a checker pattern).
TILE_SCALE = 2.0
TILE_COLOR_1 = (0.8, 0.78, 0.72)
TILE_COLOR_2 = (0.2, 0.2, 0.22)
FLOOR_ROUGHNESS = 0.3

# Bench: painted wood.
BENCH_COLOR = (0.15, 0.3, 0.22)
BENCH_ROUGHNESS = 0.5


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


def assign(object_name, mat):
    mesh = bpy.data.objects[object_name].data
    mesh.materials.clear()
    mesh.materials.append(mat)


# Back wall
mat, bsdf = new_material("BrickMaterial")
nodes, links = mat.node_tree.nodes, mat.node_tree.links
brick = nodes.new("ShaderNodeTexBrick")
brick.inputs["Scale"].default_value = BRICK_SCALE
brick.inputs["Color1"].default_value = (*BRICK_COLOR_1, 1.0)
brick.inputs["Color2"].default_value = (*BRICK_COLOR_2, 1.0)
brick.inputs["Mortar"].default_value = (*MORTAR_COLOR, 1.0)
brick.inputs["Mortar Size"].default_value = MORTAR_SIZE
links.new(object_coords(mat), brick.inputs["Vector"])
links.new(brick.outputs["Color"], bsdf.inputs["Base Color"])
bump = nodes.new("ShaderNodeBump")
bump.invert = True  # the mortar (Fac 1) sits lower than the bricks
bump.inputs["Strength"].default_value = BRICK_BUMP_STRENGTH
bump.inputs["Distance"].default_value = 0.05
links.new(brick.outputs["Fac"], bump.inputs["Height"])
links.new(bump.outputs["Normal"], bsdf.inputs["Normal"])
bsdf.inputs["Roughness"].default_value = BRICK_ROUGHNESS
assign("BackWall", mat)

# Side wall
mat, bsdf = new_material("PlasterMaterial")
nodes, links = mat.node_tree.nodes, mat.node_tree.links
noise = nodes.new("ShaderNodeTexNoise")
noise.inputs["Scale"].default_value = PLASTER_NOISE_SCALE
mix = nodes.new("ShaderNodeMixRGB")
mix.blend_type = "MULTIPLY"
mix.inputs["Fac"].default_value = 0.25
mix.inputs["Color1"].default_value = (*PLASTER_COLOR, 1.0)
links.new(object_coords(mat), noise.inputs["Vector"])
links.new(noise.outputs["Color"], mix.inputs["Color2"])
links.new(mix.outputs["Color"], bsdf.inputs["Base Color"])
bsdf.inputs["Roughness"].default_value = PLASTER_ROUGHNESS
assign("SideWall", mat)

# Floor
mat, bsdf = new_material("TileMaterial")
nodes, links = mat.node_tree.nodes, mat.node_tree.links
tiles = nodes.new("ShaderNodeTexChecker")
tiles.inputs["Scale"].default_value = TILE_SCALE
tiles.inputs["Color1"].default_value = (*TILE_COLOR_1, 1.0)
tiles.inputs["Color2"].default_value = (*TILE_COLOR_2, 1.0)
links.new(object_coords(mat), tiles.inputs["Vector"])
links.new(tiles.outputs["Color"], bsdf.inputs["Base Color"])
bsdf.inputs["Roughness"].default_value = FLOOR_ROUGHNESS
assign("Floor", mat)

# Bench
mat, bsdf = new_material("BenchMaterial")
bsdf.inputs["Base Color"].default_value = (*BENCH_COLOR, 1.0)
bsdf.inputs["Roughness"].default_value = BENCH_ROUGHNESS
assign("Bench", mat)
