"""A grassy field with a gravel path, where a fence will stand.

"Fence" is an empty mesh object at the origin; the editable program gives it a geometry-nodes
modifier that builds the fence along the X axis, centred on the origin, rails on its -Y side.
Materials the program may use (kept with a fake user): Timber (posts), Plank (rails).
"""

setup_scene(background=(0.6, 0.74, 0.88), workbench_color="MATERIAL")
add_plane("Field", 60.0, color=(0.42, 0.62, 0.28))
add_box("Path", (30.0, 1.2, 0.01), (0.0, -1.6, 0.0), color=(0.62, 0.58, 0.5))
add_sphere("Bush", 0.45, (-3.2, 2.2, -0.15), color=(0.18, 0.38, 0.14))
add_sphere("Shrub", 0.35, (3.4, 1.6, -0.12), color=(0.2, 0.42, 0.16))

for name, color in (("Timber", (0.42, 0.28, 0.16)), ("Plank", (0.88, 0.86, 0.8))):
    material(name, color).use_fake_user = True

fence_mesh = bpy.data.meshes.new("Fence")
fence = bpy.data.objects.new("Fence", fence_mesh)
bpy.context.scene.collection.objects.link(fence)

add_camera("Camera1", (-1.3, -3.9, 1.9), (0.0, 0.0, 0.55), lens=42)
add_camera("Camera2", (2.5, 3.2, 1.8), (0.0, 0.0, 0.55), lens=35)
