"""JSON-RPC handlers: the only code that touches ``bpy`` on behalf of the sidecar.

``build_methods(role)`` returns the method table for one Blender. Every handler runs
on Blender's main thread (the connection's ``pump`` is called there).
"""

import time

import bpy

from .. import edit_requests, errors
from ..errors import RpcError
from ..protocol import METHOD_ROLES
from .episode_progress import episode_progress
from .evaluate import make_evaluate
from .geometry import geometry_sample
from .live_edit import history_undo, live_program_run
from .program import make_program_analyze, program_run
from .render import handle_render_views
from .scene_info import scene_info
from .scene_program import scene_program
from .scene_state import SceneStates
from .viewport import render_viewport


def _ping(params):
    return {"time": time.time()}


def _refused(name, role):
    roles = " or ".join(METHOD_ROLES[name])
    def refuse(params):
        raise RpcError(errors.WRONG_ROLE, "%s needs a %s Blender; this one is a %s" % (name, roles, role))
    return refuse


def _live_snapshot_dir():
    # Live snapshots outlive the session: after a restore the artist's open file *is* the
    # snapshot, so it must not sit in a folder deleted when Blender exits.
    return bpy.utils.user_resource("DATAFILES", path="blender_agent/snapshots", create=True)


def build_methods(role):
    """Every method of the protocol, answered by its handler where ``role`` serves it
    (METHOD_ROLES, generated from protocol/src) and refused with WrongRole elsewhere."""
    states = SceneStates(_live_snapshot_dir() if role == "live" else None)
    handlers = {
        "session.ping": _ping,
        "scene.info": scene_info,
        "scene.program": scene_program,
        "scene.load": states.load,
        "scene.snapshot": states.snapshot,
        "scene.restore": states.restore,
        # In the artist's scene a run is one undo step, rolled back on failure.
        "program.run": live_program_run if role == "live" else program_run,
        "program.analyze": make_program_analyze(states if role == "worker" else None),
        "render.views": handle_render_views,
        "render.viewport": render_viewport,
        "geometry.sample": geometry_sample,
        "worker.evaluate": make_evaluate(states),
        "history.undo": history_undo,
        "episode.progress": episode_progress,
        "edit.ask": edit_requests.ask,
        "edit.withdrawn": edit_requests.withdrawn,
    }
    return {name: handler if role in METHOD_ROLES[name] else _refused(name, role) for name, handler in handlers.items()}
