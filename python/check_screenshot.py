#!/usr/bin/env python3
"""Checks that browser screenshots (PNG) are not blank: decodes each PNG with zlib and
struct (no imaging library), then requires enough distinct colours and enough pixel
variance. Usage: check_screenshot.py FILE.png [...]; exits 1 naming the first blank file."""
import struct
import sys
import zlib

import numpy as np

MIN_COLOURS = 16
MIN_STD = 8.0


def read_png(path):
    """The image as a uint8 array [height, width, channels] (8-bit greyscale/RGB/RGBA)."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError(f"{path}: not a PNG file")
    offset, chunks, header = 8, [], None
    while offset < len(data):
        (length,) = struct.unpack(">I", data[offset:offset + 4])
        kind = data[offset + 4:offset + 8]
        body = data[offset + 8:offset + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            chunks.append(body)
        elif kind == b"IEND":
            break
        offset += 12 + length
    if header is None:
        raise ValueError(f"{path}: no IHDR chunk")
    width, height, depth, colour, _, _, interlace = header
    channels = {0: 1, 2: 3, 4: 2, 6: 4}.get(colour)
    if depth != 8 or channels is None or interlace != 0:
        raise ValueError(f"{path}: unsupported PNG (depth {depth}, colour type {colour}, interlace {interlace})")
    raw = np.frombuffer(zlib.decompress(b"".join(chunks)), dtype=np.uint8)
    stride = width * channels
    rows = raw.reshape(height, stride + 1)
    image = np.zeros((height, stride), dtype=np.uint8)
    previous = np.zeros(stride, dtype=np.int32)
    for y in range(height):
        kind, line = rows[y, 0], rows[y, 1:].astype(np.int32)
        if kind == 0:
            out = line
        elif kind == 2:  # Up
            out = (line + previous) & 0xFF
        elif kind == 1:  # Sub: a running sum per channel
            out = np.cumsum(line.reshape(width, channels), axis=0).reshape(-1) & 0xFF
        else:  # Average (3) and Paeth (4) depend on the decoded left neighbour: per byte
            out = np.zeros(stride, dtype=np.int32)
            for i in range(stride):
                a = out[i - channels] if i >= channels else 0
                b = previous[i]
                if kind == 3:
                    out[i] = (line[i] + ((a + b) >> 1)) & 0xFF
                else:
                    c = previous[i - channels] if i >= channels else 0
                    p = a + b - c
                    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                    predictor = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                    out[i] = (line[i] + predictor) & 0xFF
        image[y] = out
        previous = out
    return image.reshape(height, width, channels)


def main(paths):
    if not paths:
        print(__doc__, file=sys.stderr)
        return 2
    for path in paths:
        image = read_png(path)
        pixels = image[..., :3].reshape(-1, min(3, image.shape[2]))
        colours = len(np.unique(pixels.astype(np.uint32) @ np.array([1, 256, 65536][:pixels.shape[1]], dtype=np.uint32)))
        std = float(image[..., :3].std())
        print(f"{path}: {image.shape[1]}x{image.shape[0]}, {colours} colours, pixel std {std:.1f}")
        if colours < MIN_COLOURS or std < MIN_STD:
            print(f"{path} looks blank: {colours} colours (need {MIN_COLOURS}), pixel std {std:.1f} (need {MIN_STD})", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
