"""A living room: a sofa, an armchair, a coffee table on a rug, a floor lamp, a pouf,
a side table and a potted plant, in the corner of two walls.

Floor at z = 0; the back wall is at y = 3 and the left wall at x = -3.5 (x runs left to
right and y from the front of the room to the back, as seen from Camera1).
Movable objects: Sofa, Armchair, CoffeeTable, Rug, FloorLamp, Pouf, SideTable, Plant.
Each has its origin at the middle of its base, so z = 0 stands it on the floor, and at
turn 0 the seats (sofa, armchair) face the front of the room (-y). Turning by +90 degrees
about z makes a seat face +x (right), -90 makes it face -x (left), 180 the back wall.
The editable program places the objects; this builder only makes them.
"""


setup_scene(background=(0.62, 0.66, 0.72))
add_plane("Floor", 16.0, color=(0.62, 0.5, 0.36))
add_box("BackWall", (7.0, 0.12, 2.6), (0.0, 3.06, 0.0), color=(0.82, 0.82, 0.8))
add_box("LeftWall", (0.12, 6.12, 2.6), (-3.56, 0.0, 0.0), color=(0.78, 0.8, 0.82))


def seat(name, width, depth, color, location, rotation_z):
    """A sofa or armchair: a base, a cushion, a backrest at +y and two arms."""
    obj = compound(name, [
        ("box", (width, depth, 0.3), (0.0, 0.0, 0.15)),
        ("box", (width - 0.36, depth - 0.25, 0.14), (0.0, -0.1, 0.37)),
        ("box", (width, 0.22, 0.55), (0.0, depth / 2 - 0.11, 0.575)),
        ("box", (0.18, depth, 0.3), (-width / 2 + 0.09, 0.0, 0.45)),
        ("box", (0.18, depth, 0.3), (width / 2 - 0.09, 0.0, 0.45)),
    ], color, location)
    obj.rotation_euler = (0.0, 0.0, rotation_z * DEG)
    return obj


seat("Sofa", 2.2, 0.95, (0.15, 0.3, 0.8), (0.0, 2.3, 0.0), 0.0)
seat("Armchair", 0.95, 0.85, (0.95, 0.5, 0.1), (2.0, 1.0, 0.0), -90.0)
legs = [("box", (0.06, 0.06, 0.38), (sx * 0.55, sy * 0.25, 0.19)) for sx in (-1, 1) for sy in (-1, 1)]
compound("CoffeeTable", [("box", (1.2, 0.6, 0.06), (0.0, 0.0, 0.41))] + legs, (0.45, 0.26, 0.12), (0.0, 1.0, 0.0))
compound("Rug", [("box", (2.6, 1.7, 0.02), (0.0, 0.0, 0.01))], (0.8, 0.12, 0.15), (0.0, 1.0, 0.0))
compound("FloorLamp", [
    ("cyl", 0.18, 0.04, (0.0, 0.0, 0.0)),
    ("cyl", 0.025, 1.4, (0.0, 0.0, 0.04)),
    ("cone", 0.26, 0.15, 0.34, (0.0, 0.0, 1.3)),
], (0.98, 0.85, 0.15), (-1.6, 2.4, 0.0))
compound("Pouf", [("cyl", 0.3, 0.4, (0.0, 0.0, 0.0))], (0.55, 0.2, 0.7), (1.1, -0.2, 0.0))
compound("SideTable", [
    ("cyl", 0.2, 0.03, (0.0, 0.0, 0.0)),
    ("cyl", 0.035, 0.52, (0.0, 0.0, 0.03)),
    ("cyl", 0.28, 0.04, (0.0, 0.0, 0.55)),
], (0.95, 0.95, 0.93), (1.6, 2.4, 0.0))
compound("Plant", [
    ("cone", 0.16, 0.21, 0.38, (0.0, 0.0, 0.0)),
    ("sphere", 0.36, (0.0, 0.0, 0.78), 1.15),
], (0.2, 0.6, 0.22), (-2.9, 2.4, 0.0))

add_camera("Camera1", (0.1, -3.6, 3.0), (-0.4, 1.2, 0.3), lens=25)
add_camera("Camera2", (3.9, -1.1, 2.7), (-0.6, 1.4, 0.3), lens=27)
