"""A kitchen worktop against a tiled backsplash, with a teapot, a cutting board and a jar.

The worktop is at z = 0.95, its back edge at y = 0.35; the backsplash rises behind it.
Materials (made here, so the editable program only sets values on their nodes):
  TeapotGlaze  a Principled BSDF ("Principled BSDF") on the teapot's body, spout and lid
  Tiles        a Brick Texture ("Brick Texture", in stack bond) into the backsplash's
               Principled BSDF
  BoardWood    wave bands ("Wave Texture") into the cutting board's Principled BSDF
The backsplash is a plane stood upright, so its object coordinates run across it (x) and
up it (y); with Brick Width and Row Height 0.5, a tile is 0.5 / Scale metres square.
Lit by a key area light from the front left and a fill from the right; a dim grey world.
"""

setup_scene(background=(0.2, 0.2, 0.22), world_strength=0.5)


cycles_quality()


def node_material(name):
    """A material with a Principled BSDF (named "Principled BSDF") wired to its output."""
    mat = bpy.data.materials.new(name)
    mat.use_nodes = True
    nodes = mat.node_tree.nodes
    nodes.clear()
    output = nodes.new("ShaderNodeOutputMaterial")
    bsdf = nodes.new("ShaderNodeBsdfPrincipled")
    bsdf.name = "Principled BSDF"
    mat.node_tree.links.new(bsdf.outputs["BSDF"], output.inputs["Surface"])
    return mat, bsdf


def textured(name, kind, node_name):
    """A material whose base colour comes from a texture node (named node_name) in object coordinates."""
    mat, bsdf = node_material(name)
    nodes, links = mat.node_tree.nodes, mat.node_tree.links
    coords = nodes.new("ShaderNodeTexCoord")
    texture = nodes.new(kind)
    texture.name = node_name
    links.new(coords.outputs["Object"], texture.inputs["Vector"])
    links.new(texture.outputs["Color"], bsdf.inputs["Base Color"])
    return mat, bsdf, texture


def use(obj, mat):
    obj.data.materials.clear()
    obj.data.materials.append(mat)


add_box("Cabinet", (2.6, 0.65, 0.9), (0.0, -0.02, LIFT), color=(0.3, 0.34, 0.4))
add_box("Worktop", (2.8, 0.7, 0.05), (0.0, 0.0, 0.9), color=(0.75, 0.73, 0.7))
add_plane("Floor", 12.0, color=(0.45, 0.4, 0.35))
splash = make_mesh("Backsplash", [(-1.6, -0.02, 0.0), (1.6, -0.02, 0.0), (1.6, 1.0, 0.0), (-1.6, 1.0, 0.0)],
                   [(0, 1, 2, 3)], (0.9, 0.9, 0.88), smooth=False)
splash.location = (0.0, 0.36, 0.96)
splash.rotation_euler = (90 * DEG, 0.0, 0.0)
tiles, bsdf, brick = textured("Tiles", "ShaderNodeTexBrick", "Brick Texture")
brick.offset = 0.0
brick.inputs["Brick Width"].default_value = 0.5
brick.inputs["Row Height"].default_value = 0.5
brick.inputs["Mortar Smooth"].default_value = 0.1
bsdf.inputs["Roughness"].default_value = 0.2
use(splash, tiles)

teapot = compound("Teapot", [("sphere", 0.13, (0.0, 0.0, 0.11), 0.85), ("cyl", 0.07, 0.03, (0.0, 0.0, 0.0)),
                             ("cyl", 0.05, 0.04, (0.0, 0.0, 0.2)), ("sphere", 0.02, (0.0, 0.0, 0.25)),
                             ("box", (0.16, 0.035, 0.035), (0.15, 0.0, 0.17), (0.0, 50 * DEG, 0.0)),
                             ("box", (0.03, 0.025, 0.13), (-0.15, 0.0, 0.12))],
                   (0.8, 0.8, 0.8), (-0.35, 0.02, 0.95))
teapot.rotation_euler = (0.0, 0.0, -20 * DEG)
glaze, _ = node_material("TeapotGlaze")
use(teapot, glaze)

board = compound("CuttingBoard", [("box", (0.45, 0.3, 0.025), (0.0, 0.0, 0.0125))], (0.6, 0.4, 0.2), (0.4, -0.02, 0.95))
board.rotation_euler = (0.0, 0.0, 8 * DEG)
wood, bsdf, wave = textured("BoardWood", "ShaderNodeTexWave", "Wave Texture")
wave.inputs["Scale"].default_value = 6.0
wave.inputs["Distortion"].default_value = 2.0
grain = wood.node_tree.nodes.new("ShaderNodeValToRGB")  # light and dark wood between the bands
grain.color_ramp.elements[0].color = (0.55, 0.36, 0.2, 1.0)
grain.color_ramp.elements[1].color = (0.75, 0.55, 0.35, 1.0)
wood.node_tree.links.new(wave.outputs["Fac"], grain.inputs["Fac"])
wood.node_tree.links.new(grain.outputs["Color"], bsdf.inputs["Base Color"])
bsdf.inputs["Roughness"].default_value = 0.6
use(board, wood)
compound("Jar", [("cyl", 0.06, 0.16, (0.0, 0.0, 0.0)), ("cyl", 0.065, 0.03, (0.0, 0.0, 0.16))],
         (0.85, 0.6, 0.2), (0.95, 0.18, 0.95))

add_area_light("KeyLight", (-1.5, -2.0, 2.6), (0.0, 0.1, 1.0), 50.0, 1.5, (1.0, 0.96, 0.9))
add_area_light("FillLight", (2.0, -1.2, 1.8), (0.0, 0.1, 1.0), 15.0, 2.0, (0.9, 0.93, 1.0))

add_camera("Camera1", (0.15, -1.6, 1.45), (0.0, 0.1, 1.12), lens=40)
add_camera("Camera2", (-1.25, -0.95, 1.5), (-0.1, 0.15, 1.1), lens=40)
