import bpy

from .. import live
from ..transport.connection import CONNECTED, CONNECTING, DISCONNECTED, REFUSED
from .text import paragraph

_ICONS = {CONNECTED: "LINKED", CONNECTING: "SORTTIME", DISCONNECTED: "UNLINKED", REFUSED: "ERROR"}


class VIEW3D_PT_blender_agent(bpy.types.Panel):
    bl_label = "Blender Agent"
    bl_space_type = "VIEW_3D"
    bl_region_type = "UI"
    bl_category = "Agent"

    def draw(self, context):
        layout = self.layout
        conn = live.connection()
        if conn is None:
            layout.label(text="Not connected", icon="UNLINKED")
            layout.operator("blender_agent.connect", icon="PLAY")
            return
        layout.label(text=conn.state.capitalize(), icon=_ICONS.get(conn.state, "INFO"))
        if conn.detail:
            paragraph(layout, conn.detail, context)
        if conn.state == REFUSED:
            paragraph(layout, "Check the URL and token in the preferences.", context)
            layout.operator("blender_agent.connect", text="Retry", icon="FILE_REFRESH")
        layout.operator("blender_agent.disconnect", icon="CANCEL")


def draw_header_status(self, context):
    """A small status in the 3D View header, so the connection shows without the sidebar."""
    conn = live.connection()
    if conn is not None:
        self.layout.label(text="Agent: %s" % conn.state, icon=_ICONS.get(conn.state, "INFO"))
