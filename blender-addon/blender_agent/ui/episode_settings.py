"""What the artist sets in the panel before Start: the goal, what the agent may edit, the agent.

Kept on the scene (so it is saved with the .blend), never a key: keys stay in the
sidecar's environment.
"""

import bpy

from .. import episode_state


def _provider_items(self, context):
    offered = (episode_state.options or {}).get("providers") or [{"name": "offline", "model": None, "ready": True}]
    items = []
    for i, p in enumerate(offered):
        label = p["name"] if not p.get("model") else "%s (%s)" % (p["name"], p["model"])
        tip = "Ready" if p.get("ready") else (p.get("reason") or "Not ready")
        items.append((p["name"], label, tip, i))
    return items


class BlenderAgentEpisodeSettings(bpy.types.PropertyGroup):
    instruction: bpy.props.StringProperty(
        name="Instruction", description="The goal in words (a model provider reads it; the offline agent does not)")
    goal_image: bpy.props.PointerProperty(
        name="Goal image", type=bpy.types.Image,
        description="What the scene should look like from the chosen view (the offline agent needs one)")
    view: bpy.props.EnumProperty(
        name="Judge from",
        items=[("VIEWPORT", "Viewport", "The 3D viewport as it is at Start (frozen then)"),
               ("CAMERA", "Scene camera", "The scene's active camera")],
        default="VIEWPORT")
    scope: bpy.props.EnumProperty(
        name="Edit",
        items=[("selected", "Selected", "The selected objects, their materials, lights, cameras and modifiers"),
               ("collection", "Collection", "The objects of a collection"),
               ("scene", "Whole scene", "Every object, and the world"),
               ("text", "Text", "A program you wrote, in a Text data-block")],
        default="selected")
    collection: bpy.props.PointerProperty(name="Collection", type=bpy.types.Collection)
    text: bpy.props.PointerProperty(name="Text", type=bpy.types.Text)
    provider: bpy.props.EnumProperty(name="Provider", items=_provider_items,
                                     description="Which agent the sidecar runs (its keys stay in its environment)")
    breadth: bpy.props.IntProperty(name="Breadth", min=0, max=32, default=0,
                                   description="Drafts per iteration (0: the sidecar's default)")
    depth: bpy.props.IntProperty(name="Depth", min=0, max=1000, default=0,
                                 description="Iterations (0: the sidecar's default)")
    verify_k: bpy.props.IntProperty(name="VerifyK", min=0, max=64, default=0,
                                    description="Verifier brackets per decision (0: the sidecar's default)")
    budget: bpy.props.IntProperty(name="Budget", min=0, default=0,
                                  description="Most queries in all (0: no limit)")
    ask_before_applying: bpy.props.BoolProperty(
        name="Ask before applying", default=False,
        description="Each edit the agent picks waits for your Accept or Reject before it reaches the scene")
    start_paused: bpy.props.BoolProperty(name="Start paused", default=False,
                                         description="Start, then wait for Step or Resume")


def settings(context):
    return context.scene.blender_agent_episode
