import bpy

# The fish's body: each value is a shape-key weight from 0 (basis fish) to 1 (full key).
FAT = 0.0          # deeper, rounder body
LONG = 0.0         # longer body
TAIL_BEND = 0.0    # tail swept to the fish's right, as in a flick
FIN_TALL = 0.2     # taller, wider tail fin
HUMP = 0.4         # humped back behind the head

keys = bpy.data.objects["Fish"].data.shape_keys.key_blocks
keys["Fat"].value = FAT
keys["Long"].value = LONG
keys["TailBend"].value = TAIL_BEND
keys["FinTall"].value = FIN_TALL
keys["Hump"].value = HUMP
