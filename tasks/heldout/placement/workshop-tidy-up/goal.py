import bpy
from math import radians

bpy.data.objects["Stool"].location = (0.0, 0.55, 0.0)
bpy.data.objects["Stool"].rotation_euler = (0.0, 0.0, radians(35))

bpy.data.objects["Toolbox"].location = (-0.45, 0.84, 1.59)
bpy.data.objects["Toolbox"].rotation_euler = (0.0, 0.0, radians(0))

bpy.data.objects["Hammer"].location = (0.5, 0.6, 0.9)
bpy.data.objects["Hammer"].rotation_euler = (0.0, 0.0, radians(90))

bpy.data.objects["PaintCan"].location = (-0.7, 0.5, 0.9)
