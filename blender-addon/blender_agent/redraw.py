"""Tag the 3D Views for redraw, so the Agent panel shows what changed."""

import bpy


def redraw_agent_panels():
    wm = getattr(bpy.context, "window_manager", None)
    if wm is None:
        return
    for window in wm.windows:
        for area in window.screen.areas:
            if area.type == "VIEW_3D":
                area.tag_redraw()
