"""The add-on's interface: preferences, the Connect/Disconnect operators, the Agent panel."""

import bpy

from .. import episode_state, live
from .episode_operators import (BLENDER_AGENT_OT_episode_attach, BLENDER_AGENT_OT_episode_control,
                                BLENDER_AGENT_OT_episode_revert, BLENDER_AGENT_OT_episode_start)
from .episode_panels import (VIEW3D_PT_blender_agent_agent, VIEW3D_PT_blender_agent_episode,
                             VIEW3D_PT_blender_agent_goal, VIEW3D_PT_blender_agent_search)
from .episode_settings import BlenderAgentEpisodeSettings
from .operators import BLENDER_AGENT_OT_connect, BLENDER_AGENT_OT_disconnect, BLENDER_AGENT_OT_edit_decide
from .panel import VIEW3D_PT_blender_agent, draw_header_status
from .preferences import BlenderAgentPreferences

# Parents before children; sub-panels show in this order: the episode (Start, progress) on top.
CLASSES = (BlenderAgentPreferences, BlenderAgentEpisodeSettings, BLENDER_AGENT_OT_connect, BLENDER_AGENT_OT_disconnect,
           BLENDER_AGENT_OT_edit_decide,
           BLENDER_AGENT_OT_episode_start, BLENDER_AGENT_OT_episode_control, BLENDER_AGENT_OT_episode_revert,
           BLENDER_AGENT_OT_episode_attach, VIEW3D_PT_blender_agent,
           VIEW3D_PT_blender_agent_episode, VIEW3D_PT_blender_agent_goal, VIEW3D_PT_blender_agent_agent,
           VIEW3D_PT_blender_agent_search)


def register():
    for cls in CLASSES:
        bpy.utils.register_class(cls)
    bpy.types.Scene.blender_agent_episode = bpy.props.PointerProperty(type=BlenderAgentEpisodeSettings)
    bpy.types.VIEW3D_HT_header.append(draw_header_status)


def unregister():
    live.disconnect()
    episode_state.free_previews()
    bpy.types.VIEW3D_HT_header.remove(draw_header_status)
    del bpy.types.Scene.blender_agent_episode
    for cls in reversed(CLASSES):
        bpy.utils.unregister_class(cls)
