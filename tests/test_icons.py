"""The shipped raster icons: a PNG at every size, a .ico and a .icns whose containers hold what they
say, and scripts/make-icons.py, which remakes them from the SVG, writing the same bytes each run."""

from __future__ import annotations

import importlib.util
import struct
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

ROOT = Path(__file__).resolve().parents[1]
ICONS = ROOT / "companion" / "assets" / "icons"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _script():
    spec = importlib.util.spec_from_file_location("make_icons", ROOT / "scripts" / "make-icons.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


make_icons = _script()


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height from a PNG's IHDR, which the format puts first."""
    assert data[:8] == PNG_SIGNATURE and data[12:16] == b"IHDR", data[:16]
    return struct.unpack(">II", data[16:24])


def ico_images(data: bytes) -> dict[int, bytes]:
    reserved, kind, count = struct.unpack_from("<HHH", data)
    assert (reserved, kind) == (0, 1)
    images, end = {}, 6 + 16 * count
    for index in range(count):
        width, height, colours, _, planes, bits, length, offset = struct.unpack_from("<BBBBHHII", data, 6 + 16 * index)
        assert (colours, planes, bits) == (0, 1, 32)
        assert offset == end, "images follow the directory and each other, without gaps"
        end = offset + length
        images[width or 256] = data[offset:end]
        assert png_size(images[width or 256]) == (width or 256, height or 256)
    assert end == len(data)
    return images


def icns_images(data: bytes) -> dict[bytes, bytes]:
    assert data[:4] == b"icns" and struct.unpack(">I", data[4:8])[0] == len(data)
    images, at = {}, 8
    while at < len(data):
        kind, length = data[at:at + 4], struct.unpack(">I", data[at + 4:at + 8])[0]
        images[kind] = data[at + 8:at + length]
        at += length
    assert at == len(data)
    return images


@pytest.mark.parametrize("size", make_icons.PNG_SIZES)
def test_a_png_at_every_size(size):
    image = QImage(str(ICONS / f"companion-{size}.png"))
    assert (image.width(), image.height()) == (size, size)
    assert image.hasAlphaChannel() and image.pixelColor(0, 0).alpha() == 0, "the corners are transparent"


def test_the_ico_holds_a_png_at_each_windows_size():
    images = ico_images((ICONS / "companion.ico").read_bytes())
    assert sorted(images) == [16, 24, 32, 48, 64, 128, 256]
    assert images[32] == (ICONS / "companion-32.png").read_bytes()


def test_the_icns_holds_a_png_for_each_type():
    images = icns_images((ICONS / "companion.icns").read_bytes())
    sizes = {b"icp4": 16, b"icp5": 32, b"icp6": 64, b"ic07": 128, b"ic08": 256, b"ic09": 512, b"ic10": 1024}
    assert list(images) == list(sizes)
    assert {kind: png_size(data) for kind, data in images.items()} == {kind: (n, n) for kind, n in sizes.items()}


def test_qt_reads_both_containers(qapp):
    from PySide6.QtGui import QImageReader

    for name, count in (("companion.ico", 7), ("companion.icns", 7)):
        reader = QImageReader(str(ICONS / name))
        assert reader.imageCount() == count, name
        assert not reader.read().isNull(), reader.errorString()


def test_the_script_writes_the_same_bytes_every_run(qapp, tmp_path):
    svg = (ICONS / "companion.svg").read_bytes()
    for run in ("first", "second"):
        (tmp_path / run).mkdir()
        for name, data in make_icons.build(svg).items():
            (tmp_path / run / name).write_bytes(data)
    first = {path.name: path.read_bytes() for path in (tmp_path / "first").iterdir()}
    assert first == {path.name: path.read_bytes() for path in (tmp_path / "second").iterdir()}
    assert set(first) == {path.name for path in ICONS.iterdir() if path.suffix in (".png", ".ico", ".icns")}


def test_the_shipped_rasters_are_the_svg_of_today(qapp):
    """Remade after the SVG changed: a fresh render matches the shipped one to within what another
    Qt version's anti-aliasing may change, not byte for byte."""
    fresh = QImage.fromData(make_icons.render((ICONS / "companion.svg").read_bytes(), 64))
    shipped = QImage(str(ICONS / "companion-64.png"))
    a, b = (image.convertToFormat(QImage.Format.Format_RGBA8888) for image in (fresh, shipped))
    difference = sum(abs(x - y) for x, y in zip(a.constBits().tobytes(), b.constBits().tobytes(), strict=True))
    assert difference / (64 * 64 * 4) < 0.5, "run scripts/make-icons.py"
