import textwrap

import bpy

from .. import live
from ..transport.connection import CONNECTED, CONNECTING, DISCONNECTED, REFUSED

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
            _paragraph(layout, conn.detail, context)
        if conn.state == REFUSED:
            _paragraph(layout, "Check the URL and token in the preferences.", context)
            layout.operator("blender_agent.connect", text="Retry", icon="FILE_REFRESH")
        layout.operator("blender_agent.disconnect", icon="CANCEL")


def draw_header_status(self, context):
    """A small status in the 3D View header, so the connection shows without the sidebar."""
    conn = live.connection()
    if conn is not None:
        self.layout.label(text="Agent: %s" % conn.state, icon=_ICONS.get(conn.state, "INFO"))


def _paragraph(layout, text, context):
    """``text`` as labels cut to the sidebar's width (a label does not wrap by itself)."""
    scale = context.preferences.view.ui_scale
    width = context.region.width if context.region else 300
    column = layout.column(align=True)
    for line in textwrap.wrap(text, max(20, int(width / (7 * scale)))):
        column.label(text=line)
