"""The add-on's interface: preferences, the Connect/Disconnect operators, the Agent panel."""

import bpy

from .. import live
from .operators import BLENDER_AGENT_OT_connect, BLENDER_AGENT_OT_disconnect
from .panel import VIEW3D_PT_blender_agent, draw_header_status
from .preferences import BlenderAgentPreferences

CLASSES = (BlenderAgentPreferences, BLENDER_AGENT_OT_connect, BLENDER_AGENT_OT_disconnect, VIEW3D_PT_blender_agent)


def register():
    for cls in CLASSES:
        bpy.utils.register_class(cls)
    bpy.types.VIEW3D_HT_header.append(draw_header_status)


def unregister():
    live.disconnect()
    bpy.types.VIEW3D_HT_header.remove(draw_header_status)
    for cls in reversed(CLASSES):
        bpy.utils.unregister_class(cls)
