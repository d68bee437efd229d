"""The Agent sidebar's episode panels: Goal, Agent, Episode (controls and progress)."""

import bpy

from .. import episode_state, live
from ..transport.connection import CONNECTED
from .episode_settings import settings
from .text import BOX_INSET, change_lines, paragraph


class _AgentSubPanel:
    bl_space_type = "VIEW_3D"
    bl_region_type = "UI"
    bl_category = "Agent"
    bl_parent_id = "VIEW3D_PT_blender_agent"

    @classmethod
    def poll(cls, context):
        conn = live.connection()
        return conn is not None and conn.state == CONNECTED


class _SettingsPanel(_AgentSubPanel):
    """A panel of the episode's settings: greyed out while an episode is under way."""

    def draw(self, context):
        self.layout.enabled = not episode_state.is_active()
        self.draw_settings(self.layout, settings(context), context)


class VIEW3D_PT_blender_agent_goal(_SettingsPanel, bpy.types.Panel):
    bl_label = "Goal"

    def draw_settings(self, layout, s, context):
        layout.label(text="In words:")
        layout.prop(s, "instruction", text="")
        layout.label(text="As an image:")
        layout.template_ID(s, "goal_image", open="image.open")
        layout.label(text="Judge from:")
        layout.prop(s, "view", expand=True)
        if s.view == "VIEWPORT":
            paragraph(layout, "The viewport is frozen at Start.", context)
        if s.provider == "offline" and s.goal_image is None:
            box = layout.box()
            box.alert = True
            paragraph(box, "The offline agent needs a goal image.", context, BOX_INSET)


class VIEW3D_PT_blender_agent_agent(_SettingsPanel, bpy.types.Panel):
    bl_label = "Agent"

    def draw_settings(self, layout, s, context):
        layout.prop(s, "scope")
        if s.scope == "collection":
            layout.prop(s, "collection", text="")
        elif s.scope == "text":
            layout.prop(s, "text", text="")
        layout.prop(s, "provider", text="Agent")
        layout.prop(s, "ask_before_applying")
        layout.prop(s, "start_paused")


class VIEW3D_PT_blender_agent_search(_SettingsPanel, bpy.types.Panel):
    bl_label = "Search"
    bl_parent_id = "VIEW3D_PT_blender_agent_agent"
    bl_options = {"DEFAULT_CLOSED"}

    def draw_settings(self, layout, s, context):
        layout.use_property_split = True
        layout.use_property_decorate = False
        column = layout.column(align=True)
        for name in ("breadth", "depth", "verify_k", "budget"):
            column.prop(s, name)
        defaults = (episode_state.options or {}).get("defaults")
        if defaults:
            paragraph(layout, "0 keeps the sidecar's default: %d drafts, %d iterations, verifyK %d." % (
                defaults["breadth"], defaults["depth"], defaults["verifyK"]), context)


class VIEW3D_PT_blender_agent_episode(_AgentSubPanel, bpy.types.Panel):
    bl_label = "Episode"

    def draw(self, context):
        layout = self.layout
        p = episode_state.progress
        if episode_state.is_active():
            running = p["status"] == "running"
            grid = layout.grid_flow(columns=2, even_columns=True, align=True)
            for action, icon, enabled in (("pause", "PAUSE", running), ("step", "FRAME_NEXT", not running),
                                          ("resume", "PLAY", not running), ("stop", "SNAP_FACE", True)):
                sub = grid.row(align=True)
                sub.enabled = enabled
                sub.operator("blender_agent.episode_control", text=action.capitalize(), icon=icon).action = action
        else:
            _offers(layout, context)
            layout.operator("blender_agent.episode_start", icon="PLAY")
        if episode_state.pending:
            layout.label(text="%s…" % episode_state.pending.capitalize(), icon="SORTTIME")
        if episode_state.error:
            box = layout.box()
            box.alert = True
            paragraph(box, episode_state.error, context, BOX_INSET)
        if p is None:
            return
        # Questions for the artist first, where they are seen without scrolling.
        _proposal(layout, p.get("proposal"), context)
        _artist_edits(layout, context)
        layout.separator()
        depth = " of %d" % p["depth"] if p["depth"] else ""
        status = "paused" if p["status"] == "detached" else p["status"]
        # Running: the iteration under way (the one the last message speaks of); otherwise the ones done.
        shown = p["iteration"] + 1 if status == "running" and p["iteration"] < p["depth"] else p["iteration"]
        layout.label(text="%s · iteration %d%s" % (status.capitalize(), shown, depth),
                     icon=_STATUS_ICONS.get(p["status"], "INFO"))
        if p["score"] is not None:
            paragraph(layout, "Distance to goal: %s" % _distance(p["startScore"], p["score"]), context)
        paragraph(layout, p["message"], context)
        q = p["queries"]
        cost = ", $%.2f" % p["costUsd"] if p["costUsd"] else ""
        paragraph(layout, "Queries: %d drafts, %d checks%s" % (q["generation"], q["verification"], cost), context)
        if p.get("error"):
            box = layout.box()
            box.alert = True
            paragraph(box, p["error"], context, BOX_INSET)
        _images(layout)
        if not episode_state.artist_edits and p["status"] != "detached":
            layout.operator("blender_agent.episode_revert", icon="LOOP_BACK").keep = "ASK"


def _offers(layout, context):
    """Episodes whose Blender went away, each with a Resume; and what happened to the connection."""
    if episode_state.note:
        paragraph(layout, episode_state.note, context)
    for offer in episode_state.offers:
        box = layout.box()
        name = offer["file"] and offer["file"].replace("\\", "/").rsplit("/", 1)[-1]
        paragraph(box, "Episode at iteration %d of %d%s" % (offer["iteration"], offer["depth"],
                                                           " (%s)" % name if name else ""), context, BOX_INSET)
        box.operator("blender_agent.episode_attach", icon="PLAY").episode_id = offer["episodeId"]


def _proposal(layout, proposal, context):
    """The agent's edit waiting under "ask before applying": what it changes, Accept or Reject."""
    if not proposal:
        return
    box = layout.box()
    box.label(text="Apply this edit?", icon="QUESTION")
    change_lines(box, proposal["changes"], context)
    if not proposal["changes"]:
        paragraph(box, proposal["summary"], context, BOX_INSET)
    row = box.row(align=True)
    row.operator("blender_agent.episode_control", text="Accept", icon="CHECKMARK").action = "accept"
    row.operator("blender_agent.episode_control", text="Reject", icon="X").action = "reject"


def _artist_edits(layout, context):
    """A revert's question: the artist changed values since the agent's last edit; keep them?"""
    edits = episode_state.artist_edits
    if not edits:
        return
    box = layout.box()
    paragraph(box, "You changed %d value%s since the agent's last edit:" % (len(edits), "" if len(edits) == 1 else "s"),
              context, BOX_INSET)
    change_lines(box, edits, context, line="%s: the agent's %s, yours %s")
    row = box.row(align=True)
    row.operator("blender_agent.episode_revert", text="Keep My Edits").keep = "KEEP"
    row.operator("blender_agent.episode_revert", text="Revert All").keep = "ALL"
    box.operator("blender_agent.episode_revert", text="Cancel", icon="X").keep = "CANCEL"


def _distance(start, now):
    """'0.0095 → 0.0084 (12% closer)': the metric (lower is better) and the change since Start."""
    if start is None:
        return "%.2g" % now
    change = "" if not start else " (%d%% %s)" % (round(abs(1 - now / start) * 100), "closer" if now <= start else "further")
    return "%.2g → %.2g%s" % (start, now, change)


_STATUS_ICONS = {"running": "PLAY", "paused": "PAUSE", "finished": "CHECKMARK", "stopped": "SNAP_FACE",
                 "failed": "ERROR", "ready": "TIME", "detached": "UNLINKED"}


def _images(layout):
    """The goal beside the current best render."""
    icons = [(title, episode_state.preview_icon(name))
             for title, name in (("Goal", episode_state.GOAL_IMAGE), ("Current", episode_state.CURRENT_IMAGE))]
    if not any(icon for _, icon in icons):
        return
    row = layout.row()
    for title, icon in icons:
        column = row.column(align=True)
        column.label(text=title)
        if icon:
            column.template_icon(icon_value=icon, scale=5.0)
