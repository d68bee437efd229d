import bpy
from math import radians
from mathutils import Vector

# The gallery lights. Energy is in watts; colours are linear RGB (1, 1, 1 is white);
# locations are in metres. The sculpture's middle is at (0, 0.4, 1.35), the painting's
# at (1.3, 1.95, 1.6); the back wall is at y = 2, the left wall at x = -2.5.

# A spot on the sculpture (spot light "SculptureSpot").
SCULPTURE_SPOT_LOCATION = (-2.2, -0.6, 1.3)
SCULPTURE_SPOT_TARGET = (0.0, 0.4, 1.3)
SCULPTURE_SPOT_ENERGY = 400.0
SCULPTURE_SPOT_COLOR = (1.0, 0.92, 0.8)
SCULPTURE_SPOT_SIZE = 55.0    # cone angle in degrees
SCULPTURE_SPOT_BLEND = 0.3    # 0 hard edge .. 1 soft edge

# A spot on the painting (spot light "PaintingSpot").
PAINTING_SPOT_LOCATION = (1.3, 0.2, 3.4)
PAINTING_SPOT_TARGET = (1.3, 1.95, 1.6)
PAINTING_SPOT_ENERGY = 250.0
PAINTING_SPOT_COLOR = (1.0, 0.97, 0.92)
PAINTING_SPOT_SIZE = 40.0
PAINTING_SPOT_BLEND = 0.2

# A square panel in the ceiling, shining down on the whole room (area light "Ceiling").
CEILING_LOCATION = (0.0, 0.5, 3.8)
CEILING_ENERGY = 150.0
CEILING_COLOR = (0.9, 0.95, 1.0)
CEILING_SIZE = 2.0


def light(name, kind):
    """The light object called name, of type kind; made if missing."""
    data = bpy.data.lights.get(name) or bpy.data.lights.new(name, kind)
    obj = bpy.data.objects.get(name)
    if obj is None:
        obj = bpy.data.objects.new(name, data)
        bpy.context.scene.collection.objects.link(obj)
        obj.visible_camera = False
    return obj, data


def spot(name, location, target, energy, color, size, blend):
    obj, data = light(name, "SPOT")
    obj.location = location
    obj.rotation_euler = (Vector(target) - Vector(location)).to_track_quat("-Z", "Y").to_euler()
    data.energy = energy
    data.color = color
    data.spot_size = radians(size)
    data.spot_blend = blend
    data.shadow_soft_size = 0.05


spot("SculptureSpot", SCULPTURE_SPOT_LOCATION, SCULPTURE_SPOT_TARGET, SCULPTURE_SPOT_ENERGY, SCULPTURE_SPOT_COLOR,
     SCULPTURE_SPOT_SIZE, SCULPTURE_SPOT_BLEND)
spot("PaintingSpot", PAINTING_SPOT_LOCATION, PAINTING_SPOT_TARGET, PAINTING_SPOT_ENERGY, PAINTING_SPOT_COLOR,
     PAINTING_SPOT_SIZE, PAINTING_SPOT_BLEND)

ceiling, data = light("Ceiling", "AREA")
ceiling.location = CEILING_LOCATION
ceiling.rotation_euler = (0.0, 0.0, 0.0)  # shining straight down
data.energy = CEILING_ENERGY
data.color = CEILING_COLOR
data.shape = "SQUARE"
data.size = CEILING_SIZE
