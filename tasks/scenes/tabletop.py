"""A wooden table in a grey room with a mug, a book, a bowl and a laptop on it.

Table top at z = 0.75. Objects: Table, Mug, Book, Bowl, Laptop, Floor.
The editable program places the objects; this builder only makes them.
"""

setup_scene(background=(0.55, 0.57, 0.6))
add_plane("Floor", 12.0, color=(0.35, 0.33, 0.3))
add_box("Table", (2.0, 1.2, 0.06), (0.0, 0.0, 0.69), color=(0.45, 0.28, 0.15))
for i, (x, y) in enumerate(((-0.9, -0.5), (0.9, -0.5), (-0.9, 0.5), (0.9, 0.5))):
    add_box("TableLeg%d" % i, (0.06, 0.06, 0.69), (x, y, 0.0), color=(0.4, 0.25, 0.13))
add_cylinder("Mug", 0.09, 0.18, (0.0, 0.0, 0.75), color=(0.85, 0.15, 0.12))
add_box("Book", (0.3, 0.4, 0.06), (0.0, 0.0, 0.75), color=(0.1, 0.3, 0.75))
add_sphere("Bowl", 0.14, (0.0, 0.0, 0.75), color=(0.95, 0.85, 0.2))
add_box("Laptop", (0.45, 0.32, 0.03), (0.0, 0.0, 0.75), color=(0.15, 0.15, 0.17))
add_camera("Camera1", (0.9, -1.25, 1.5), (0.0, 0.0, 0.75), lens=32)
add_camera("Camera2", (-1.3, -0.55, 1.3), (0.0, 0.0, 0.75), lens=32)
