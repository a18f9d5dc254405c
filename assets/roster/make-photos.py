#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# make-photos.py — draws the sample roster's placeholder portraits (assets/roster/photos/*.png):
# a plain grey silhouette — head and shoulders — on a pale background of its own colour, 240 x 300,
# clearly not a photograph of anyone. Python's standard library only (zlib for the PNG). Run it
# from anywhere; it rewrites the files beside it, byte for byte the same each time.
import os
import struct
import zlib

W, H, SS = 240, 300, 3  # size, and supersampling per axis for smooth edges

# officer code -> background (pale) colour; the silhouette is the same for all.
PHOTOS = {
    "cb001": (0xD6, 0xE4, 0xF0),
    "cb002": (0xF3, 0xDE, 0xD2),
    "cb003": (0xDD, 0xEE, 0xD8),
    "cb005": (0xE9, 0xDD, 0xF0),
    "cb008": (0xF2, 0xEC, 0xCF),
}
FIGURE = (0x5B, 0x67, 0x75)
COLLAR = (0xEE, 0xF1, 0xF4)


def inside(x, y):
    """What covers (x, y): 0 background, 1 figure, 2 the shirt's collar."""
    # Head: an ellipse.
    if ((x - 120) / 46.0) ** 2 + ((y - 112) / 56.0) ** 2 <= 1:
        return 1
    # Neck.
    if 102 <= x <= 138 and 150 <= y <= 200:
        return 1
    # Shoulders: the top half of a wide ellipse, down to the bottom edge.
    if y >= 190 and ((x - 120) / 112.0) ** 2 + ((y - 300) / 110.0) ** 2 <= 1:
        # A V-shaped collar below the neck.
        if 198 <= y <= 246 and abs(x - 120) <= (246 - y) * 0.42:
            return 2
        return 1
    return 0


def pixels(bg):
    rows = []
    for py in range(H):
        row = bytearray([0])  # filter: none
        for px in range(W):
            acc = [0, 0, 0]
            for sy in range(SS):
                for sx in range(SS):
                    what = inside(px + (sx + 0.5) / SS, py + (sy + 0.5) / SS)
                    c = (bg, FIGURE, COLLAR)[what]
                    for i in range(3):
                        acc[i] += c[i]
            row += bytes(a // (SS * SS) for a in acc)
        rows.append(bytes(row))
    return b"".join(rows)


def chunk(kind, data):
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)


def png(bg):
    ihdr = struct.pack(">IIBBBBB", W, H, 8, 2, 0, 0, 0)  # 8-bit RGB
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(pixels(bg), 9)) +
            chunk(b"IEND", b""))


def main():
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "photos")
    os.makedirs(out, exist_ok=True)
    for code, bg in PHOTOS.items():
        with open(os.path.join(out, code + ".png"), "wb") as f:
            f.write(png(bg))


if __name__ == "__main__":
    main()
