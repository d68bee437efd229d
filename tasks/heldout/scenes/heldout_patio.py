"""A garden patio, for material tasks: a paved terrace, a terracotta planter with a shrub,
a watering can and a low wall at the back.

Objects (no materials on Patio, Planter, WateringCan and GardenWall; the editable program
builds and assigns them): Patio (a 4 m square slab, its top at z = 0), Planter (a pot at
(-0.6, 0.5)), WateringCan (at (0.55, -0.1), its spout toward -X), GardenWall (along the
back at y = 1.6). Static with their own materials: Lawn, Shrub. Lit by a sun from the front
right and a pale sky world light. Cameras: Camera1 from the front, Camera2 from the front
right, higher up.
"""

setup_scene(background=(0.55, 0.65, 0.8), world_strength=0.8)


cycles_quality()

add_plane("Lawn", 30.0, (0.0, 0.0, -0.05), color=(0.25, 0.45, 0.18))
add_box("Patio", (4.0, 4.0, 0.1), (0.0, 0.0, -0.1))
compound("Planter", [("cone", 0.22, 0.3, 0.45, (0.0, 0.0, 0.0)), ("cyl", 0.32, 0.06, (0.0, 0.0, 0.42))],
         (0.7, 0.35, 0.2), (-0.6, 0.5, 0.0))
compound("Shrub", [("sphere", 0.3, (0.0, 0.0, 0.62)), ("sphere", 0.22, (0.15, 0.1, 0.85)),
                   ("sphere", 0.2, (-0.12, -0.08, 0.88))], (0.18, 0.4, 0.15), (-0.6, 0.5, 0.0))
can = compound("WateringCan", [("cyl", 0.19, 0.38, (0.0, 0.0, 0.0)),
                               ("box", (0.5, 0.05, 0.05), (-0.32, 0.0, 0.28), (0.0, 40 * DEG, 0.0)),
                               ("cyl", 0.06, 0.05, (-0.52, 0.0, 0.41)),
                               ("box", (0.05, 0.04, 0.3), (0.14, 0.0, 0.42), (0.0, 35 * DEG, 0.0))],
               (0.5, 0.5, 0.5), (0.55, -0.1, 0.0))
can.rotation_euler = (0.0, 0.0, 15 * DEG)
add_box("GardenWall", (4.0, 0.3, 0.7), (0.0, 1.75, LIFT))
for obj in (bpy.data.objects["Planter"], can):  # the editable program assigns these
    obj.data.materials.clear()

sun_data = bpy.data.lights.new("Sun", "SUN")
sun_data.energy = 3.0
sun_data.angle = 3 * DEG
sun_data.color = (1.0, 0.96, 0.88)
sun = bpy.data.objects.new("Sun", sun_data)
bpy.context.scene.collection.objects.link(sun)
sun.location = (3.0, -3.0, 5.0)
sun.rotation_euler = (45 * DEG, 0.0, 40 * DEG)

add_camera("Camera1", (0.3, -3.2, 1.7), (0.0, 0.3, 0.3), lens=35)
add_camera("Camera2", (2.6, -2.0, 2.4), (-0.1, 0.4, 0.3), lens=35)
