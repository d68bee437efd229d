"""A kitchen counter against a wall, with a hob, a wall shelf and things to arrange.

The worktop is at z = 0.9 and spans x -1.3..1.3 (left to right as seen from Camera1) and
y -0.35..0.35 (front edge at y = -0.35); the wall is behind it at y = 0.4.
The hob (static) is at the right end: its front-left burner is centred at (0.62, -0.1)
and its back-right burner at (0.98, 0.12); both burner tops are at z = 0.91.
The wall shelf (static) spans x -1.2..-0.3, y 0.15..0.39, with its top at z = 1.48.
Movable objects: Kettle, Toaster, CuttingBoard, FruitBowl, Apple, Orange, Pot, KnifeBlock,
YellowJar (small), PurpleJar (medium), PinkJar (large). Each has its origin at the middle
of its base, so z = 0.9 stands it on the worktop. At turn 0 the kettle's spout points
to -x (left), the handle to +x; the toaster's long side runs along x.
The editable program places the objects; this builder only makes them.
"""


setup_scene(background=(0.6, 0.62, 0.66))
TOP = 0.9
add_plane("Floor", 12.0, color=(0.45, 0.42, 0.4))
add_box("Wall", (8.0, 0.1, 2.6), (0.0, 0.45, 0.0), color=(0.9, 0.86, 0.78))
add_box("Cabinets", (2.6, 0.66, 0.86), (0.0, 0.02, 0.0), color=(0.2, 0.3, 0.48))
add_box("Worktop", (2.7, 0.75, 0.04), (0.0, 0.02, 0.86), color=(0.72, 0.72, 0.7))
add_box("Hob", (0.66, 0.52, 0.006), (0.8, 0.01, TOP), color=(0.05, 0.05, 0.06))
add_cylinder("BurnerFront", 0.11, 0.01, (0.62, -0.1, TOP), color=(0.3, 0.3, 0.32))
add_cylinder("BurnerBack", 0.11, 0.01, (0.98, 0.12, TOP), color=(0.3, 0.3, 0.32))
add_box("Shelf", (0.9, 0.24, 0.03), (-0.75, 0.27, 1.45), color=(0.55, 0.38, 0.22))

compound("Kettle", [
    ("cyl", 0.1, 0.2, (0.0, 0.0, 0.0)),
    ("cone", 0.09, 0.03, 0.05, (0.0, 0.0, 0.2)),
    ("box", (0.12, 0.03, 0.03), (-0.13, 0.0, 0.15), (0.0, 35 * DEG, 0.0)),
    ("box", (0.03, 0.03, 0.16), (0.13, 0.0, 0.12)),
    ("box", (0.06, 0.03, 0.03), (0.11, 0.0, 0.2)),
], (0.1, 0.6, 0.6), (0.25, 0.15, TOP))
compound("Toaster", [("box", (0.28, 0.17, 0.19), (0.0, 0.0, 0.095))], (0.85, 0.12, 0.1), (-0.25, 0.17, TOP))
compound("CuttingBoard", [("box", (0.38, 0.25, 0.02), (0.0, 0.0, 0.01))], (0.85, 0.68, 0.42), (-0.7, -0.1, TOP))
compound("FruitBowl", [("bowl", 0.15, (0.0, 0.0, 0.0), 0.55)], (0.95, 0.95, 0.95), (-0.05, -0.1, TOP))
compound("Apple", [("sphere", 0.045, (0.0, 0.0, 0.045))], (0.3, 0.75, 0.15), (0.22, -0.2, TOP))
compound("Orange", [("sphere", 0.05, (0.0, 0.0, 0.05))], (1.0, 0.5, 0.05), (-0.35, -0.22, TOP))
compound("Pot", [
    ("cyl", 0.13, 0.14, (0.0, 0.0, 0.0)),
    ("box", (0.07, 0.03, 0.02), (-0.16, 0.0, 0.11)),
    ("box", (0.07, 0.03, 0.02), (0.16, 0.0, 0.11)),
], (0.35, 0.45, 0.62), (0.98, 0.12, 0.91))
compound("KnifeBlock", [("box", (0.12, 0.2, 0.24), (0.0, 0.0, 0.147), (-20 * DEG, 0.0, 0.0))],
         (0.3, 0.18, 0.1), (-1.1, 0.2, TOP))
compound("YellowJar", [("cyl", 0.045, 0.1, (0.0, 0.0, 0.0)), ("cyl", 0.05, 0.02, (0.0, 0.0, 0.1))],
         (0.95, 0.85, 0.2), (-1.0, 0.27, 1.48))
compound("PurpleJar", [("cyl", 0.055, 0.14, (0.0, 0.0, 0.0)), ("cyl", 0.06, 0.02, (0.0, 0.0, 0.14))],
         (0.55, 0.25, 0.75), (-0.75, 0.27, 1.48))
compound("PinkJar", [("cyl", 0.065, 0.19, (0.0, 0.0, 0.0)), ("cyl", 0.07, 0.02, (0.0, 0.0, 0.19))],
         (0.95, 0.45, 0.65), (-0.5, 0.27, 1.48))

add_camera("Camera1", (0.03, -1.8, 2.3), (0.0, 0.02, 1.0), lens=29)
add_camera("Camera2", (-1.7, -1.35, 2.0), (0.15, 0.05, 1.0), lens=30)
