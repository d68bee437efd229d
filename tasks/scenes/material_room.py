"""The corner of a room: a back wall, a side wall on the left, a floor and a low bench
against the back wall.

Objects (no materials; the editable program builds and assigns them): BackWall,
SideWall, Floor, Bench. The walls are planes stood upright, so their object
coordinates run across the wall (x) and up it (y). Lit by a sun coming in from the front
right and a pale sky world light. Cameras: Camera1 looks into the corner from the front
right, Camera2 from the front left, lower down.
"""

setup_scene(background=(0.55, 0.62, 0.75), world_strength=0.7)
scene = bpy.context.scene
scene.cycles.max_bounces = 3
scene.cycles.diffuse_bounces = 1
scene.cycles.glossy_bounces = 2
scene.cycles.transmission_bounces = 2
scene.cycles.transparent_max_bounces = 2

floor = add_plane("Floor", 7.0, (1.5, -1.5, 0.0))
back = add_plane("BackWall", 7.0, (1.5, 2.0, 3.5))
back.rotation_euler = (90 * DEG, 0.0, 0.0)
side = add_plane("SideWall", 7.0, (-2.0, -1.5, 3.5))
side.rotation_euler = (90 * DEG, 0.0, 90 * DEG)
add_box("Bench", (1.8, 0.55, 0.5), (0.2, 1.6, 0.0))

sun_data = bpy.data.lights.new("Sun", "SUN")
sun_data.energy = 3.5
sun_data.angle = 4 * DEG
sun_data.color = (1.0, 0.95, 0.86)
sun = bpy.data.objects.new("Sun", sun_data)
scene.collection.objects.link(sun)
sun.location = (3.0, -3.0, 5.0)
sun.rotation_euler = (52 * DEG, 0.0, 35 * DEG)

add_camera("Camera1", (2.2, -1.6, 1.6), (-0.8, 1.5, 0.8), lens=28)
add_camera("Camera2", (-1.3, -1.2, 1.2), (0.7, 2.0, 0.7), lens=28)
