import bpy
from math import radians

# Living-room floor plan in metres: x runs left to right and y from the front of the
# room to the back wall (y = 3); the left wall is at x = -3.5 and the floor at z = 0.
# LOCATION is where the middle of an object's base stands, TURN its rotation about the
# vertical axis in degrees (counter-clockwise seen from above: at 0 the sofa and the
# armchair face the front of the room (-y), at 90 they face right (+x), at -90 left,
# at 180 the back wall), SCALE a uniform size factor.
SOFA_LOCATION = (0.0, 2.3, 0.0)
SOFA_TURN = 0.0
SOFA_SCALE = 1.0
ARMCHAIR_LOCATION = (2.0, 1.0, 0.0)
ARMCHAIR_TURN = -90.0
ARMCHAIR_SCALE = 1.0
COFFEE_TABLE_LOCATION = (0.0, 1.0, 0.0)
COFFEE_TABLE_TURN = 0.0
COFFEE_TABLE_SCALE = 1.0
RUG_LOCATION = (0.0, 1.0, 0.0)
RUG_TURN = 0.0
RUG_SCALE = 1.0
FLOOR_LAMP_LOCATION = (-1.6, 2.4, 0.0)
FLOOR_LAMP_TURN = 0.0
FLOOR_LAMP_SCALE = 1.0
POUF_LOCATION = (1.1, -0.2, 0.0)
POUF_TURN = 0.0
POUF_SCALE = 1.0
SIDE_TABLE_LOCATION = (1.6, 2.4, 0.0)
SIDE_TABLE_TURN = 0.0
SIDE_TABLE_SCALE = 1.0
PLANT_LOCATION = (-2.9, 2.4, 0.0)
PLANT_TURN = 0.0
PLANT_SCALE = 1.0


def place(name, location, turn_degrees, scale):
    obj = bpy.data.objects[name]
    obj.location = location
    obj.rotation_euler = (0.0, 0.0, radians(turn_degrees))
    obj.scale = (scale, scale, scale)


place("Sofa", SOFA_LOCATION, SOFA_TURN, SOFA_SCALE)
place("Armchair", ARMCHAIR_LOCATION, ARMCHAIR_TURN, ARMCHAIR_SCALE)
place("CoffeeTable", COFFEE_TABLE_LOCATION, COFFEE_TABLE_TURN, COFFEE_TABLE_SCALE)
place("Rug", RUG_LOCATION, RUG_TURN, RUG_SCALE)
place("FloorLamp", FLOOR_LAMP_LOCATION, FLOOR_LAMP_TURN, FLOOR_LAMP_SCALE)
place("Pouf", POUF_LOCATION, POUF_TURN, POUF_SCALE)
place("SideTable", SIDE_TABLE_LOCATION, SIDE_TABLE_TURN, SIDE_TABLE_SCALE)
place("Plant", PLANT_LOCATION, PLANT_TURN, PLANT_SCALE)
