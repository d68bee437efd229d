import bpy
from math import radians

sun = bpy.data.objects["Sun"]
sun.rotation_euler = (radians(80), 0.0, radians(270))
sun.data.energy = 1.5
sun.data.color = (1.0, 0.4, 0.15)
sun.data.angle = radians(3)

fire = bpy.data.lights["Fire"]
fire.energy = 120.0
fire.color = (1.0, 0.5, 0.2)
fire.shadow_soft_size = 0.15

lantern = bpy.data.lights["Lantern"]
lantern.energy = 0.0
lantern.color = (1.0, 0.85, 0.6)
lantern.shadow_soft_size = 0.05
