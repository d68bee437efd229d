"""A gallery corner, for lighting tasks: a sculpture on a plinth in the middle of the room,
a painting of coloured blocks on the back wall and a bench in front of it.

Floor at z = 0; the back wall stands at y = 2 and the left wall at x = -2.5 (the room is
open at the front, the right and the top). The sculpture (a ring on a ball on a stem)
stands on a plinth at (0, 0.4), its middle at about z = 1.35; the painting hangs at
(1.3, 1.97, 1.6). No lights: the editable program makes them. The world is almost black.
"""

setup_scene(background=(0.02, 0.02, 0.025), world_strength=1.0)


cycles_quality()

add_box("Floor", (8.0, 8.0, 0.1), (0.0, 0.0, -0.1), color=(0.5, 0.45, 0.4))
add_box("BackWall", (8.0, 0.1, 4.0), (0.0, 2.05, 0.0), color=(0.82, 0.8, 0.76))
add_box("LeftWall", (0.1, 8.0, 4.0), (-2.55, 0.0, 0.0), color=(0.7, 0.72, 0.74))
compound("Plinth", [("box", (0.5, 0.5, 0.9), (0.0, 0.0, 0.45))], (0.92, 0.92, 0.9), (0.0, 0.4, 0.0))
compound("Sculpture", [("cyl", 0.04, 0.25, (0.0, 0.0, 0.0), 16), ("sphere", 0.14, (0.0, 0.0, 0.35))],
         (0.75, 0.55, 0.3), (0.0, 0.4, 0.9))
bpy.ops.mesh.primitive_torus_add(major_radius=0.24, minor_radius=0.05, location=(0.0, 0.4, 1.35),
                                 rotation=(70 * DEG, 0.0, 20 * DEG))
ring = bpy.context.object
bpy.ops.object.shade_smooth()
ring.name = ring.data.name = "SculptureRing"
ring.data.materials.append(material("SculptureRingMaterial", (0.75, 0.55, 0.3), roughness=0.3, metallic=1.0))
# The painting: a dark frame and blocks of colour, each a little in front of the one behind.
compound("Frame", [("box", (1.3, 0.04, 0.9), (0.0, 0.0, 0.45))], (0.12, 0.1, 0.08), (1.3, 1.98, 1.15))
blocks = (((0.0, 0.0), (1.2, 0.8), (0.92, 0.9, 0.84)), ((-0.35, 0.15), (0.45, 0.45), (0.8, 0.12, 0.1)),
          ((0.3, -0.2), (0.5, 0.35), (0.1, 0.25, 0.7)), ((0.35, 0.25), (0.3, 0.22), (0.95, 0.8, 0.1)))
for i, ((x, z), (w, h), color) in enumerate(blocks):
    compound("Canvas%d" % i, [("box", (w, 0.01, h), (0.0, 0.0, h / 2))], color,
             (1.3 + x, 1.955 - 0.006 * i, 1.6 + z - h / 2))
compound("Bench", [("box", (1.2, 0.4, 0.08), (0.0, 0.0, 0.42)), ("box", (0.1, 0.36, 0.4), (-0.5, 0.0, 0.2)),
                   ("box", (0.1, 0.36, 0.4), (0.5, 0.0, 0.2))], (0.35, 0.25, 0.18), (1.2, 0.7, 0.0))

add_camera("Camera1", (1.6, -3.6, 1.9), (0.2, 0.8, 1.1), lens=32)
add_camera("Camera2", (3.2, -1.4, 2.4), (-0.2, 0.9, 1.0), lens=30)
