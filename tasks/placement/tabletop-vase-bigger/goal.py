import bpy
from math import radians

# The table top is at z = 0.75 and spans x -1..1 (left to right, seen from the front)
# and y -0.6..0.6 (front edge at y = -0.6, back edge at y = 0.6).
# LOCATION is where the middle of an object's base stands (x, y, z in metres),
# TURN its rotation about the vertical axis in degrees (counter-clockwise seen from
# above; at 0 the mug's handle points to +x and the laptop's screen is at its back),
# SCALE a uniform size factor.
MUG_LOCATION = (0.45, -0.2, 0.75)
MUG_TURN = 0.0
MUG_SCALE = 1.0
BOOK_LOCATION = (-0.5, 0.2, 0.75)
BOOK_TURN = 15.0
BOOK_SCALE = 1.0
BOWL_LOCATION = (0.5, 0.3, 0.75)
BOWL_TURN = 0.0
BOWL_SCALE = 1.0
LAPTOP_LOCATION = (0.0, 0.05, 0.75)
LAPTOP_TURN = 0.0
LAPTOP_SCALE = 1.0
VASE_LOCATION = (0.8, 0.4, 0.75)
VASE_TURN = 0.0
VASE_SCALE = 1.6


def place(name, location, turn_degrees, scale):
    obj = bpy.data.objects[name]
    obj.location = location
    obj.rotation_euler = (0.0, 0.0, radians(turn_degrees))
    obj.scale = (scale, scale, scale)


place("Mug", MUG_LOCATION, MUG_TURN, MUG_SCALE)
place("Book", BOOK_LOCATION, BOOK_TURN, BOOK_SCALE)
place("Bowl", BOWL_LOCATION, BOWL_TURN, BOWL_SCALE)
place("Laptop", LAPTOP_LOCATION, LAPTOP_TURN, LAPTOP_SCALE)
place("Vase", VASE_LOCATION, VASE_TURN, VASE_SCALE)
