"""Staff photos for the demo (R-DISC-6, R-ZONE-2): symmetric identicon PNGs in pure Python.

No Pillow, no network: the PNG is written by hand with zlib and struct (8-bit RGB,
no interlace). The picture is a 5x5 mirror-symmetric pattern in a saturated colour on
a pale background of the same hue, so every employee gets a distinct, stable image.
"""

from __future__ import annotations

import colorsys
import hashlib
import struct
import zlib

SIZE = 64
GRID = 5
MARGIN = 7  # pixels around the 5x5 pattern: (64 - 2*7) / 5 = 10 px per block


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def png_rgb(width: int, height: int, rows: list[bytes]) -> bytes:
    """Encode raw RGB rows (3 bytes per pixel) as a PNG file."""
    if len(rows) != height or any(len(r) != 3 * width for r in rows):
        raise ValueError("rows do not match the image size")
    raw = b"".join(b"\x00" + r for r in rows)  # filter type 0 (None) on every row
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", zlib.compress(raw, 9)) + _chunk(b"IEND", b"")


def _rgb(h: float, lightness: float, saturation: float) -> bytes:
    r, g, b = colorsys.hls_to_rgb(h, lightness, saturation)
    return bytes((round(r * 255), round(g * 255), round(b * 255)))


def identicon(key: str, size: int = SIZE) -> bytes:
    """A deterministic identicon PNG for `key` (e.g. a work number)."""
    digest = hashlib.sha256(key.encode("utf-8")).digest()
    hue = digest[0] / 255
    fg = _rgb(hue, 0.42, 0.65)
    bg = _rgb(hue, 0.92, 0.45)
    half = (GRID + 1) // 2
    bits = int.from_bytes(digest[1:5], "big")
    cells = [[False] * GRID for _ in range(GRID)]
    for y in range(GRID):
        for x in range(half):
            on = bool(bits >> (y * half + x) & 1)
            cells[y][x] = cells[y][GRID - 1 - x] = on
    block = (size - 2 * MARGIN) // GRID
    offset = (size - block * GRID) // 2
    rows = []
    for py in range(size):
        gy = (py - offset) // block
        row = bytearray()
        for px in range(size):
            gx = (px - offset) // block
            inside = 0 <= gx < GRID and 0 <= gy < GRID and py >= offset and px >= offset
            row += fg if inside and cells[gy][gx] else bg
        rows.append(bytes(row))
    return png_rgb(size, size, rows)
