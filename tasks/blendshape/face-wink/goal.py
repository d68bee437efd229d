import bpy

# Expression: each value is a shape-key weight from 0 (neutral) to 1 (full).
SMILE = 0.8          # mouth corners up
JAW_OPEN = 0.0       # open the mouth and drop the chin
MOUTH_WIDE = 0.4     # stretch the mouth sideways
CHEEK_PUFF = 0.0     # blow the cheeks out
CHIN_POINT = 0.25    # narrow, pointed chin
BROW_RAISE = 0.3     # lift both eyebrows
BROW_FROWN = 0.0     # angry brows: inner ends down
BROW_SAD = 0.0       # worried brows: inner ends up
BLINK_LEFT = 1.0     # close the face's own left eye (image right from the front)
BLINK_RIGHT = 0.0    # close the face's own right eye (image left from the front)
EYES_WIDE = 0.0      # open both eyes wide

FACE_PARTS = ("Head", "Mouth", "Brows", "Eyelids")


def set_key(key_name, value):
    """Set a shape key on every face part that has it (JawOpen and CheekPuff move head and mouth)."""
    for part in FACE_PARTS:
        blocks = bpy.data.objects[part].data.shape_keys.key_blocks
        if key_name in blocks:
            blocks[key_name].value = value


set_key("Smile", SMILE)
set_key("JawOpen", JAW_OPEN)
set_key("Wide", MOUTH_WIDE)
set_key("CheekPuff", CHEEK_PUFF)
set_key("ChinPoint", CHIN_POINT)
set_key("BrowRaise", BROW_RAISE)
set_key("BrowFrown", BROW_FROWN)
set_key("BrowSad", BROW_SAD)
set_key("BlinkLeft", BLINK_LEFT)
set_key("BlinkRight", BLINK_RIGHT)
set_key("EyesWide", EYES_WIDE)
