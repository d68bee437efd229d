"""One city block seen from the air: a square of pavement inside a ring of asphalt roads.

"CityBlock" is an empty mesh object at the centre of the block (pavement top, z = 0.02); the
editable program gives it a geometry-nodes modifier that raises the buildings. Materials the
program may use (kept with a fake user): Concrete, Brick, Glass, Grass.
"""

setup_scene(background=(0.72, 0.8, 0.9), workbench_color="MATERIAL")
add_plane("Asphalt", 40.0, color=(0.2, 0.2, 0.22))
add_box("Pavement", (4.4, 4.4, 0.02), (0.0, 0.0, 0.0), color=(0.62, 0.6, 0.57))
for i, (x, y, sx, sy) in enumerate(((0, 2.65, 5.6, 0.04), (0, -2.65, 5.6, 0.04), (2.65, 0, 0.04, 5.6), (-2.65, 0, 0.04, 5.6))):
    add_box("LaneMark%d" % i, (sx, sy, 0.005), (x, y, 0.0), color=(0.9, 0.85, 0.4))
# Neighbouring blocks, low and plain, so the block sits in a city.
for k, (x, y) in enumerate(((6.0, 0.0), (-6.0, 0.0), (0.0, 6.0), (0.0, -6.0), (6.0, 6.0), (-6.0, 6.0), (6.0, -6.0), (-6.0, -6.0))):
    add_box("Neighbour%d" % k, (4.4, 4.4, 0.3), (x, y, 0.0), color=(0.5, 0.5, 0.52))

for name, color in (("Concrete", (0.78, 0.76, 0.72)), ("Brick", (0.66, 0.32, 0.22)),
                    ("Glass", (0.35, 0.55, 0.72)), ("Grass", (0.3, 0.55, 0.22))):
    material(name, color).use_fake_user = True

block_mesh = bpy.data.meshes.new("CityBlock")
block = bpy.data.objects.new("CityBlock", block_mesh)
bpy.context.scene.collection.objects.link(block)
block.location = (0.0, 0.0, 0.02)

add_camera("Camera1", (3.2, -4.2, 6.2), (0.0, 0.0, 0.6), lens=46)
add_camera("Camera2", (-5.8, -2.4, 3.8), (0.0, 0.0, 0.7), lens=44)
