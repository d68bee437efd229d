"""A terracotta pot on a wooden floor, ready for a procedural plant.

The pot's soil is at z = 0.325. "Plant" is an empty mesh object standing on the soil; the
editable program gives it a geometry-nodes modifier that builds the plant. Materials the
program may use (kept with a fake user): Stem, Leaf, Flower, FlowerCentre.
"""

setup_scene(background=(0.62, 0.68, 0.74), workbench_color="MATERIAL")
add_plane("Floor", 40.0, color=(0.72, 0.68, 0.6))
add_cylinder("Pot", 0.17, 0.28, (0.0, 0.0, 0.0), color=(0.72, 0.33, 0.18), vertices=48)
add_cylinder("PotRim", 0.19, 0.05, (0.0, 0.0, 0.27), color=(0.66, 0.3, 0.16), vertices=48)
add_cylinder("Soil", 0.165, 0.02, (0.0, 0.0, 0.305), color=(0.2, 0.13, 0.08), vertices=48)

for name, color in (("Stem", (0.28, 0.45, 0.14)), ("Leaf", (0.18, 0.62, 0.2)),
                    ("Flower", (0.95, 0.42, 0.62)), ("FlowerCentre", (0.98, 0.82, 0.15))):
    material(name, color).use_fake_user = True

plant_mesh = bpy.data.meshes.new("Plant")
plant = bpy.data.objects.new("Plant", plant_mesh)
bpy.context.scene.collection.objects.link(plant)
plant.location = (0.0, 0.0, 0.325)

add_camera("Camera1", (0.95, -1.08, 1.52), (0.0, 0.0, 0.67), lens=50)
add_camera("Camera2", (-1.62, -0.6, 1.36), (0.0, 0.0, 0.66), lens=50)
