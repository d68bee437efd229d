"""A small theatre stage for spot-light tasks: a round stage floor, a back wall and three
grey pedestals carrying (left to right) a monkey head, a sphere and a twisted cube.

The stage floor is at z = 0.1; the pedestals stand at x = -1.2, 0, 1.2 (y = 0) and are
0.8 m tall, so their objects sit at about z = 1.2. +Y points to the back wall (y = 2.2).
No lights: the editable program makes them. The world is almost black.
"""

setup_scene(background=(0.02, 0.02, 0.025), world_strength=1.0)


cycles_quality()

GREY = (0.6, 0.6, 0.6)
add_cylinder("StageFloor", 3.0, 0.1, (0.0, 0.3, 0.0), color=(0.35, 0.3, 0.27), vertices=64)
add_box("BackWall", (6.5, 0.1, 3.5), (0.0, 2.25, 0.0), color=(0.55, 0.55, 0.58))
for i, x in enumerate((-1.2, 0.0, 1.2)):
    add_box("Pedestal%d" % i, (0.5, 0.5, 0.8), (x, 0.0, 0.1), color=GREY)
bpy.ops.mesh.primitive_monkey_add(size=0.5, location=(-1.2, 0.0, 1.12), rotation=(-10 * DEG, 0.0, 0.0))
monkey = bpy.context.object
mod = monkey.modifiers.new("Smooth", "SUBSURF")
mod.levels = mod.render_levels = 1
bpy.ops.object.shade_smooth()
monkey.name = monkey.data.name = "Monkey"
monkey.data.materials.append(material("MonkeyMaterial", (0.8, 0.8, 0.8)))
add_sphere("Sphere", 0.22, (0.0, 0.0, 0.9), color=(0.8, 0.8, 0.8))
add_box("Cube", (0.32, 0.32, 0.32), (1.2, 0.0, 0.9), color=(0.8, 0.8, 0.8), rotation=(0.0, 0.0, 35 * DEG))

add_camera("Camera1", (0.0, -3.4, 1.7), (0.0, 0.3, 0.95), lens=40)
add_camera("Camera2", (2.5, -2.4, 2.1), (-0.2, 0.15, 0.9), lens=36)
