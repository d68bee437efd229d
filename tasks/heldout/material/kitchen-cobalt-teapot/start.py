import bpy

glaze = bpy.data.materials["TeapotGlaze"].node_tree.nodes["Principled BSDF"]
glaze.inputs["Base Color"].default_value = (0.85, 0.82, 0.74, 1.0)
glaze.inputs["Roughness"].default_value = 0.55
glaze.inputs["Metallic"].default_value = 0.0

tiles = bpy.data.materials["Tiles"].node_tree.nodes["Brick Texture"]
tiles.inputs["Color1"].default_value = (0.55, 0.72, 0.7, 1.0)
tiles.inputs["Color2"].default_value = (0.5, 0.68, 0.66, 1.0)
tiles.inputs["Mortar"].default_value = (0.85, 0.84, 0.8, 1.0)
tiles.inputs["Scale"].default_value = 2.5
tiles.inputs["Mortar Size"].default_value = 0.01
