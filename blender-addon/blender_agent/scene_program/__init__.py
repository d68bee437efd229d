"""Scene → program: an editable Python program for part of the open scene.

The program reads like a task program (UPPER_CASE parameters near the top, then the
statements that set them), so the agent and the artist edit it the same way. Running
it unchanged on the scene it came from changes nothing.
"""

import bpy

from .. import errors
from ..errors import RpcError
from . import datablocks
from .program import Program

SCOPES = ("selected", "collection", "scene", "text", "objects")


def objects_in_scope(scene, scope, name=None, names=None):
    """The objects a scope covers, by name order (a text scope covers none)."""
    if scope == "objects":
        missing = [n for n in names or () if n not in scene.objects]
        if missing:
            raise RpcError(errors.NOT_FOUND, "no object named %s in the scene" % ", ".join(repr(n) for n in missing))
        objects = [scene.objects[n] for n in names]
    elif scope == "selected":
        objects = [o for o in scene.objects if o.select_get()]
    elif scope == "collection":
        collection = bpy.data.collections.get(name or "")
        if collection is None:
            raise RpcError(errors.NOT_FOUND, "no collection named %r" % name)
        objects = list(collection.all_objects)
    elif scope == "scene":
        objects = list(scene.objects)
    else:
        objects = []
    return sorted(objects, key=lambda o: o.name)


def _describe(scope, name, objects):
    if scope == "collection":
        return "the collection %r" % name
    if scope == "scene":
        return "the whole scene"
    if scope == "objects":
        return "the objects %s" % ", ".join(o.name for o in objects[:6]) + (", ..." if len(objects) > 6 else "")
    listed = ", ".join(o.name for o in objects[:6]) + (", ..." if len(objects) > 6 else "")
    return "the selected objects (%s)" % listed


def scene_program(scene, scope="selected", name=None, names=None):
    """(program text, parameter count, object names) for ``scope`` of ``scene``."""
    if scope == "text":
        text = bpy.data.texts.get(name or "")
        if text is None:
            raise RpcError(errors.NOT_FOUND, "no text named %r" % name)
        return text.as_string(), None, []
    objects = objects_in_scope(scene, scope, name, names)
    if not objects:
        raise RpcError(errors.NOT_FOUND, "nothing to write a program for: %s has no objects"
                       % ("the selection" if scope == "selected" else _describe(scope, name, objects)))
    program = Program()
    for obj in objects:
        datablocks.object_transform(program, obj)
    materials = sorted({slot.material for o in objects for slot in o.material_slots if slot.material},
                       key=lambda m: m.name)
    for mat in materials:
        datablocks.material(program, mat)
    if scope == "scene" and scene.world is not None:
        datablocks.world(program, scene.world)
    header = [
        "Scene %r, %s." % (scene.name, _describe(scope, name, objects)),
        "Written by Blender Agent from the open scene. Change the UPPER_CASE values;",
        "running the program sets them, and running it unchanged changes nothing.",
    ]
    return program.text(header), program.parameter_count, [o.name for o in objects]
