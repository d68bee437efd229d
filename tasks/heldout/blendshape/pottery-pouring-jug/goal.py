import bpy

# Shape-key weights go from 0 (the thrown basis shape) to 1 (the full key).
jug = bpy.data.objects["Jug"].data.shape_keys.key_blocks
jug["Belly"].value = 0.9
jug["NeckLong"].value = 0.0
jug["LipFlare"].value = 0.3
jug["Spout"].value = 1.0
jug["Squat"].value = 0.6

cup = bpy.data.objects["Cup"].data.shape_keys.key_blocks
cup["Tall"].value = 0.3
cup["Flare"].value = 0.8
cup["Waist"].value = 0.0
