import bpy

# Body shape: each value is a shape-key weight from 0 (basis body) to 1 (full key).
HOOD_LENGTH = 0.0    # windshield moves back, longer hood
ROOF_HEIGHT = 1.0    # taller cabin roof
SPOILER = 0.0        # raised wing across the back of the trunk
FENDER_FLARE = 0.0   # wider body around the wheel arches
LOWERED = 0.0        # body sits lower over the wheels


def set_key(key_name, value):
    bpy.data.objects["CarBody"].data.shape_keys.key_blocks[key_name].value = value


set_key("HoodLength", HOOD_LENGTH)
set_key("RoofHeight", ROOF_HEIGHT)
set_key("Spoiler", SPOILER)
set_key("FenderFlare", FENDER_FLARE)
set_key("Lowered", LOWERED)
