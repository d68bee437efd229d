import bpy
from math import cos, radians, sin
from mathutils import Vector

# The living-room lights. Energy is in watts for point, spot and area lights and in W/m^2
# for the sun; colors are linear RGB (1, 1, 1 is white); locations are in metres.

# A bare bulb hanging in the back-left corner, above the plant (point light "Lamp").
LAMP_COLOR = (1.0, 0.85, 0.7)
LAMP_ENERGY = 40.0
LAMP_LOCATION = (-1.2, 1.1, 1.9)
LAMP_RADIUS = 0.05  # radius of the bulb: bigger gives softer shadows

# A square panel above the coffee table, shining straight down (area light "Panel").
PANEL_COLOR = (1.0, 1.0, 1.0)
PANEL_ENERGY = 25.0
PANEL_LOCATION = (1.5, 1.4, 2.5)
PANEL_SIZE = 0.5  # edge length in metres: bigger gives softer shadows

# Sunlight through the window in the left wall (sun light "Sun").
SUN_COLOR = (1.0, 0.95, 0.9)
SUN_STRENGTH = 5.0
SUN_ELEVATION = 30.0  # degrees above the horizon
SUN_AZIMUTH = 270.0  # compass direction the sun shines from: 0 north (+Y), 90 east (+X), 180 south, 270 west (-X)
SUN_ANGLE = 1.0  # apparent diameter of the sun in degrees: bigger gives softer shadows


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


lamp, data = light("Lamp", "POINT")
lamp.location = LAMP_LOCATION
data.color = LAMP_COLOR
data.energy = LAMP_ENERGY
data.shadow_soft_size = LAMP_RADIUS

panel, data = light("Panel", "AREA")
panel.location = PANEL_LOCATION
aim(panel, (PANEL_LOCATION[0], PANEL_LOCATION[1], 0.0))  # straight down
data.color = PANEL_COLOR
data.energy = PANEL_ENERGY
data.shape = "SQUARE"
data.size = PANEL_SIZE

sun, data = light("Sun", "SUN")
sun.location = (-6.0, 0.0, 5.0)  # a sun's location does not matter, only its direction
aim(sun, sun.location - towards_sun(SUN_ELEVATION, SUN_AZIMUTH))
data.color = SUN_COLOR
data.energy = SUN_STRENGTH
data.angle = radians(SUN_ANGLE)
