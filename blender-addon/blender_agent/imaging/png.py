"""A minimal PNG encoder (8-bit RGBA, no filtering) on ``zlib``: the standard library has none."""

import struct
import zlib


def _chunk(kind, data):
    body = kind + data
    return struct.pack("!I", len(data)) + body + struct.pack("!I", zlib.crc32(body) & 0xFFFFFFFF)


def encode_rgba(width, height, rgba, flip_vertically=False, compression=6):
    """PNG bytes of ``width``×``height`` RGBA pixels given row by row (top row first,
    or bottom row first when ``flip_vertically``, as OpenGL reads them)."""
    stride = width * 4
    if len(rgba) != stride * height:
        raise ValueError("expected %d bytes of RGBA, got %d" % (stride * height, len(rgba)))
    rows = range(height - 1, -1, -1) if flip_vertically else range(height)
    raw = b"".join(b"\x00" + bytes(rgba[y * stride:(y + 1) * stride]) for y in rows)
    header = struct.pack("!IIBBBBB", width, height, 8, 6, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", zlib.compress(raw, compression))
            + _chunk(b"IEND", b""))
