"""A wooden desk against a wall, with a pencil cup, where a pile of books will go.

The desk top is at z = 0.75. "Books" is an empty mesh object on the desk at (0, 0, 0.75);
the editable program gives it a geometry-nodes modifier that builds the books. Materials the
program may use (kept with a fake user): CoverRed, CoverBlue, CoverGreen, CoverCream.
"""

setup_scene(background=(0.45, 0.47, 0.5), workbench_color="MATERIAL")
add_plane("Floor", 20.0, color=(0.4, 0.36, 0.32))
add_box("Wall", (8.0, 0.1, 3.0), (0.0, 0.6, 0.0), color=(0.82, 0.8, 0.74))
add_box("Desk", (1.6, 0.8, 0.05), (0.0, 0.15, 0.7), color=(0.5, 0.32, 0.18))
for i, (x, y) in enumerate(((-0.75, -0.2), (0.75, -0.2), (-0.75, 0.5), (0.75, 0.5))):
    add_box("DeskLeg%d" % i, (0.05, 0.05, 0.7), (x, y, 0.0), color=(0.45, 0.29, 0.16))
add_cylinder("PencilCup", 0.04, 0.11, (0.42, 0.25, 0.75), color=(0.2, 0.2, 0.22))

for name, color in (("CoverRed", (0.75, 0.12, 0.1)), ("CoverBlue", (0.12, 0.25, 0.65)),
                    ("CoverGreen", (0.15, 0.45, 0.25)), ("CoverCream", (0.92, 0.86, 0.7))):
    material(name, color).use_fake_user = True

books_mesh = bpy.data.meshes.new("Books")
books = bpy.data.objects.new("Books", books_mesh)
bpy.context.scene.collection.objects.link(books)
books.location = (0.0, 0.0, 0.75)

add_camera("Camera1", (0.55, -1.0, 1.35), (0.0, 0.0, 0.9), lens=62)
add_camera("Camera2", (-0.95, -0.55, 1.1), (0.0, 0.0, 0.9), lens=62)
