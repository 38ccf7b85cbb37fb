#!/usr/bin/env python3
"""Reads the numbers panel back off a picture of the app and compares it, digit by digit,
with what the app says it drew in that very frame: the `Numbers` text chunk of the PNG (the
picture export and screenshot mode write it), which lists the text and the pixel rect of
every number.

Each number is cropped, turned into dark-on-light grey, enlarged and read by tesseract
(a single text line, digits and / . ( ) - only). A number passes when one of a few
preprocessings reads exactly the expected text (spaces ignored); OCR can misread clean
text, but it cannot invent the one missing digit, so trying again only removes false
alarms. A number that no reading matches fails, with every reading printed.

usage: panel_check.py SHOT.png [OUT_DIR]
  the chunk: {"pixels_per_point": 1.0, "numbers": [{"key", "text", "rect": [l, t, r, b]}]}
  OUT_DIR: where the crops of failed numbers are kept (default: not kept)
Needs python3 and tesseract (apt-get install tesseract-ocr).
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import zlib

from png_check import chunks, decode

WHITELIST = "0123456789./()-"
# Readings tried in turn: (scale, horizontal and vertical margin in source pixels, tesseract
# page mode: 7 a text line, 8 a word). Vertical margins stay small: grid rows are 2 px apart.
VARIANTS = [(4, 3, 1, 7), (3, 2, 1, 7), (5, 5, 2, 7), (4, 3, 1, 8)]


def numbers_chunk(path):
    """The JSON in the PNG's `Numbers` iTXt chunk, or None."""
    for kind, chunk in chunks(path):
        if kind == b"iTXt" and chunk.startswith(b"Numbers\0"):
            rest = chunk[len(b"Numbers\0"):]
            compressed = rest[0]
            # compression method, language tag, translated keyword, then the text
            rest = rest[2:]
            rest = rest[rest.index(b"\0") + 1:]
            rest = rest[rest.index(b"\0") + 1:]
            return json.loads(zlib.decompress(rest) if compressed else rest)
    return None


def crop_grey(rows, bpp, width, height, rect, h_margin, v_margin):
    """The rect as ink intensity 0..255 (brightest channel: text is light on a dark panel), or
    None if it lies outside the picture."""
    left = max(0, int(rect[0]) - h_margin)
    top = max(0, int(rect[1]) - v_margin)
    right = min(width, int(rect[2] + 0.999) + h_margin)
    bottom = min(height, int(rect[3] + 0.999) + v_margin)
    if right - left < 2 or bottom - top < 2:
        return None
    out = []
    for y in range(top, bottom):
        row = rows[y]
        out.append([max(row[x * bpp], row[x * bpp + 1], row[x * bpp + 2]) for x in range(left, right)])
    return out


def to_pgm(grey, scale, path):
    """Writes the crop enlarged (bilinear), inverted to dark-on-white and contrast-stretched,
    with a white border, as a binary PGM tesseract reads."""
    h, w = len(grey), len(grey[0])
    lo = min(min(r) for r in grey)
    hi = max(max(r) for r in grey)
    span = max(1, hi - lo)
    big_w, big_h, border = w * scale, h * scale, 12 * scale
    pixels = bytearray([255]) * ((big_w + 2 * border) * (big_h + 2 * border))
    stride = big_w + 2 * border
    for by in range(big_h):
        sy = min(max((by + 0.5) / scale - 0.5, 0.0), h - 1.0)
        y0 = int(sy)
        y1 = min(y0 + 1, h - 1)
        fy = sy - y0
        r0, r1 = grey[y0], grey[y1]
        base = (by + border) * stride + border
        for bx in range(big_w):
            sx = min(max((bx + 0.5) / scale - 0.5, 0.0), w - 1.0)
            x0 = int(sx)
            x1 = min(x0 + 1, w - 1)
            fx = sx - x0
            v = (r0[x0] * (1 - fx) + r0[x1] * fx) * (1 - fy) + (r1[x0] * (1 - fx) + r1[x1] * fx) * fy
            pixels[base + bx] = 255 - int(255 * (v - lo) / span)
    with open(path, "wb") as f:
        f.write(b"P5\n%d %d\n255\n" % (stride, big_h + 2 * border))
        f.write(pixels)


def read(paths, psm):
    """Tesseract's reading of each image, in one process. A failing tesseract stops the check
    (it must not pass for a misdrawn digit)."""
    listing = paths[0] + ".list"
    with open(listing, "w") as f:
        f.write("\n".join(paths) + "\n")
    result = subprocess.run(
        ["tesseract", listing, "stdout", "--psm", str(psm), "--dpi", "300",
         "-c", f"tessedit_char_whitelist={WHITELIST}"],
        capture_output=True, text=True, check=False)
    # One page per image, separated by form feeds (the last may or may not end with one).
    pages = result.stdout.split("\f")
    if pages and not pages[-1].strip() and len(pages) == len(paths) + 1:
        pages.pop()
    if result.returncode != 0 or len(pages) != len(paths):
        raise SystemExit(f"tesseract failed on {len(paths)} images (exit {result.returncode}): {result.stderr.strip()}")
    return ["".join(page.split()) for page in pages]


def main():
    if len(sys.argv) < 2:
        raise SystemExit(__doc__)
    if shutil.which("tesseract") is None:
        if os.environ.get("CI") == "true":
            raise SystemExit("tesseract is missing (CI must install it: see .ci/run)")
        print("skipped: tesseract not installed (apt-get install tesseract-ocr)")
        return
    shot = sys.argv[1]
    keep = sys.argv[2] if len(sys.argv) > 2 else None
    readout = numbers_chunk(shot)
    if readout is None:
        raise SystemExit(f"{shot}: no Numbers chunk (not a picture saved by Counterpulse?)")
    numbers = readout["numbers"]
    if not numbers:
        raise SystemExit(f"{shot}: the picture shows no numbers panel")
    bottom = max(n["rect"][3] for n in numbers)
    width, height, bpp, rows = decode(shot, max_rows=int(bottom) + 8)
    expected = ["".join(n["text"].split()) for n in numbers]
    readings = [[] for _ in numbers]
    pending = list(range(len(numbers)))
    kept = []
    with tempfile.TemporaryDirectory() as tmp:
        for scale, h_margin, v_margin, psm in VARIANTS:
            paths, read_now = [], []
            for i in pending:
                grey = crop_grey(rows, bpp, width, height, numbers[i]["rect"], h_margin, v_margin)
                if grey is None:
                    readings[i].append("(outside the picture)")
                    continue
                paths.append(os.path.join(tmp, f"{i}.pgm"))
                to_pgm(grey, scale, paths[-1])
                read_now.append(i)
            if paths:
                for i, text in zip(read_now, read(paths, psm)):
                    readings[i].append(text)
            pending = [i for i in pending if readings[i][-1] != expected[i]]
            if not pending:
                break
        if keep:
            os.makedirs(keep, exist_ok=True)
            name = os.path.splitext(os.path.basename(shot))[0]
            for i in pending:
                crop = os.path.join(tmp, f"{i}.pgm")
                if os.path.exists(crop):
                    kept.append(shutil.copy(crop, os.path.join(keep, f"{name}-{numbers[i]['key']}.pgm")))
    print(f"{shot}: {len(numbers) - len(pending)} of {len(numbers)} numbers read back as drawn")
    for i in pending:
        print(f"  - {numbers[i]['key']}: drawn as {readings[i]} where the model says '{numbers[i]['text']}'")
    if kept:
        print(f"  crops of the failed numbers: {', '.join(kept)}")
    if pending:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
