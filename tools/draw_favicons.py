"""Draws each theme's `static/favicon.ico`: a notice sheet with three lines of text on the
theme's header colour (a plan posted for the public), at 16, 32 and 48 pixels.

Standard library only, so anyone can re-make the same bytes. Run from the repository root:

    python3 tools/draw_favicons.py
"""

import struct
import zlib
from pathlib import Path

# (theme, background = the theme's --band, sheet, lines): the colours of the theme's CSS.
THEMES = [
    ("default", (0x8B, 0x1A, 0x1A), (0xFF, 0xFF, 0xFF), (0x8B, 0x1A, 0x1A)),
    ("congthongtin", (0xA5, 0x0F, 0x15), (0xFF, 0xCD, 0x00), (0xA5, 0x0F, 0x15)),
]
SIZES = [16, 32, 48]
SUPER = 8  # samples per pixel side, for smooth edges


def shape(x, y, band, sheet, lines):
    """The colour at (x, y) in a unit square, or None outside the rounded square."""
    r = 0.18
    cx, cy = min(max(x, r), 1 - r), min(max(y, r), 1 - r)
    if (x - cx) ** 2 + (y - cy) ** 2 > r * r:
        return None
    if 0.24 <= x <= 0.76 and 0.16 <= y <= 0.84:
        for top in (0.30, 0.46, 0.62):
            right = 0.66 if top < 0.6 else 0.54
            if 0.34 <= x <= right and top <= y <= top + 0.08:
                return lines
        return sheet
    return band


def pixels(size, band, sheet, lines):
    """RGBA rows, each pixel the average of SUPER x SUPER samples."""
    rows = []
    for py in range(size):
        row = bytearray()
        for px in range(size):
            acc = [0, 0, 0, 0]
            for sy in range(SUPER):
                for sx in range(SUPER):
                    c = shape((px + (sx + 0.5) / SUPER) / size, (py + (sy + 0.5) / SUPER) / size, band, sheet, lines)
                    if c:
                        acc[0] += c[0]
                        acc[1] += c[1]
                        acc[2] += c[2]
                        acc[3] += 255
            n = SUPER * SUPER
            covered = acc[3] // 255
            if covered:
                row += bytes([acc[0] // covered, acc[1] // covered, acc[2] // covered, acc[3] // n])
            else:
                row += bytes(4)
        rows.append(bytes(row))
    return rows


def png(size, rows):
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    raw = b"".join(b"\0" + r for r in rows)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw, 9))
        + chunk(b"IEND", b"")
    )


def ico(images):
    """An ICO file holding PNG images (Windows Vista and every browser read them)."""
    head = struct.pack("<HHH", 0, 1, len(images))
    offset = len(head) + 16 * len(images)
    entries, data = b"", b""
    for size, blob in images:
        entries += struct.pack("<BBBBHHII", size % 256, size % 256, 0, 0, 1, 32, len(blob), offset + len(data))
        data += blob
    return head + entries + data


def main():
    for theme, band, sheet, lines in THEMES:
        images = [(s, png(s, pixels(s, band, sheet, lines))) for s in SIZES]
        out = Path("themes") / theme / "static" / "favicon.ico"
        out.write_bytes(ico(images))
        print(f"{out}: {out.stat().st_size} bytes")


if __name__ == "__main__":
    main()
