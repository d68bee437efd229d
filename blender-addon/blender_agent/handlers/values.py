"""Turn Blender property values into JSON."""

import math


def to_json(value):
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    name = getattr(value, "name", None)
    if isinstance(name, str) and hasattr(value, "bl_rna"):
        return name  # a data-block reference (object, material, image...)
    try:
        return [to_json(v) for v in value]
    except TypeError:
        return str(value)


def vec(values):
    return [float(v) for v in values]


def matrix_rows(matrix):
    return [float(x) for row in matrix for x in row]
