"""The corner of a hall: a concrete floor, a plastered wall along x = -1.0 and one at y = 2.6.

"Stairs" is an empty mesh object at (-1.0, -1.4, 0) against the wall; the editable program
gives it a geometry-nodes modifier that builds a staircase climbing toward +Y, its left side
at the wall. Materials the program may use (kept with a fake user): Wood, Metal.
"""

setup_scene(background=(0.7, 0.72, 0.75), workbench_color="MATERIAL")
add_plane("Floor", 30.0, color=(0.5, 0.5, 0.52))
add_box("Wall", (0.1, 24.0, 8.0), (-1.05, 0.0, 0.0), color=(0.86, 0.83, 0.76))
add_box("Skirting", (0.03, 24.0, 0.1), (-0.985, 0.0, 0.0), color=(0.3, 0.25, 0.2))
add_box("BackWall", (24.0, 0.1, 8.0), (0.0, 2.65, 0.0), color=(0.8, 0.78, 0.72))

for name, color in (("Wood", (0.66, 0.44, 0.24)), ("Metal", (0.12, 0.12, 0.14))):
    material(name, color).use_fake_user = True

stairs_mesh = bpy.data.meshes.new("Stairs")
stairs = bpy.data.objects.new("Stairs", stairs_mesh)
bpy.context.scene.collection.objects.link(stairs)
stairs.location = (-1.0, -1.4, 0.0)

add_camera("Camera1", (1.9, -3.3, 2.3), (-0.3, 0.0, 0.75), lens=35)
add_camera("Camera2", (3.7, 0.7, 1.7), (-0.4, 0.35, 0.8), lens=35)
