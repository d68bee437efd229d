"""Blender Agent: connects this Blender to the agent sidecar over WebSocket JSON-RPC.

Importing this package does not import ``bpy``: the wire code in ``transport`` is
plain Python and is tested with plain ``python3``.
"""

bl_info = {
    "name": "Blender Agent",
    "author": "Blender Agent contributors",
    "version": (0, 1, 0),
    "blender": (3, 4, 0),
    "location": "3D View > Sidebar > Agent",
    "description": "Let a vision-language-model agent edit this scene, live, through the agent sidecar",
    "category": "3D View",
}

from .protocol import PROTOCOL_VERSION  # noqa: E402,F401 - generated from protocol/src


def register():
    from . import ui
    ui.register()


def unregister():
    from . import ui
    ui.unregister()
