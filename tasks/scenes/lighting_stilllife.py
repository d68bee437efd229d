"""A still life on a table top against a backdrop, for lighting tasks: a tall blue vase,
a red apple, an orange, a green cone, a cream box and a white ring lying flat.

The table top is at z = 0 and spans x -0.8..0.8, y -0.5..0.5; the backdrop stands at
y = 0.5. No lights: the editable program makes them. The world is almost black.
"""

setup_scene(background=(0.02, 0.02, 0.025), world_strength=1.0)


cycles_quality()

add_box("TableTop", (1.6, 1.0, 0.05), (0.0, 0.0, -0.05), color=(0.55, 0.5, 0.45))
add_box("Backdrop", (1.6, 0.04, 0.9), (0.0, 0.52, -0.05), color=(0.7, 0.7, 0.7))
add_cylinder("Vase", 0.08, 0.36, (-0.12, 0.12, 0.0), color=(0.15, 0.3, 0.7))
add_sphere("Apple", 0.07, (0.12, -0.05, 0.0), color=(0.75, 0.1, 0.08))
add_sphere("Orange", 0.065, (0.3, 0.12, 0.0), color=(0.9, 0.45, 0.05))
bpy.ops.mesh.primitive_cone_add(radius1=0.08, radius2=0.0, depth=0.22, vertices=32, location=(-0.35, -0.08, 0.11))
cone = bpy.context.object
bpy.ops.object.shade_smooth()
cone.name = cone.data.name = "Cone"
cone.data.materials.append(material("ConeMaterial", (0.2, 0.55, 0.25)))
add_box("Box", (0.2, 0.14, 0.12), (0.25, 0.28, 0.0), color=(0.85, 0.8, 0.65), rotation=(0.0, 0.0, 20 * DEG))
bpy.ops.mesh.primitive_torus_add(major_radius=0.08, minor_radius=0.025, location=(-0.05, -0.25, 0.025))
ring = bpy.context.object
bpy.ops.object.shade_smooth()
ring.name = ring.data.name = "Ring"
ring.data.materials.append(material("RingMaterial", (0.85, 0.85, 0.85)))

add_camera("Camera1", (0.2, -1.15, 0.5), (0.0, 0.05, 0.1), lens=48)
add_camera("Camera2", (-0.9, -0.75, 0.75), (0.02, 0.06, 0.08), lens=42)
