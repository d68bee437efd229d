"""Python literals for Blender values: as short as they can be and still set the same value.

Blender keeps most numbers as 32-bit floats, so 0.1 comes back as 0.10000000149011612. A
program an artist and a model read should say 0.1: each float is written with the fewest
digits that give back the very same stored value (through the statement's own
conversion, e.g. degrees to radians), so running the program unchanged changes nothing.
"""

import math
import struct


def float32(x):
    return struct.unpack("<f", struct.pack("<f", x))[0]


def shortest(value, to_stored=None, single=True):
    """The shortest decimal for ``value``, shown as ``to_stored``'s inverse would show it.

    ``value`` is what is written; ``to_stored`` turns the written number into what the
    program assigns (default: itself); ``single``: Blender stores it as a 32-bit float.
    """
    value = float(value)
    if not math.isfinite(value):
        return "float(%r)" % str(value)
    target = to_stored(value) if to_stored else value
    if single:
        target = float32(target)
    for digits in range(1, 18):
        text = "%.*g" % (digits, value)
        back = float(text)
        back = to_stored(back) if to_stored else back
        if (float32(back) if single else back) == target:
            return _tidy(text)
    return repr(value)


def _tidy(text):
    """'1e+01' -> '10.0', '0.5' stays, '2' -> '2.0': a float reads as a float."""
    number = float(text)
    if "e" in text and 1e-4 <= abs(number) < 1e16:
        text = repr(number)
    if "e" not in text and "." not in text and "inf" not in text and "nan" not in text:
        text += ".0"
    return text


def literal(value, single=True):
    """A Python literal for a bool, int, float, str or a sequence of them; None if not such a value."""
    if isinstance(value, bool):
        return repr(value)
    if isinstance(value, int):
        return repr(value)
    if isinstance(value, float):
        return shortest(value, single=single)
    if isinstance(value, str):
        return repr(value)
    try:
        items = [literal(v, single) for v in value]
    except TypeError:
        return None
    if not items or any(i is None for i in items):
        return None
    return "(%s)" % ", ".join(items) if len(items) > 1 else "(%s,)" % items[0]


def degrees_literal(radians_values):
    """Euler angles stored in radians, written in degrees (the statement converts back)."""
    return "(%s)" % ", ".join(shortest(math.degrees(float32(v)), math.radians) for v in radians_values)
