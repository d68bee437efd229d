"""``geometry.sample``: world-space vertices of evaluated meshes, for Chamfer distance."""

import base64
import sys
from array import array

import bpy

from .. import errors
from ..errors import RpcError
from ..transport.jsonrpc import require


def _points(obj, depsgraph, max_points):
    evaluated = obj.evaluated_get(depsgraph)
    mesh = evaluated.to_mesh()
    try:
        mesh.transform(evaluated.matrix_world)  # the temporary mesh is ours to change
        total = len(mesh.vertices)
        coords = array("f", [0.0]) * (total * 3)
        mesh.vertices.foreach_get("co", coords)
    finally:
        evaluated.to_mesh_clear()
    stride = max(1, -(-total // max_points))  # ceil; a fixed stride keeps the sample repeatable
    if stride > 1:
        kept = array("f")
        for i in range(0, total, stride):
            kept.extend(coords[3 * i:3 * i + 3])
        coords = kept
    if sys.byteorder != "little":
        coords.byteswap()
    return total, len(coords) // 3, base64.b64encode(coords.tobytes()).decode("ascii")


def geometry_sample(params):
    names = require(params, "objects", list)
    if not names:
        raise RpcError(errors.INVALID_PARAMS, "Invalid params: 'objects' must name at least one object")
    max_points = int(params.get("maxPoints", 50000))
    depsgraph = bpy.context.evaluated_depsgraph_get()
    result = []
    for name in names:
        obj = bpy.context.scene.objects.get(name)
        if obj is None:
            raise RpcError(errors.NOT_FOUND, "no object named %r in the scene" % name)
        if obj.type not in ("MESH", "CURVE", "SURFACE", "META", "FONT"):
            raise RpcError(errors.INVALID_PARAMS, "object %r is a %s, which has no mesh to sample" % (name, obj.type))
        total, count, points = _points(obj, depsgraph, max_points)
        result.append({"name": name, "totalVertices": total, "count": count, "points": points})
    return {"objects": result}
