#!/usr/bin/env python3
"""Makes the two sites of BENCHMARKS.md "Peak memory: album images and large files".

    python3 bench/memory_sites.py DIR

DIR/album: the `minimal` test site plus an album of 8 PNGs of 11,000 x 11,000 black RGB
pixels (one pixel differs per image, so no two share a cached thumbnail), 353 KB each.
DIR/files: the same site plus 4 files of 700 MB (random bytes) in content/tin-tuc/.
Both get the repository's themes. About 2.8 GB of disk in all; delete DIR afterwards.
"""
import os
import shutil
import struct
import sys
import zlib

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SIDE = 11_000


def base_site(path):
    shutil.rmtree(path, ignore_errors=True)
    shutil.copytree(os.path.join(REPO, "tests/fixtures/minimal"), path)
    shutil.copytree(os.path.join(REPO, "themes"), os.path.join(path, "themes"))


def chunk(kind, data):
    crc = zlib.crc32(kind + data) & 0xFFFFFFFF
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)


def album(path):
    base_site(path)
    folder = os.path.join(path, "content/album")
    os.makedirs(folder)
    raw = bytearray(SIDE * (1 + 3 * SIDE))
    names = []
    for i in range(8):
        raw[1 + 3 * i] = 200
        if i:
            raw[1 + 3 * (i - 1)] = 0
        ihdr = struct.pack(">IIBBBBB", SIDE, SIDE, 8, 2, 0, 0, 0)
        png = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr)
               + chunk(b"IDAT", zlib.compress(bytes(raw), 9)) + chunk(b"IEND", b""))
        name = f"rong-{i + 1}.png"
        with open(os.path.join(folder, name), "wb") as f:
            f.write(png)
        names.append(name)
    photos = "".join(f'  - file: {n}\n    alt: "Ảnh {n}"\n' for n in names)
    with open(os.path.join(folder, "_index.md"), "w") as f:
        f.write(f'---\ntitle: "Album"\nkind: album\nphotos:\n{photos}---\n')


def files(path):
    base_site(path)
    for i in range(1, 5):
        with open(os.path.join(path, f"content/tin-tuc/ho-so-{i}.pdf"), "wb") as f:
            for _ in range(700):
                f.write(os.urandom(1024 * 1024))


if __name__ == "__main__":
    out = sys.argv[1]
    album(os.path.join(out, "album"))
    files(os.path.join(out, "files"))
