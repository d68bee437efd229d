"""A material showcase: a sphere, a cube and a cylinder grouped on a large floor.

Objects (no materials; the editable program builds and assigns them): Sphere (front
left), Cube (behind, in the middle, turned 20 degrees), Cylinder (front right), Floor.
Lit by a key area light from the front left and a weaker, cooler fill area light from
the right; the world is a dim grey. Cameras: Camera1 from the front, Camera2 from the
front left, higher up.
"""

setup_scene(background=(0.18, 0.19, 0.21), world_strength=0.6)
scene = bpy.context.scene
scene.cycles.max_bounces = 4
scene.cycles.diffuse_bounces = 2
scene.cycles.glossy_bounces = 2
scene.cycles.transmission_bounces = 2
scene.cycles.transparent_max_bounces = 2

add_plane("Floor", 40.0)
add_sphere("Sphere", 0.5, (-0.95, -0.3, 0.0), subdivisions=4)
add_box("Cube", (0.9, 0.9, 0.9), (0.0, 0.6, 0.0), rotation=(0.0, 0.0, 20 * DEG))
cyl = add_cylinder("Cylinder", 0.42, 1.0, (0.95, -0.3, 0.0), vertices=48)
for poly in cyl.data.polygons:  # smooth sides, flat caps
    poly.use_smooth = abs(poly.normal.z) < 0.5
if hasattr(cyl.data, "use_auto_smooth"):  # Blender < 4.1: keep the cap edges sharp too
    cyl.data.use_auto_smooth = True
    cyl.data.auto_smooth_angle = 40 * DEG


add_area_light("KeyLight", (-2.5, -3.0, 4.0), (0.0, 0.0, 0.4), 400.0, 2.5, (1.0, 0.96, 0.9))
add_area_light("FillLight", (3.5, -1.5, 2.0), (0.0, 0.0, 0.4), 120.0, 3.0, (0.85, 0.9, 1.0))

add_camera("Camera1", (0.3, -4.2, 2.0), (0.0, 0.1, 0.45), lens=45)
add_camera("Camera2", (-3.0, -2.4, 3.1), (0.0, 0.1, 0.4), lens=42)
