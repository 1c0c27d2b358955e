#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes the small image fixtures in Tests/Fixtures with writers Interphase did not write:
PNG through Python's zlib (by the PNG specification), TIFF through tifffile (PyPI).
Every pixel value follows a formula the Swift tests recompute, so the truth is known by construction.
Run: pip install tifffile numpy && python3 scripts/make_test_fixtures.py"""
import struct, zlib, os
import numpy as np
import tifffile

out = os.path.join(os.path.dirname(__file__), "..", "Tests", "Fixtures")
os.makedirs(out, exist_ok=True)
W, H = 37, 23
y, x = np.mgrid[0:H, 0:W]
gray16 = ((x * 4099 + y * 257) % 65536).astype(np.uint16)
gray8 = ((x * 7 + y * 11) % 256).astype(np.uint8)

def png(path, arr, color_type, bit_depth):
    def chunk(t, d):
        return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xFFFFFFFF)
    h, w = arr.shape[:2]
    raw = b"".join(b"\x00" + arr[r].astype(">u2" if bit_depth == 16 else "u1").tobytes() for r in range(h))
    ihdr = struct.pack(">IIBBBBB", w, h, bit_depth, color_type, 0, 0, 0)
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))

png(os.path.join(out, "gray16.png"), gray16, 0, 16)
rgb = np.stack([gray8, 255 - gray8, (x * 3).astype(np.uint8)], axis=-1)
png(os.path.join(out, "rgb8.png"), rgb, 2, 8)

T = lambda n: os.path.join(out, n)
tifffile.imwrite(T("be_uint16.tif"), gray16, byteorder=">")
tifffile.imwrite(T("whiteiszero_uint8.tif"), gray8, photometric="miniswhite")
tifffile.imwrite(T("float32_deflate.tif"), (gray16.astype(np.float32) / 65535 - 0.25), compression="zlib")
tifffile.imwrite(T("int16.tif"), (gray16.astype(np.int32) - 32768).astype(np.int16))
tifffile.imwrite(T("uint32.tif"), (gray16.astype(np.uint32) * 65537))
tifffile.imwrite(T("tiled_uint8.tif"), np.tile(gray8, (3, 2)), tile=(16, 16))
tifffile.imwrite(T("planar_rgb.tif"), np.moveaxis(rgb, -1, 0), photometric="rgb", planarconfig="separate")
with tifffile.TiffWriter(T("multipage_uint8.tif")) as tw:
    for k in range(3):
        tw.write(((gray8.astype(np.int32) + 50 * k) % 256).astype(np.uint8), photometric="minisblack")
cmap = np.zeros((3, 256), dtype=np.uint16)
i = np.arange(256)
cmap[0] = i * 257; cmap[1] = (255 - i) * 257; cmap[2] = ((i * 3) % 256) * 257
tifffile.imwrite(T("palette_rgb.tif"), gray8, photometric="palette", colormap=cmap)
tifffile.imwrite(T("bilevel.tif"), (gray8 > 127), photometric="minisblack")

# JPEG and BMP micrographs (Pillow): the 256 × 256 at x 256, y 96 of the bundled DiameterJ image
# (separate fibres over a dark gap, where the diameters are measured at about 50 samples), and a
# 64 × 64 colour image from it with R = g, G = 255 - g, B = floor(g / 2).
from PIL import Image
here = os.path.dirname(os.path.abspath(__file__))
crop = Image.open(os.path.join(here, "..", "Images", "nanofiber_diameterj.tif")).crop((256, 96, 512, 352))
crop.save(T("nanofiber_crop_q95.jpg"), quality=95)
crop.convert("P").save(T("nanofiber_crop_palette8.bmp"))
g = np.asarray(crop).astype(np.float64)[:64, :64]
colour = Image.fromarray(np.stack([g, 255 - g, np.floor(g / 2)], axis=-1).astype(np.uint8), "RGB")
colour.save(T("rgb24_64.bmp"))
colour.save(T("rgb_64_q100.jpg"), quality=100, subsampling=0)
print("wrote fixtures to", os.path.abspath(out))
