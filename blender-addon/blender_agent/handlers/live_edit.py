"""Edits in the artist's open scene: each program run is one undo step.

A program that raises part-way, or runs past its deadline and is stopped, is rolled back
(its partial changes are pushed as a step and undone at once), so a failed edit leaves
the scene as it was. A syntax error never runs, so there is nothing to roll back.
"""

import bpy

from .. import errors
from ..errors import RpcError
from .program import program_run


def live_program_run(params):
    label = params.get("label") or "Agent edit"
    try:
        result = program_run(params)
    except RpcError as exc:
        if exc.code in (errors.PROGRAM_RAISED, errors.TIMEOUT):
            bpy.ops.ed.undo_push(message="%s (failed, rolled back)" % label)
            bpy.ops.ed.undo()
        raise
    bpy.ops.ed.undo_push(message=label)
    return result


def history_undo(params):
    steps = int(params.get("steps", 1))
    done = 0
    for _ in range(steps):
        if not bpy.ops.ed.undo.poll():
            break
        bpy.ops.ed.undo()
        done += 1
    return {"undone": done}
