"""UPPER_CASE parameter names from Blender names, unique within one program."""

import re
import unicodedata

_NON_WORD = re.compile(r"[^A-Za-z0-9]+")


def upper_identifier(*parts):
    """'Chair.001', 'Base Color' -> 'CHAIR_001_BASE_COLOR'; accents dropped, other letters spelled out."""
    words = []
    for part in parts:
        text = unicodedata.normalize("NFKD", str(part))
        ascii_text = text.encode("ascii", "ignore").decode("ascii")
        if not ascii_text.strip() and text.strip():
            # A name with no Latin letters at all (e.g. "立方体"): its code points keep it unique.
            ascii_text = "_".join("U%X" % ord(c) for c in text if not c.isspace())
        word = _NON_WORD.sub("_", ascii_text).strip("_").upper()
        if word:
            words.append(word)
    name = "_".join(words) or "VALUE"
    return "_" + name if name[0].isdigit() else name


class Names:
    """Hands out identifiers; a second 'CUBE_LOCATION' becomes 'CUBE_LOCATION_2'."""

    def __init__(self, reserved=()):
        self._taken = set(reserved)

    def take(self, *parts):
        base = upper_identifier(*parts)
        name, n = base, 1
        while name in self._taken:
            n += 1
            name = "%s_%d" % (base, n)
        self._taken.add(name)
        return name
