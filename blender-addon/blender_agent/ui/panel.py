import bpy

from .. import edit_requests, live
from ..transport.connection import CONNECTED, CONNECTING, DISCONNECTED, REFUSED
from .text import BOX_INSET, change_lines, paragraph

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
        if conn.state == CONNECTED:
            _edit_ask(layout, context)


def _edit_ask(layout, context):
    """An MCP client's edit waiting for the artist: what it changes, Accept or Reject."""
    if edit_requests.note and not edit_requests.asks:
        paragraph(layout, edit_requests.note, context)
    if not edit_requests.asks:
        return
    ask = edit_requests.asks[0]
    box = layout.box()
    box.label(text="An MCP client's edit", icon="QUESTION")
    paragraph(box, "Apply \u201c%s\u201d?" % ask["label"], context, BOX_INSET)
    change_lines(box, ask["changes"], context, more=ask.get("more", 0))
    if not ask["changes"]:
        paragraph(box, ask["summary"], context, BOX_INSET)
    row = box.row(align=True)
    for accept, text, icon in ((True, "Accept", "CHECKMARK"), (False, "Reject", "X")):
        op = row.operator("blender_agent.edit_decide", text=text, icon=icon)
        op.request_id = ask["requestId"]
        op.accept = accept
    if len(edit_requests.asks) > 1:
        box.label(text="%d more waiting" % (len(edit_requests.asks) - 1))


def draw_header_status(self, context):
    """A small status in the 3D View header, so the connection shows without the sidebar."""
    conn = live.connection()
    if conn is not None:
        self.layout.label(text="Agent: %s" % conn.state, icon=_ICONS.get(conn.state, "INFO"))
