import bpy
from math import radians

bpy.data.objects["Stool"].location = (0.85, -0.75, 0.0)
bpy.data.objects["Stool"].rotation_euler = (0.0, 0.0, radians(35))

bpy.data.objects["Toolbox"].location = (-0.95, -0.45, 0.0)
bpy.data.objects["Toolbox"].rotation_euler = (0.0, 0.0, radians(70))

bpy.data.objects["Hammer"].location = (-0.2, -0.3, 0.0)
bpy.data.objects["Hammer"].rotation_euler = (0.0, 0.0, radians(15))

bpy.data.objects["PaintCan"].location = (-0.7, 0.5, 0.9)
