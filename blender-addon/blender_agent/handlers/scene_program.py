"""``scene.program``: an editable program for part of the open scene (see scene_program/)."""

import bpy

from .. import errors
from ..errors import RpcError
from ..scene_program import SCOPES
from ..scene_program import scene_program as write_program


def scene_program(params):
    scope = params.get("scope", "selected")
    if scope not in SCOPES:
        raise RpcError(errors.INVALID_PARAMS, "Invalid params: scope must be one of %s" % ", ".join(SCOPES))
    name = params.get("name")
    names = params.get("objects")
    if (scope == "objects") != (names is not None):
        raise RpcError(errors.INVALID_PARAMS, "Invalid params: objects is required for the objects scope, and only for it")
    program, parameters, objects = write_program(bpy.context.scene, scope, name, names)
    text_name = params.get("text")
    if text_name:
        # Shown in a Text Editor, so the artist can read and edit what the agent will edit.
        text = bpy.data.texts.get(text_name) or bpy.data.texts.new(text_name)
        text.from_string(program)
        text_name = text.name
    return {"program": program, "parameters": parameters, "objects": objects, "text": text_name or None}
