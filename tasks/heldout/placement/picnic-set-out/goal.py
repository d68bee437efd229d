import bpy
from math import radians

# The picnic, in metres: the blanket spans x -0.9..0.9 and y -0.7 (front) .. 0.7 (back);
# an object stands on it at z = 0.012 and on the grass at z = 0. LOCATION is the middle
# of an object's base, TURN its rotation about the vertical axis in degrees
# (counter-clockwise seen from above), SCALE a uniform size factor.
BASKET_LOCATION = (-0.55, 0.45, 0.012)
BASKET_TURN = 0.0
BOTTLE_LOCATION = (0.15, 0.45, 0.012)
BOTTLE_TURN = 0.0
PLATE_A_LOCATION = (-0.4, -0.4, 0.012)
PLATE_B_LOCATION = (0.4, -0.4, 0.012)
PARASOL_LOCATION = (-1.3, 0.9, 0.0)
PARASOL_SCALE = 1.0
BALL_LOCATION = (1.0, -0.95, 0.0)


def place(name, location, turn_degrees=0.0, scale=1.0):
    obj = bpy.data.objects[name]
    obj.location = location
    obj.rotation_euler = (0.0, 0.0, radians(turn_degrees))
    obj.scale = (scale, scale, scale)


place("Basket", BASKET_LOCATION, BASKET_TURN)
place("Bottle", BOTTLE_LOCATION, BOTTLE_TURN)
place("PlateA", PLATE_A_LOCATION)
place("PlateB", PLATE_B_LOCATION)
place("Parasol", PARASOL_LOCATION, scale=PARASOL_SCALE)
place("Ball", BALL_LOCATION)
