"""A gallery corner: a white plinth in front of two grey walls, for a wire sculpture.

The plinth's top is at z = 0.8. "Coil" is an empty mesh object standing on the plinth; the
editable program gives it a geometry-nodes modifier that builds the sculpture. Materials the
program may use (kept with a fake user): Copper, Steel, Bead.
"""

setup_scene(background=(0.8, 0.8, 0.82), workbench_color="MATERIAL")
add_plane("Floor", 30.0, color=(0.55, 0.5, 0.45))
add_box("BackWall", (12.0, 0.1, 5.0), (0.0, 2.0, 0.0), color=(0.7, 0.72, 0.75))
add_box("SideWall", (0.1, 12.0, 5.0), (-2.5, 0.0, 0.0), color=(0.66, 0.68, 0.7))
add_box("Plinth", (0.9, 0.9, 0.8), (0.0, 0.0, 0.0), color=(0.93, 0.93, 0.9))

for name, color in (("Copper", (0.85, 0.45, 0.2)), ("Steel", (0.55, 0.58, 0.62)), ("Bead", (0.15, 0.35, 0.85))):
    material(name, color).use_fake_user = True

coil_mesh = bpy.data.meshes.new("Coil")
coil = bpy.data.objects.new("Coil", coil_mesh)
bpy.context.scene.collection.objects.link(coil)
coil.location = (0.0, 0.0, 0.8)

add_camera("Camera1", (1.6, -2.6, 2.0), (0.0, 0.0, 1.25), lens=62)
add_camera("Camera2", (-1.4, -2.2, 2.6), (0.0, 0.0, 1.22), lens=62)
