"""A white plate on a blue tablecloth, waiting for a procedural donut.

The plate's top is at z = 0.02. "Donut" is an empty mesh object standing on the plate at the
origin; the editable program gives it a geometry-nodes modifier that builds the donut (dough,
icing, sprinkles). Materials the program may use (kept with a fake user): Dough, PinkIcing,
ChocolateIcing, SprinkleWhite, SprinkleYellow, SprinkleBlue.
"""

setup_scene(background=(0.78, 0.76, 0.72), workbench_color="MATERIAL")
add_plane("Tablecloth", 6.0, color=(0.3, 0.45, 0.7))
add_cylinder("Plate", 0.24, 0.02, (0.0, 0.0, 0.0), color=(0.94, 0.94, 0.92), vertices=64)

for name, color in (("Dough", (0.82, 0.55, 0.28)), ("PinkIcing", (0.96, 0.55, 0.7)),
                    ("ChocolateIcing", (0.3, 0.16, 0.08)), ("SprinkleWhite", (0.97, 0.97, 0.95)),
                    ("SprinkleYellow", (0.98, 0.85, 0.15)), ("SprinkleBlue", (0.2, 0.45, 0.95))):
    material(name, color).use_fake_user = True

donut_mesh = bpy.data.meshes.new("Donut")
donut = bpy.data.objects.new("Donut", donut_mesh)
bpy.context.scene.collection.objects.link(donut)
donut.location = (0.0, 0.0, 0.02)

add_camera("Camera1", (0.28, -0.48, 0.5), (0.0, 0.0, 0.04), lens=68)
add_camera("Camera2", (-0.55, 0.12, 0.3), (0.0, 0.0, 0.04), lens=62)
