import bpy
from math import radians

# Home-office corner, in metres: the desk top is at z = 0.76 and spans x -0.8..0.8 (left
# to right, seen from the front) and y 0.175..0.925 (front edge at y = 0.175); the wall
# is behind it at y = 1.0 and the floor at z = 0.
# LOCATION is where the middle of an object's base stands, TURN its rotation about the
# vertical axis in degrees (counter-clockwise seen from above; at 0 the monitor's screen
# faces the front, -y, and the chair faces the desk, +y), SCALE a uniform size factor.
MONITOR_LOCATION = (0.0, 0.8, 0.76)
MONITOR_TURN = 20.0
MONITOR_SCALE = 1.0
KEYBOARD_LOCATION = (0.0, 0.42, 0.76)
KEYBOARD_TURN = 0.0
KEYBOARD_SCALE = 1.0
DESK_LAMP_LOCATION = (0.55, 0.75, 0.76)
DESK_LAMP_TURN = 0.0
DESK_LAMP_SCALE = 1.0
RED_BOOK_LOCATION = (-0.6, 0.7, 0.76)
RED_BOOK_TURN = 0.0
RED_BOOK_SCALE = 1.0
GREEN_BOOK_LOCATION = (0.35, 0.35, 0.76)
GREEN_BOOK_TURN = 30.0
GREEN_BOOK_SCALE = 1.0
CHAIR_LOCATION = (-0.1, -0.3, 0.0)
CHAIR_TURN = 0.0
CHAIR_SCALE = 1.0
BIN_LOCATION = (0.65, 0.02, 0.0)
BIN_TURN = 0.0
BIN_SCALE = 0.75


def place(name, location, turn_degrees, scale):
    obj = bpy.data.objects[name]
    obj.location = location
    obj.rotation_euler = (0.0, 0.0, radians(turn_degrees))
    obj.scale = (scale, scale, scale)


place("Monitor", MONITOR_LOCATION, MONITOR_TURN, MONITOR_SCALE)
place("Keyboard", KEYBOARD_LOCATION, KEYBOARD_TURN, KEYBOARD_SCALE)
place("DeskLamp", DESK_LAMP_LOCATION, DESK_LAMP_TURN, DESK_LAMP_SCALE)
place("RedBook", RED_BOOK_LOCATION, RED_BOOK_TURN, RED_BOOK_SCALE)
place("GreenBook", GREEN_BOOK_LOCATION, GREEN_BOOK_TURN, GREEN_BOOK_SCALE)
place("Chair", CHAIR_LOCATION, CHAIR_TURN, CHAIR_SCALE)
place("Bin", BIN_LOCATION, BIN_TURN, BIN_SCALE)
