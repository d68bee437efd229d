"""JSON-RPC handlers: the only code that touches ``bpy`` on behalf of the sidecar.

``build_methods(role)`` returns the method table for one Blender. Every handler runs
on Blender's main thread (the connection's ``pump`` is called there).
"""

import time

import bpy

from ..transport import errors
from ..transport.errors import RpcError
from .evaluate import make_evaluate
from .geometry import geometry_sample
from .live_edit import history_undo, live_program_run
from .program import program_analyze, program_run
from .render import handle_render_views
from .scene_info import scene_info
from .scene_state import SceneStates
from .viewport import render_viewport


def _ping(params):
    return {"time": time.time()}


def _only(role_needed, role):
    def refuse(params):
        raise RpcError(errors.WRONG_ROLE, "this method needs a %s Blender; this one is a %s" % (role_needed, role))
    return refuse


def _live_snapshot_dir():
    # Live snapshots outlive the session: after a restore the artist's open file *is* the
    # snapshot, so it must not sit in a folder deleted when Blender exits.
    return bpy.utils.user_resource("DATAFILES", path="blender_agent/snapshots", create=True)


def build_methods(role):
    states = SceneStates(_live_snapshot_dir() if role == "live" else None)
    methods = {
        "session.ping": _ping,
        "scene.info": scene_info,
        "scene.snapshot": states.snapshot,
        "scene.restore": states.restore,
        "program.run": program_run,
        "program.analyze": program_analyze,
        "render.views": handle_render_views,
        "geometry.sample": geometry_sample,
    }
    worker_only = {"scene.load": states.load, "worker.evaluate": make_evaluate(states)}
    live_only = {"render.viewport": render_viewport, "history.undo": history_undo}
    if role == "live":
        methods["program.run"] = live_program_run  # one undo step per run, rolled back on failure
    for name, handler in worker_only.items():
        methods[name] = handler if role == "worker" else _only("worker", role)
    for name, handler in live_only.items():
        methods[name] = handler if role == "live" else _only("live", role)
    return methods
