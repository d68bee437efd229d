"""A living-room corner for lighting tasks: floor, a back wall, a left wall with a window
opening, a sofa, a coffee table on a rug, a bookshelf and a potted plant.

Floor at z = 0; the back wall is at y = 2, the left (window) wall at x = -2, both 4 m
high; the window opening spans y -0.3..0.9, z 0.8..2.0. The set has no ceiling and is open
at the front and on the right. No lights: the editable program makes them. The world is
almost black, so what you see is lit by the program's lights only.
"""

setup_scene(background=(0.02, 0.02, 0.025), world_strength=1.0)


cycles_quality()

WALL = (0.78, 0.76, 0.72)
add_box("Floor", (4.6, 4.6, 0.02), (0.3, -0.3, -0.02), color=(0.5, 0.42, 0.33))
add_box("BackWall", (4.7, 0.1, 4.0), (0.35, 2.05, 0.0), color=WALL)
# Left wall, x = -2, built around the window opening.
add_box("LeftWallLow", (0.1, 4.6, 0.8), (-2.05, -0.3, 0.0), color=WALL)
add_box("LeftWallHigh", (0.1, 4.6, 2.0), (-2.05, -0.3, 2.0), color=WALL)
add_box("LeftWallFront", (0.1, 2.3, 1.2), (-2.05, -1.45, 0.8), color=WALL)
add_box("LeftWallBack", (0.1, 1.1, 1.2), (-2.05, 1.45, 0.8), color=WALL)
add_box("WindowSill", (0.2, 1.3, 0.04), (-2.0, 0.3, 0.78), color=(0.9, 0.9, 0.88))

SOFA = (0.25, 0.35, 0.5)
add_box("SofaSeat", (1.9, 0.85, 0.42), (0.3, 1.5, 0.0), color=SOFA)
add_box("SofaBack", (1.9, 0.22, 0.5), (0.3, 1.86, 0.42), color=SOFA)
add_box("SofaArmLeft", (0.2, 0.85, 0.25), (-0.55, 1.5, 0.42), color=SOFA)
add_box("SofaArmRight", (0.2, 0.85, 0.25), (1.15, 1.5, 0.42), color=SOFA)

add_box("Rug", (2.4, 1.6, 0.01), (0.3, 0.35, 0.0), color=(0.6, 0.2, 0.18))
WOOD = (0.45, 0.28, 0.15)
add_box("CoffeeTable", (1.1, 0.6, 0.05), (0.3, 0.4, 0.38), color=WOOD)
for i, (x, y) in enumerate(((-0.2, 0.15), (0.8, 0.15), (-0.2, 0.65), (0.8, 0.65))):
    add_box("CoffeeTableLeg%d" % i, (0.05, 0.05, 0.38), (x, y, 0.0), color=WOOD)
add_cylinder("Vase", 0.07, 0.28, (0.1, 0.4, 0.43), color=(0.85, 0.85, 0.82))
add_sphere("Ball", 0.08, (0.55, 0.35, 0.43), color=(0.9, 0.7, 0.15))

add_box("Bookshelf", (0.9, 0.32, 1.8), (1.95, 1.82, 0.0), color=WOOD)
for i, (z, c) in enumerate(((0.45, (0.7, 0.15, 0.12)), (0.95, (0.15, 0.4, 0.6)), (1.45, (0.8, 0.75, 0.5)))):
    add_box("Books%d" % i, (0.7, 0.22, 0.3), (1.95, 1.7, z), color=c)

add_cylinder("PlantPot", 0.17, 0.35, (-1.5, 1.5, 0.0), color=(0.6, 0.35, 0.25))
add_sphere("PlantLeaves", 0.32, (-1.5, 1.5, 0.33), color=(0.2, 0.5, 0.2))

add_camera("Camera1", (2.6, -2.9, 2.0), (-0.2, 0.7, 0.65), lens=26)
add_camera("Camera2", (2.6, -0.1, 1.7), (-1.0, 0.6, 0.7), lens=24)
