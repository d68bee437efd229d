"""A workshop corner: a workbench against the back wall with a vise at its right end, a
shelf on the wall above it, a stool, a toolbox, a hammer and a paint can.

Metres: x runs left to right, y from the front of the room to the back wall (y = 1);
the floor is at z = 0. The bench top spans x -1..1, y 0.25..0.95, its top at z = 0.9
(its underside at z = 0.84); the vise is clamped at (0.75, 0.45). The wall shelf spans
x -1..0.2, y 0.69..0.99, its top at z = 1.59. Every movable object (Stool, Toolbox, Hammer,
PaintCan) has its origin at the middle of its base, so a location's z is the height of
the surface it stands on. At turn 0 the toolbox's long side runs along x, and the hammer
lies with its handle along -x from its head. The editable program places the objects.
"""

setup_scene(background=(0.6, 0.6, 0.62))
add_plane("Floor", 12.0, color=(0.42, 0.42, 0.45))
add_box("BackWall", (6.0, 0.1, 3.0), (0.0, 1.05, LIFT), color=(0.75, 0.72, 0.66))
add_box("BenchTop", (2.0, 0.7, 0.06), (0.0, 0.6, 0.84), color=(0.62, 0.45, 0.26))
for i, (x, y) in enumerate(((-0.95, 0.3), (0.95, 0.3), (-0.95, 0.9), (0.95, 0.9))):
    add_box("BenchLeg%d" % i, (0.06, 0.06, 0.84), (x, y, LIFT), color=(0.5, 0.36, 0.2))
add_box("Shelf", (1.2, 0.3, 0.04), (-0.4, 0.84, 1.55), color=(0.62, 0.45, 0.26))
compound("Vise", [("box", (0.16, 0.22, 0.06), (0.0, 0.0, 0.03)), ("box", (0.16, 0.06, 0.12), (0.0, 0.08, 0.12)),
                  ("box", (0.16, 0.06, 0.12), (0.0, -0.04, 0.12)), ("cyl", 0.012, 0.25, (0.0, -0.07, 0.1))],
         (0.25, 0.4, 0.6), (0.75, 0.45, 0.9))

compound("Stool", [("cyl", 0.18, 0.05, (0.0, 0.0, 0.55))] +
         [("box", (0.04, 0.04, 0.56), (0.12 * math.cos(a * DEG), 0.12 * math.sin(a * DEG), 0.28))
          for a in (90, 210, 330)], (0.7, 0.3, 0.15), (0.0, 0.0, 0.0))
compound("Toolbox", [("box", (0.45, 0.22, 0.2), (0.0, 0.0, 0.1)), ("box", (0.2, 0.03, 0.06), (0.0, 0.0, 0.23))],
         (0.85, 0.12, 0.1), (0.0, 0.0, 0.0))
compound("Hammer", [("box", (0.34, 0.04, 0.035), (-0.17, 0.0, 0.0175)), ("box", (0.05, 0.15, 0.05), (0.0, 0.0, 0.025))],
         (0.2, 0.2, 0.22), (0.0, 0.0, 0.0))
compound("PaintCan", [("cyl", 0.08, 0.17, (0.0, 0.0, 0.0))], (0.95, 0.85, 0.2), (0.0, 0.0, 0.0))

add_camera("Camera1", (0.9, -2.2, 1.7), (-0.05, 0.2, 0.8), lens=28)
add_camera("Camera2", (-1.5, -1.9, 1.9), (0.1, 0.25, 0.75), lens=28)
