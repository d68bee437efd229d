import bpy
from math import radians
from mathutils import Vector

# The stage lights. Energy is in watts; colors are linear RGB (1, 1, 1 is white);
# locations are in metres. The pedestals stand at x = -1.2 (monkey), 0 (sphere) and
# 1.2 (cube), y = 0; their objects are at about z = 1.1. The audience is at -Y.

# The centre light, hanging above the front of the stage (light "CentreLight"; its type is
# "SPOT" or "POINT"; the cone angle and blend apply to a spot only).
CENTRE_TYPE = "SPOT"
CENTRE_COLOR = (0.2, 0.4, 1.0)
CENTRE_ENERGY = 1000.0
CENTRE_LOCATION = (0.0, -1.5, 3.5)
CENTRE_TARGET = (0.0, 0.0, 1.0)
CENTRE_SPOT_SIZE = 40.0  # cone angle in degrees
CENTRE_SPOT_BLEND = 0.15  # 0 hard edge .. 1 soft edge

# A spot from the left wing (spot light "LeftSpot").
LEFT_COLOR = (1.0, 0.8, 0.6)
LEFT_ENERGY = 500.0
LEFT_LOCATION = (-3.0, -1.0, 2.5)
LEFT_TARGET = (-1.2, 0.0, 1.1)
LEFT_SPOT_SIZE = 30.0
LEFT_SPOT_BLEND = 0.2

# A spot from the right wing (spot light "RightSpot").
RIGHT_COLOR = (0.6, 0.8, 1.0)
RIGHT_ENERGY = 500.0
RIGHT_LOCATION = (3.0, -1.0, 2.5)
RIGHT_TARGET = (1.2, 0.0, 1.1)
RIGHT_SPOT_SIZE = 30.0
RIGHT_SPOT_BLEND = 0.2


def light(name, kind):
    """The light object called name, of type kind ("POINT", "SUN", "SPOT" or "AREA"); made if missing."""
    data = bpy.data.lights.get(name)
    if data is None:
        data = bpy.data.lights.new(name, kind)
    data.type = kind
    data = bpy.data.lights[name]  # look it up again: its Python type follows the light type
    obj = bpy.data.objects.get(name)
    if obj is None:
        obj = bpy.data.objects.new(name, data)
        bpy.context.scene.collection.objects.link(obj)
    return obj, data


def aim(obj, target):
    """Turn a spot, area or sun light so that it shines at the point target."""
    obj.rotation_euler = (Vector(target) - obj.location).to_track_quat("-Z", "Y").to_euler()


def spot(name, kind, color, energy, location, target, size, blend):
    """Set up the light called name; a spot also gets its cone angle and edge blend."""
    obj, data = light(name, kind)
    obj.location = location
    aim(obj, target)
    data.color = color
    data.energy = energy
    data.shadow_soft_size = 0.05
    if data.type == "SPOT":
        data.spot_size = radians(size)
        data.spot_blend = blend


spot("CentreLight", CENTRE_TYPE, CENTRE_COLOR, CENTRE_ENERGY, CENTRE_LOCATION, CENTRE_TARGET, CENTRE_SPOT_SIZE, CENTRE_SPOT_BLEND)
spot("LeftSpot", "SPOT", LEFT_COLOR, LEFT_ENERGY, LEFT_LOCATION, LEFT_TARGET, LEFT_SPOT_SIZE, LEFT_SPOT_BLEND)
spot("RightSpot", "SPOT", RIGHT_COLOR, RIGHT_ENERGY, RIGHT_LOCATION, RIGHT_TARGET, RIGHT_SPOT_SIZE, RIGHT_SPOT_BLEND)
