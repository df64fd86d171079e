#!/usr/bin/env python3
"""Remake the raster icons from companion/assets/icons/companion.svg: PNGs for the Linux icon
theme, a .ico for Windows and a .icns for macOS, next to the SVG (shipped as package data).

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/make-icons.py

The SVG is the one source; the rasters are kept in the repository so that a build needs no
renderer, and this script is how they are remade after the SVG changes. A run writes the same
bytes every time (Qt's PNG writer stores no time stamp, the containers are built here), so an
unchanged SVG leaves `git status` clean.

The containers are written by hand rather than through Qt's ico/icns writers: those store one
image per file, or BMPs, and we want every size in one file, each a PNG.
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

ICONS = Path(__file__).resolve().parents[1] / "companion" / "assets" / "icons"
SVG = ICONS / "companion.svg"

PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)  # the hicolor theme's usual sizes
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)  # 256 is the largest an ICONDIRENTRY can state
# macOS picks an entry by its type, not by the image inside: each type means one size. The
# PNG-only types (icp4…ic10) are read from OS X 10.7 on.
ICNS_TYPES = ((b"icp4", 16), (b"icp5", 32), (b"icp6", 64), (b"ic07", 128), (b"ic08", 256), (b"ic09", 512),
              (b"ic10", 1024))


def png_name(size: int) -> str:
    return f"companion-{size}.png"


def render(svg: bytes, size: int) -> bytes:
    """The SVG drawn on a transparent square of `size` pixels, as PNG bytes. Needs a QGuiApplication."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(QByteArray(svg))
    if not renderer.isValid():
        raise ValueError("the SVG cannot be read")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    # straight alpha in the file: a premultiplied image would be converted anyway, this says so
    if not image.convertToFormat(QImage.Format.Format_ARGB32).save(buffer, "PNG"):
        raise OSError(f"cannot encode the {size} px PNG")
    buffer.close()
    return data.data()


def ico(pngs: dict[int, bytes]) -> bytes:
    """An ICO container of PNG images (read by Windows Vista and later): ICONDIR, one ICONDIRENTRY
    per image, then the images. Sizes ascending; 256 is stated as 0, as the format wants."""
    sizes = sorted(pngs)
    header = struct.pack("<HHH", 0, 1, len(sizes))  # reserved, type 1 = icon, count
    offset = len(header) + 16 * len(sizes)
    entries, payloads = b"", b""
    for size in sizes:
        if not 1 <= size <= 256:
            raise ValueError(f"an ICO image is 1 to 256 px, not {size}")
        data = pngs[size]
        # width, height, palette size, reserved, colour planes, bits per pixel, byte count, offset
        entries += struct.pack("<BBBBHHII", size % 256, size % 256, 0, 0, 1, 32, len(data), offset)
        payloads += data
        offset += len(data)
    return header + entries + payloads


def icns(pngs: dict[bytes, bytes]) -> bytes:
    """An ICNS container: 'icns' and the file length, then per entry its type, its length
    (header included) and a PNG. Big-endian throughout."""
    body = b"".join(kind + struct.pack(">I", 8 + len(data)) + data for kind, data in pngs.items())
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def build(svg: bytes) -> dict[str, bytes]:
    """Every generated file's name and bytes; each size is rendered once."""
    sizes = sorted({*PNG_SIZES, *ICO_SIZES, *(size for _, size in ICNS_TYPES)})
    rendered = {size: render(svg, size) for size in sizes}
    files = {png_name(size): rendered[size] for size in PNG_SIZES}
    files["companion.ico"] = ico({size: rendered[size] for size in ICO_SIZES})
    files["companion.icns"] = icns({kind: rendered[size] for kind, size in ICNS_TYPES})
    return files


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # QSvgRenderer needs one, alive
    for name, data in build(SVG.read_bytes()).items():
        path = ICONS / name
        unchanged = path.is_file() and path.read_bytes() == data
        if not unchanged:
            path.write_bytes(data)
        print(f"{path.relative_to(ICONS.parents[2])}: {len(data)} bytes{' (unchanged)' if unchanged else ''}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
