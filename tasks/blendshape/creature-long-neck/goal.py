import bpy

# Proportions: each value is a shape-key weight from 0 (basis creature) to 1 (full key).
BODY_FAT = 0.0      # rounder body, sagging belly
NECK_LENGTH = 1.0   # longer neck
TAIL_CURL = 0.0     # tail curls up over the back
EAR_SIZE = 0.0      # bigger ears
LEG_LENGTH = 0.0    # longer legs, body stands higher


def set_key(key_name, value):
    bpy.data.objects["Creature"].data.shape_keys.key_blocks[key_name].value = value


set_key("BodyFat", BODY_FAT)
set_key("NeckLength", NECK_LENGTH)
set_key("TailCurl", TAIL_CURL)
set_key("EarSize", EAR_SIZE)
set_key("LegLength", LEG_LENGTH)
