"""The ribbon and manifest icons (16, 32 and 80 px PNG), drawn in code so no binary is committed.

A white check mark on the templates' header blue: what the button does, in the colours the
user sees in the workbook.
"""

from __future__ import annotations

import struct
import zlib
from functools import cache

BLUE = (0x1F, 0x4E, 0x78)
WHITE = (0xFF, 0xFF, 0xFF)
# The check mark as two strokes in unit coordinates (x right, y down).
STROKES = (((0.22, 0.52), (0.42, 0.72)), ((0.42, 0.72), (0.78, 0.30)))


@cache
def icon_png(size: int) -> bytes:
    """A square RGBA PNG of ``size`` pixels."""
    rows = []
    radius = 0.18 * size  # rounded corners
    width = 0.11
    for y in range(size):
        row = bytearray([0])  # filter type 0 for every scan line
        for x in range(size):
            inside = _inside_rounded_square(x + 0.5, y + 0.5, size, radius)
            on_mark = any(_distance((x + 0.5) / size, (y + 0.5) / size, a, b) < width / 2 for a, b in STROKES)
            colour = WHITE if on_mark else BLUE
            row += bytes(colour) + bytes([255 if inside else 0])
        rows.append(bytes(row))
    raw = zlib.compress(b"".join(rows), 9)
    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)  # 8-bit RGBA
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", raw) + _chunk(b"IEND", b"")


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def _inside_rounded_square(x: float, y: float, size: int, radius: float) -> bool:
    cx = min(max(x, radius), size - radius)
    cy = min(max(y, radius), size - radius)
    return (x - cx) ** 2 + (y - cy) ** 2 <= radius ** 2


def _distance(x: float, y: float, a: tuple[float, float], b: tuple[float, float]) -> float:
    """Distance from (x, y) to the segment a-b."""
    (ax, ay), (bx, by) = a, b
    dx, dy = bx - ax, by - ay
    t = max(0.0, min(1.0, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)))
    return ((x - ax - t * dx) ** 2 + (y - ay - t * dy) ** 2) ** 0.5
