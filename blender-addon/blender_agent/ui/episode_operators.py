"""Start, Pause, Step, Resume, Stop, Accept, Reject, Revert, and Resume of an episode whose
Blender went away: the panel's buttons, each one request to the sidecar.

Nothing here waits on the network: a request goes out and its answer comes back through
the connection's reply queue on the main thread (see ``Connection.request_async``), so
Blender stays usable while the sidecar works (and calls back into this Blender).
"""

import base64
import os
import tempfile

import bpy

from .. import episode_state, live
from ..transport.connection import CONNECTED
from .episode_settings import settings


def _connected():
    conn = live.connection()
    return conn is not None and conn.state == CONNECTED


def goal_image_bytes(image):
    """The goal image's file bytes (any format the sidecar can read), or raise ValueError."""
    if image.packed_file is not None:
        return bytes(image.packed_file.data)
    path = bpy.path.abspath(image.filepath) if image.filepath else ""
    if path and os.path.isfile(path):
        with open(path, "rb") as f:
            return f.read()
    # A generated or edited image without a file: save a copy.
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "goal.png")
        try:
            image.save_render(path)
        except RuntimeError as exc:
            raise ValueError("the goal image %r has no pixels to send: %s" % (image.name, exc))
        with open(path, "rb") as f:
            return f.read()


def start_params(context):
    """The episode.start params from the panel, or raise ValueError with what to fix."""
    s = settings(context)
    goal = {}
    if s.instruction.strip():
        goal["instruction"] = s.instruction.strip()
    if s.goal_image is not None:
        goal["images"] = [base64.b64encode(goal_image_bytes(s.goal_image)).decode("ascii")]
    if s.provider == "offline" and "images" not in goal:
        raise ValueError("The offline agent needs a goal image: pick one under Goal.")
    if not goal:
        raise ValueError("Give a goal: an instruction, a goal image, or both.")
    scope = {"scope": s.scope}
    if s.scope == "collection":
        if s.collection is None:
            raise ValueError("Pick the collection the agent may edit.")
        scope["name"] = s.collection.name
    elif s.scope == "text":
        if s.text is None:
            raise ValueError("Pick the Text that holds your program.")
        scope["name"] = s.text.name
    agent = {"provider": s.provider}
    for key, value in (("breadth", s.breadth), ("depth", s.depth), ("verifyK", s.verify_k), ("budget", s.budget)):
        if value > 0:
            agent[key] = value
    params = {"goal": goal, "scope": scope, "agent": agent, "paused": s.start_paused,
              "askBeforeApplying": s.ask_before_applying}
    if s.view == "CAMERA":
        if context.scene.camera is None:
            raise ValueError("The scene has no active camera: judge from the viewport, or set one.")
        params["cameras"] = [context.scene.camera.name]
    return params


class BLENDER_AGENT_OT_episode_start(bpy.types.Operator):
    bl_idname = "blender_agent.episode_start"
    bl_label = "Start"
    bl_description = "Start an episode: the agent edits the chosen part of this scene toward the goal"

    @classmethod
    def poll(cls, context):
        return _connected() and episode_state.pending is None and not episode_state.is_active()

    def execute(self, context):
        try:
            params = start_params(context)
        except ValueError as exc:
            self.report({"ERROR"}, str(exc))
            episode_state.show_error(str(exc))
            return {"CANCELLED"}
        episode_state.set_artist_edits(None)
        episode_state.set_pending("starting")
        live.connection().request_async("episode.start", params, _started)
        return {"FINISHED"}


def _started(result, error):
    episode_state.request_done(error)
    if result and episode_state.progress is None:
        # Progress normally arrives first; until it does, show that the episode exists.
        episode_state.apply_progress({"episodeId": result["episodeId"], "status": result["status"], "iteration": 0,
                                      "depth": 0, "score": None, "startScore": None, "message": "Started",
                                      "queries": {"generation": 0, "verification": 0}, "costUsd": None,
                                      "error": None})


_ACTIONS = [("pause", "Pause", "Finish the iteration in flight, then wait"),
            ("step", "Step", "Run one iteration, then wait"),
            ("resume", "Resume", "Run the remaining iterations"),
            ("stop", "Stop", "End the episode (its record stays complete)"),
            ("accept", "Accept", "Apply the agent's edit to the scene (one undo step)"),
            ("reject", "Reject", "Leave the scene as it is; the agent goes on from there")]


class BLENDER_AGENT_OT_episode_control(bpy.types.Operator):
    bl_idname = "blender_agent.episode_control"
    bl_label = "Control the episode"
    bl_description = "Pause, step, resume or stop the agent's episode"

    action: bpy.props.EnumProperty(items=_ACTIONS)

    @classmethod
    def description(cls, context, properties):
        return next(tip for key, _, tip in _ACTIONS if key == properties.action)

    @classmethod
    def poll(cls, context):
        # Not held back by a request in flight: Pause right after Resume must reach the sidecar.
        return _connected() and episode_state.is_active()

    def execute(self, context):
        episode_state.set_pending(self.action)
        live.connection().request_async(
            "episode.control", {"episodeId": episode_state.episode_id(), "action": self.action},
            lambda result, error: episode_state.request_done(error))
        return {"FINISHED"}


class BLENDER_AGENT_OT_episode_revert(bpy.types.Operator):
    bl_idname = "blender_agent.episode_revert"
    bl_label = "Revert Episode"
    bl_description = ("Put the scene back where it was at Start, in one undo step (the episode stops). "
                      "If you changed values since the agent's last edit, you are asked first")

    keep: bpy.props.EnumProperty(items=[
        ("ASK", "Ask", "Ask first if you changed values since the agent's last edit"),
        ("KEEP", "Keep my edits", "Revert the agent's edits, keep the values you changed"),
        ("ALL", "Revert all", "Back to Start, your later changes to those values too"),
        ("CANCEL", "Cancel", "Leave the scene as it is")])

    @classmethod
    def poll(cls, context):
        p = episode_state.progress
        return _connected() and p is not None and p["status"] != "detached"

    def execute(self, context):
        if self.keep == "CANCEL":
            episode_state.set_artist_edits(None)
            return {"FINISHED"}
        params = {"episodeId": episode_state.episode_id()}
        if self.keep != "ASK":
            params["keepArtistEdits"] = self.keep == "KEEP"
        episode_state.set_pending("revert")
        live.connection().request_async("episode.revert", params, _reverted)
        return {"FINISHED"}


def _reverted(result, error):
    episode_state.set_artist_edits(None if error or result["reverted"] else result["artistEdits"])
    episode_state.request_done(error)


class BLENDER_AGENT_OT_episode_attach(bpy.types.Operator):
    bl_idname = "blender_agent.episode_attach"
    bl_label = "Resume Episode"
    bl_description = "Go on with this episode in this scene: it shows the episode's last edit first (one undo step)"

    episode_id: bpy.props.StringProperty()

    @classmethod
    def poll(cls, context):
        return _connected() and episode_state.pending is None and not episode_state.is_active()

    def execute(self, context):
        episode_id = self.episode_id
        episode_state.set_pending("resume")

        def attached(result, error):
            if not error:
                episode_state.attached(episode_id)
            episode_state.request_done(error)

        live.connection().request_async("episode.attach", {"episodeId": episode_id, "resume": True}, attached)
        return {"FINISHED"}
