import bpy
from math import radians

# Kitchen counter, in metres: the worktop is at z = 0.9 and spans x -1.3..1.3 (left to
# right, seen from the front) and y -0.35..0.35 (front edge at y = -0.35, wall behind).
# The hob's front-left burner is centred at (0.62, -0.1) and its back-right burner at
# (0.98, 0.12), burner tops at z = 0.91. The wall shelf spans x -1.2..-0.3, y 0.15..0.39,
# with its top at z = 1.48.
# LOCATION is where the middle of an object's base stands, TURN its rotation about the
# vertical axis in degrees (counter-clockwise seen from above; at 0 the kettle's spout
# points left, -x), SCALE a uniform size factor.
KETTLE_LOCATION = (0.25, 0.15, 0.9)
KETTLE_TURN = 0.0
KETTLE_SCALE = 1.0
TOASTER_LOCATION = (-0.25, 0.17, 0.9)
TOASTER_TURN = 0.0
TOASTER_SCALE = 1.0
CUTTING_BOARD_LOCATION = (-0.7, -0.1, 0.9)
CUTTING_BOARD_TURN = 0.0
CUTTING_BOARD_SCALE = 1.0
FRUIT_BOWL_LOCATION = (-0.05, -0.1, 0.9)
FRUIT_BOWL_TURN = 0.0
FRUIT_BOWL_SCALE = 1.0
APPLE_LOCATION = (0.22, -0.2, 0.9)
APPLE_TURN = 0.0
APPLE_SCALE = 1.0
ORANGE_LOCATION = (-0.35, -0.22, 0.9)
ORANGE_TURN = 0.0
ORANGE_SCALE = 1.0
POT_LOCATION = (0.98, 0.12, 0.91)
POT_TURN = 0.0
POT_SCALE = 1.0
KNIFE_BLOCK_LOCATION = (-1.1, 0.2, 0.9)
KNIFE_BLOCK_TURN = 0.0
KNIFE_BLOCK_SCALE = 1.0
YELLOW_JAR_LOCATION = (-1.0, 0.27, 1.48)
YELLOW_JAR_TURN = 0.0
YELLOW_JAR_SCALE = 1.0
PURPLE_JAR_LOCATION = (-0.75, 0.27, 1.48)
PURPLE_JAR_TURN = 0.0
PURPLE_JAR_SCALE = 1.0
PINK_JAR_LOCATION = (-0.5, 0.27, 1.48)
PINK_JAR_TURN = 0.0
PINK_JAR_SCALE = 1.0


def place(name, location, turn_degrees, scale):
    obj = bpy.data.objects[name]
    obj.location = location
    obj.rotation_euler = (0.0, 0.0, radians(turn_degrees))
    obj.scale = (scale, scale, scale)


place("Kettle", KETTLE_LOCATION, KETTLE_TURN, KETTLE_SCALE)
place("Toaster", TOASTER_LOCATION, TOASTER_TURN, TOASTER_SCALE)
place("CuttingBoard", CUTTING_BOARD_LOCATION, CUTTING_BOARD_TURN, CUTTING_BOARD_SCALE)
place("FruitBowl", FRUIT_BOWL_LOCATION, FRUIT_BOWL_TURN, FRUIT_BOWL_SCALE)
place("Apple", APPLE_LOCATION, APPLE_TURN, APPLE_SCALE)
place("Orange", ORANGE_LOCATION, ORANGE_TURN, ORANGE_SCALE)
place("Pot", POT_LOCATION, POT_TURN, POT_SCALE)
place("KnifeBlock", KNIFE_BLOCK_LOCATION, KNIFE_BLOCK_TURN, KNIFE_BLOCK_SCALE)
place("YellowJar", YELLOW_JAR_LOCATION, YELLOW_JAR_TURN, YELLOW_JAR_SCALE)
place("PurpleJar", PURPLE_JAR_LOCATION, PURPLE_JAR_TURN, PURPLE_JAR_SCALE)
place("PinkJar", PINK_JAR_LOCATION, PINK_JAR_TURN, PINK_JAR_SCALE)
