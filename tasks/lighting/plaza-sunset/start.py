import bpy
from math import cos, radians, sin
from mathutils import Vector

# The plaza lights. The sun's strength is in W/m^2, the sky area light's energy in watts;
# colors are linear RGB (1, 1, 1 is white). +Y is north, +X is east; the obelisk stands
# at the origin and the columns on a circle of radius 3.2 m around it.

# The sun (sun light "Sun").
SUN_COLOR = (1.0, 0.96, 0.9)
SUN_STRENGTH = 2.0
SUN_ELEVATION = 50.0  # degrees above the horizon
SUN_AZIMUTH = 225.0  # compass direction the sun shines from: 0 north (+Y), 90 east (+X), 180 south, 270 west (-X)
SUN_ANGLE = 1.0  # apparent diameter of the sun in degrees: bigger gives softer shadows

# Light from the sky: a huge, dim area light high above the plaza (area light "Sky").
SKY_COLOR = (0.6, 0.75, 1.0)
SKY_ENERGY = 250.0
SKY_SIZE = 30.0


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


def towards_sun(elevation, azimuth):
    """Unit vector from the ground towards the sun."""
    e, a = radians(elevation), radians(azimuth)
    return Vector((sin(a) * cos(e), cos(a) * cos(e), sin(e)))


sun, data = light("Sun", "SUN")
sun.location = (0.0, 0.0, 12.0)  # a sun's location does not matter, only its direction
aim(sun, sun.location - towards_sun(SUN_ELEVATION, SUN_AZIMUTH))
data.color = SUN_COLOR
data.energy = SUN_STRENGTH
data.angle = radians(SUN_ANGLE)

sky, data = light("Sky", "AREA")
sky.location = (0.0, 0.0, 15.0)
aim(sky, (0.0, 0.0, 0.0))
data.color = SKY_COLOR
data.energy = SKY_ENERGY
data.shape = "SQUARE"
data.size = SKY_SIZE
