import bpy

# Massing: each value is a shape-key weight from 0 (basis tower) to 1 (full key).
HEIGHT = 0.0       # taller tower
TAPER = 0.5        # narrower toward the top
BULGE = 0.0        # wider middle floors
TWIST = 0.0        # floors turn about the vertical axis (50 degrees at the top at 1.0)
ROOF_PITCH = 0.0   # steep, tall pyramid roof


def set_key(key_name, value):
    bpy.data.objects["Tower"].data.shape_keys.key_blocks[key_name].value = value


set_key("Height", HEIGHT)
set_key("Taper", TAPER)
set_key("Bulge", BULGE)
set_key("Twist", TWIST)
set_key("RoofPitch", ROOF_PITCH)
