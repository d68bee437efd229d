"""Edits in the artist's open scene: each program run is one undo step.

A program that raises part-way is rolled back (its partial changes are pushed as a
step and undone at once), so a failed edit leaves the scene as it was. A syntax
error never runs, so there is nothing to roll back.
"""

import bpy

from ..transport import errors
from ..transport.errors import RpcError
from .program_exec import run_code


def live_program_run(params):
    code = params.get("code")
    if not isinstance(code, str):
        raise RpcError(errors.INVALID_PARAMS, "Invalid params: 'code' must be a string")
    label = params.get("label") or "Agent edit"
    try:
        stdout, ms = run_code(code)
    except RpcError as exc:
        if exc.code == errors.PROGRAM_RAISED:
            bpy.ops.ed.undo_push(message="%s (failed, rolled back)" % label)
            bpy.ops.ed.undo()
        raise
    bpy.ops.ed.undo_push(message=label)
    return {"ok": True, "stdout": stdout, "runMs": ms}


def history_undo(params):
    steps = int(params.get("steps", 1))
    done = 0
    for _ in range(steps):
        if not bpy.ops.ed.undo.poll():
            break
        bpy.ops.ed.undo()
        done += 1
    return {"undone": done}
