"""A hilltop in a park where a small round temple (a tholos) will stand.

"Temple" is an empty mesh object at the origin, on the flat top of the hill (z = 0); the
editable program gives it a geometry-nodes modifier that builds the temple. Materials the
program may use (kept with a fake user): Marble (steps, columns), RoofTiles (roof).
Static: Hill, Path, two Trees (trunk and crown) and a Bench.
"""

setup_scene(background=(0.66, 0.78, 0.9), workbench_color="MATERIAL")
add_plane("Hill", 60.0, color=(0.45, 0.62, 0.32))
add_box("Path", (1.0, 8.0, 0.01), (0.0, -6.0, LIFT), color=(0.7, 0.64, 0.52))
for i, (x, y, h) in enumerate(((-4.2, 2.5, 2.2), (4.6, 3.4, 2.8))):
    compound("Tree%d" % i, [("cyl", 0.15, h * 0.5, (0.0, 0.0, 0.0), 12),
                            ("sphere", h * 0.35, (0.0, 0.0, h * 0.75), 1.2)], (0.25, 0.45, 0.2), (x, y, 0.0))
compound("Bench", [("box", (1.4, 0.45, 0.06), (0.0, 0.0, 0.45)), ("box", (0.08, 0.4, 0.42), (-0.6, 0.0, 0.21)),
                   ("box", (0.08, 0.4, 0.42), (0.6, 0.0, 0.21))], (0.5, 0.36, 0.22), (2.6, -3.0, 0.0))

for name, color in (("Marble", (0.9, 0.88, 0.82)), ("RoofTiles", (0.7, 0.32, 0.2))):
    material(name, color).use_fake_user = True

temple_mesh = bpy.data.meshes.new("Temple")
temple = bpy.data.objects.new("Temple", temple_mesh)
bpy.context.scene.collection.objects.link(temple)

add_camera("Camera1", (3.2, -7.5, 3.6), (0.0, 0.0, 1.5), lens=35)
add_camera("Camera2", (-6.5, -3.5, 5.5), (0.0, 0.0, 1.2), lens=35)
