import bpy
from math import radians

sun = bpy.data.objects["Sun"]
sun.rotation_euler = (radians(35), 0.0, radians(30))
sun.data.energy = 4.0
sun.data.color = (1.0, 0.96, 0.9)
sun.data.angle = radians(3)

fire = bpy.data.lights["Fire"]
fire.energy = 20.0
fire.color = (1.0, 0.5, 0.2)
fire.shadow_soft_size = 0.15

lantern = bpy.data.lights["Lantern"]
lantern.energy = 30.0
lantern.color = (1.0, 0.85, 0.6)
lantern.shadow_soft_size = 0.05
