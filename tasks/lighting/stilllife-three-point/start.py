import bpy
from math import radians
from mathutils import Vector

# The still-life lights: a classic three-point setup. Energy is in watts; colors are
# linear RGB (1, 1, 1 is white); locations are in metres (the table top is at z = 0,
# the camera looks from the front, -Y; the backdrop is at +Y).

# Key light: a square softbox front-left, aimed at the vase (area light "Key").
KEY_COLOR = (1.0, 0.97, 0.92)
KEY_ENERGY = 8.0
KEY_LOCATION = (-0.7, -0.6, 0.8)
KEY_TARGET = (0.0, 0.05, 0.1)
KEY_SIZE = 0.2  # edge length in metres: bigger gives softer shadows

# Fill light: a small bulb front-right that lifts the shadows (point light "Fill").
FILL_COLOR = (0.85, 0.9, 1.0)
FILL_ENERGY = 3.0
FILL_LOCATION = (0.8, -0.7, 0.4)
FILL_RADIUS = 0.1

# Rim light: a spot behind and above the objects, lighting their edges (spot light "Rim").
RIM_COLOR = (1.0, 1.0, 1.0)
RIM_ENERGY = 15.0
RIM_LOCATION = (0.5, 0.45, 0.8)
RIM_TARGET = (0.0, 0.0, 0.1)
RIM_SPOT_SIZE = 50.0  # cone angle in degrees
RIM_SPOT_BLEND = 0.3  # 0 hard edge .. 1 soft edge


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


key, data = light("Key", "AREA")
key.location = KEY_LOCATION
aim(key, KEY_TARGET)
data.color = KEY_COLOR
data.energy = KEY_ENERGY
data.shape = "SQUARE"
data.size = KEY_SIZE

fill, data = light("Fill", "POINT")
fill.location = FILL_LOCATION
data.color = FILL_COLOR
data.energy = FILL_ENERGY
data.shadow_soft_size = FILL_RADIUS

rim, data = light("Rim", "SPOT")
rim.location = RIM_LOCATION
aim(rim, RIM_TARGET)
data.color = RIM_COLOR
data.energy = RIM_ENERGY
data.spot_size = radians(RIM_SPOT_SIZE)
data.spot_blend = RIM_SPOT_BLEND
data.shadow_soft_size = 0.02
