"""A home-office corner: a desk against a wall with a monitor, a keyboard, a desk lamp and
two books on it, an office chair and a waste bin on the floor.

The desk top is at z = 0.76 and spans x -0.8..0.8 (left to right as seen from the front)
and y 0.175..0.925 (front edge at y = 0.175); the wall is behind it at y = 1.0; the floor
is z = 0.
Movable objects: Monitor, Keyboard, DeskLamp, RedBook, GreenBook, Chair, Bin. Each has its
origin at the middle of its base, so z = 0.76 stands it on the desk (z = 0 on the floor).
At turn 0 the monitor's screen faces the front (-y), the lamp's shade leans to the front,
and the chair faces the desk (+y) with its backrest on the -y side.
The editable program places the objects; this builder only makes them.
"""


setup_scene(background=(0.6, 0.63, 0.68))
TOP = 0.76
add_plane("Floor", 24.0, color=(0.38, 0.4, 0.46))
add_box("Wall", (14.0, 0.1, 3.2), (0.0, 1.05, 0.0), color=(0.88, 0.86, 0.82))
add_box("Desk", (1.6, 0.75, 0.04), (0.0, 0.55, 0.72), color=(0.75, 0.58, 0.36))
for i, (x, y) in enumerate(((-0.76, 0.2), (0.76, 0.2), (-0.76, 0.9), (0.76, 0.9))):
    add_box("DeskLeg%d" % i, (0.04, 0.04, 0.72), (x, y, 0.0), color=(0.25, 0.25, 0.27))

compound("Monitor", [
    ("box", (0.22, 0.16, 0.015), (0.0, 0.0, 0.0075)),
    ("box", (0.04, 0.03, 0.25), (0.0, 0.03, 0.14)),
    ("box", (0.56, 0.03, 0.33), (0.0, 0.0, 0.38)),
], (0.1, 0.1, 0.12), (0.0, 0.8, TOP))
compound("Keyboard", [("box", (0.44, 0.14, 0.025), (0.0, 0.0, 0.0125))], (0.85, 0.85, 0.88), (0.0, 0.42, TOP))
compound("DeskLamp", [
    ("cyl", 0.08, 0.02, (0.0, 0.0, 0.0)),
    ("box", (0.025, 0.025, 0.42), (0.0, -0.07, 0.22), (-20 * DEG, 0.0, 0.0)),
    ("cone", 0.09, 0.03, 0.12, (0.0, -0.14, 0.33)),
], (0.98, 0.82, 0.1), (-0.6, 0.75, TOP))
compound("RedBook", [("box", (0.17, 0.24, 0.04), (0.0, 0.0, 0.02))], (0.85, 0.15, 0.12), (0.55, 0.7, TOP))
compound("GreenBook", [("box", (0.17, 0.24, 0.04), (0.0, 0.0, 0.02))], (0.15, 0.6, 0.25), (0.35, 0.35, TOP))
compound("Chair", [
    ("box", (0.56, 0.05, 0.04), (0.0, 0.0, 0.04)),
    ("box", (0.05, 0.56, 0.04), (0.0, 0.0, 0.04)),
    ("cyl", 0.03, 0.38, (0.0, 0.0, 0.06)),
    ("box", (0.48, 0.46, 0.07), (0.0, 0.0, 0.475)),
    ("box", (0.46, 0.05, 0.45), (0.0, -0.22, 0.76)),
], (0.2, 0.35, 0.8), (-0.1, -0.3, 0.0))
compound("Bin", [("cone", 0.12, 0.15, 0.3, (0.0, 0.0, 0.0))], (0.95, 0.55, 0.15), (0.65, 0.02, 0.0))

add_camera("Camera1", (-0.5, -1.95, 1.95), (0.08, 0.3, 0.58), lens=34)
add_camera("Camera2", (1.8, -1.1, 1.85), (-0.05, 0.35, 0.55), lens=32)
