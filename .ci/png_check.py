#!/usr/bin/env python3
"""Checks that a PNG screenshot is not blank: decodes it with the standard library only
(zlib + PNG filters) and requires many distinct colours and a non-uniform image.

usage: png_check.py FILE.png [MIN_WIDTH MIN_HEIGHT]
"""
import struct
import sys
import zlib


def chunks(path):
    """The PNG's chunks in order, as (kind, data) pairs."""
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise SystemExit(f"{path}: not a PNG")
    pos = 8
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        yield kind, data[pos + 8:pos + 8 + length]
        pos += 12 + length


def decode(path, max_rows=None):
    """Width, height, bytes per pixel and the first `max_rows` (default all) unfiltered rows."""
    idat, header = b"", None
    for kind, chunk in chunks(path):
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", chunk)
        elif kind == b"IDAT":
            idat += chunk
    width, height, depth, colour, _, _, interlace = header
    if depth != 8 or colour not in (2, 6) or interlace:
        raise SystemExit(f"{path}: unsupported PNG (depth {depth}, colour type {colour})")
    bpp = 3 if colour == 2 else 4
    raw = zlib.decompress(idat)
    stride = width * bpp
    rows, prev = [], bytearray(stride)
    for y in range(height if max_rows is None else min(height, max_rows)):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if f == 1:
                line[i] = (line[i] + a) & 255
            elif f == 2:
                line[i] = (line[i] + b) & 255
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pred = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                line[i] = (line[i] + pred) & 255
        rows.append(bytes(line))
        prev = line
    return width, height, bpp, rows


def main():
    path = sys.argv[1]
    min_w = int(sys.argv[2]) if len(sys.argv) > 2 else 640
    min_h = int(sys.argv[3]) if len(sys.argv) > 3 else 360
    width, height, bpp, rows = decode(path)
    colours, counts = set(), {}
    for row in rows[::4]:
        for x in range(0, width * bpp, bpp * 4):
            px = row[x:x + 3]
            colours.add(px)
            counts[px] = counts.get(px, 0) + 1
    dominant = max(counts.values()) / sum(counts.values())
    print(f"{path}: {width}x{height}, {len(colours)} colours sampled, most common covers {dominant:.0%}")
    if width < min_w or height < min_h:
        raise SystemExit(f"{path}: too small")
    if len(colours) < 50 or dominant > 0.97:
        raise SystemExit(f"{path}: looks blank")


if __name__ == "__main__":
    main()
