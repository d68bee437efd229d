import bpy
from math import radians

# Where each object stands on the table (x, y, z in metres; the table top is z = 0.75)
# and how it is turned about its vertical axis (degrees).
MUG_LOCATION = (0.45, -0.2, 0.75)
MUG_TURN = 0.0
BOOK_LOCATION = (-0.5, 0.2, 0.75)
BOOK_TURN = 15.0
BOWL_LOCATION = (0.5, 0.3, 0.75)
LAPTOP_LOCATION = (0.0, 0.05, 0.75)
LAPTOP_TURN = 0.0


def place(name, location, turn_degrees=0.0):
    obj = bpy.data.objects[name]
    obj.location = location
    obj.rotation_euler = (0.0, 0.0, radians(turn_degrees))


place("Mug", MUG_LOCATION, MUG_TURN)
place("Book", BOOK_LOCATION, BOOK_TURN)
place("Bowl", BOWL_LOCATION)
place("Laptop", LAPTOP_LOCATION, LAPTOP_TURN)
