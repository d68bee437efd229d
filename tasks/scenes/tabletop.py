"""A wooden table in a grey room with a mug, a book, a bowl, a laptop and a vase on it.

Table top at z = 0.75, spanning x -1..1 and y -0.6..0.6 (front edge at y = -0.6).
Objects: Table, TableLeg0..3, Floor, Mug, Book, Bowl, Laptop, Vase.
Every movable object has its origin at the middle of its base, so placing it at
z = 0.75 stands it on the table. At turn 0 the mug's handle points to +x and the
laptop's screen stands at its back (+y) edge, facing the front (-y).
The editable program places the objects; this builder only makes them.
"""


setup_scene(background=(0.55, 0.57, 0.6))
add_plane("Floor", 12.0, color=(0.35, 0.33, 0.3))
add_box("Table", (2.0, 1.2, 0.06), (0.0, 0.0, 0.69), color=(0.45, 0.28, 0.15))
for i, (x, y) in enumerate(((-0.9, -0.5), (0.9, -0.5), (-0.9, 0.5), (0.9, 0.5))):
    add_box("TableLeg%d" % i, (0.06, 0.06, 0.69), (x, y, 0.0), color=(0.4, 0.25, 0.13))

TOP = 0.75
compound("Mug", [("cyl", 0.09, 0.18, (0.0, 0.0, 0.0)),
                 ("box", (0.05, 0.03, 0.12), (0.11, 0.0, 0.09))],
         (0.85, 0.15, 0.12), (-0.35, -0.25, TOP))
compound("Book", [("box", (0.3, 0.4, 0.06), (0.0, 0.0, 0.03))], (0.1, 0.3, 0.75), (-0.5, 0.2, TOP))
compound("Bowl", [("bowl", 0.14, (0.0, 0.0, 0.0), 0.75)], (0.95, 0.85, 0.2), (0.5, 0.3, TOP))
compound("Laptop", [("box", (0.45, 0.32, 0.02), (0.0, 0.0, 0.01)),
                    ("box", (0.45, 0.012, 0.3), (0.0, 0.17, 0.155), (-12 * DEG, 0.0, 0.0))],
         (0.15, 0.15, 0.17), (0.0, 0.05, TOP))
compound("Vase", [("cone", 0.075, 0.045, 0.26, (0.0, 0.0, 0.0))], (0.15, 0.6, 0.3), (0.8, 0.4, TOP))

add_camera("Camera1", (0.35, -1.6, 1.6), (0.05, 0.05, 0.76), lens=34)
add_camera("Camera2", (-1.6, -0.75, 1.55), (0.05, 0.02, 0.76), lens=35)
