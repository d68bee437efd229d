"""A picnic in a meadow: a checked blanket on the grass, a wicker basket, a bottle, two
plates, a parasol and a ball.

Metres: the grass is at z = 0; the blanket (static) spans x -0.9..0.9, y -0.7..0.7; an
object stands on it at z = 0.012. Its front edge is at y = -0.7 (toward the cameras). Every movable
object (Basket, Bottle, PlateA, PlateB, Parasol, Ball) has its origin at the middle of
its base, so a location's z is the height of the surface it stands on. At turn 0 the
basket's long side and its handle run along x. The editable program places them.
"""

setup_scene(background=(0.62, 0.78, 0.92))
add_plane("Grass", 40.0, color=(0.45, 0.68, 0.3))
squares = []
for i in range(6):
    for j in range(5):
        if (i + j) % 2 == 0:
            squares.append(("box", (0.3, 0.28, 0.002), (-0.75 + 0.3 * i, -0.56 + 0.28 * j, 0.0105)))
compound("Blanket", [("box", (1.8, 1.4, 0.01), (0.0, 0.0, 0.005))], (0.92, 0.9, 0.85), (0.0, 0.0, 0.0))
compound("BlanketChecks", squares, (0.8, 0.15, 0.15), (0.0, 0.0, 0.0))

compound("Basket", [("box", (0.45, 0.3, 0.22), (0.0, 0.0, 0.11)), ("box", (0.4, 0.03, 0.03), (0.0, 0.0, 0.36)),
                    ("box", (0.03, 0.03, 0.15), (-0.19, 0.0, 0.28)), ("box", (0.03, 0.03, 0.15), (0.19, 0.0, 0.28))],
         (0.65, 0.45, 0.22), (0.0, 0.0, 0.0))
compound("Bottle", [("cyl", 0.04, 0.2, (0.0, 0.0, 0.0)), ("cone", 0.04, 0.015, 0.06, (0.0, 0.0, 0.2)),
                    ("cyl", 0.015, 0.05, (0.0, 0.0, 0.26))], (0.15, 0.45, 0.25), (0.0, 0.0, 0.0))
for name in ("PlateA", "PlateB"):
    compound(name, [("cyl", 0.12, 0.015, (0.0, 0.0, 0.0)), ("cyl", 0.08, 0.017, (0.0, 0.0, 0.0))],
             (0.2, 0.62, 0.6), (0.0, 0.0, 0.0))
compound("Parasol", [("cyl", 0.015, 1.5, (0.0, 0.0, 0.0), 12), ("cone", 0.75, 0.02, 0.3, (0.0, 0.0, 1.35))],
         (0.95, 0.7, 0.2), (0.0, 0.0, 0.0))
compound("Ball", [("sphere", 0.11, (0.0, 0.0, 0.11))], (0.2, 0.35, 0.85), (0.0, 0.0, 0.0))

add_camera("Camera1", (0.45, -2.7, 1.7), (0.1, 0.1, 0.1), lens=35)
add_camera("Camera2", (-2.0, -1.35, 1.7), (0.1, 0.1, 0.1), lens=35)
