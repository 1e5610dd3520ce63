"""Draw the OA Desktop icon with QPainter and write every file the installers need.

    QT_QPA_PLATFORM=offscreen .venv/bin/python installer/make_icon.py [--out resources/icons]

Writes ``oa_desktop_<N>.png`` for N in 16…1024, ``oa_desktop.png`` (256 px, the window
icon), ``oa_desktop.ico`` (Windows: 16–64 px as 32-bit bitmaps, 256 px as PNG) and
``oa_desktop.icns`` (macOS: the ic07–ic14 PNG entries). Nothing is fetched from anywhere:
the drawing is below. The generated files are committed, so a build needs no drawing step.

The picture: a blue rounded square (the app), a white claim form with a folded corner and
form lines, and a green round check mark (the claim was paid).
"""

from __future__ import annotations

import argparse
import os
import struct
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF, Qt  # noqa: E402
from PySide6.QtGui import (  # noqa: E402
    QBrush,
    QColor,
    QGuiApplication,
    QImage,
    QLinearGradient,
    QPainter,
    QPainterPath,
    QPen,
)

SIZES = (16, 24, 32, 48, 64, 128, 256, 512, 1024)
ICO_BITMAP_SIZES = (16, 24, 32, 48, 64)
ICO_PNG_SIZES = (256,)
# ICNS element types holding PNG data, by pixel size (Apple's icns format, macOS 10.7+).
ICNS_TYPES = (
    (b"ic11", 32), (b"ic12", 64), (b"ic07", 128), (b"ic13", 256),
    (b"ic08", 256), (b"ic14", 512), (b"ic09", 512), (b"ic10", 1024),
)
BLUE_TOP = QColor("#2a6db5")
BLUE_BOTTOM = QColor("#163f70")
GREEN = QColor("#2e9e4f")


def draw(size: int) -> QImage:
    """The icon at ``size`` × ``size`` pixels, drawn for that size (small sizes are simpler)."""
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    s = float(size)
    small = size <= 24

    # the tile: macOS-style margins at large sizes, edge to edge at small ones
    margin = 0.0 if small else s * 0.06
    tile = QRectF(margin, margin, s - 2 * margin, s - 2 * margin)
    gradient = QLinearGradient(tile.topLeft(), tile.bottomLeft())
    gradient.setColorAt(0.0, BLUE_TOP)
    gradient.setColorAt(1.0, BLUE_BOTTOM)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QBrush(gradient))
    p.drawRoundedRect(tile, tile.width() * 0.2, tile.width() * 0.2)

    # the claim form with a folded corner
    w = tile.width()
    left, top = tile.left() + w * 0.22, tile.top() + w * 0.16
    right, bottom = tile.left() + w * 0.74, tile.top() + w * 0.84
    fold = w * 0.14
    sheet = QPainterPath()
    sheet.moveTo(left, top)
    sheet.lineTo(right - fold, top)
    sheet.lineTo(right, top + fold)
    sheet.lineTo(right, bottom)
    sheet.lineTo(left, bottom)
    sheet.closeSubpath()
    p.setBrush(QColor("white"))
    p.drawPath(sheet)
    corner = QPainterPath()
    corner.moveTo(right - fold, top)
    corner.lineTo(right - fold, top + fold)
    corner.lineTo(right, top + fold)
    corner.closeSubpath()
    p.setBrush(QColor("#c9d8ea"))
    p.drawPath(corner)

    # form lines
    line_pen = QPen(QColor("#9db4cf"))
    line_pen.setWidthF(max(1.0, w * 0.035))
    line_pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    p.setPen(line_pen)
    rows = 3 if small else 5
    for i in range(rows):
        y = top + w * 0.2 + i * (bottom - top - w * 0.3) / max(rows - 1, 1)
        end = right - w * 0.08 - (fold if i == 0 else 0) * 0.4
        if i == rows - 1 and not small:
            end = left + (right - left) * 0.45
        p.drawLine(QPointF(left + w * 0.08, y), QPointF(end, y))

    # the green check: paid
    radius = w * (0.2 if small else 0.19)
    centre = QPointF(tile.left() + w * 0.72, tile.top() + w * 0.72)
    p.setPen(QPen(QColor("white"), max(1.0, w * 0.03)))
    p.setBrush(GREEN)
    p.drawEllipse(centre, radius, radius)
    tick = QPen(QColor("white"))
    tick.setWidthF(max(1.5, radius * 0.32))
    tick.setCapStyle(Qt.PenCapStyle.RoundCap)
    tick.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    p.setPen(tick)
    p.setBrush(Qt.BrushStyle.NoBrush)
    check = QPainterPath()
    check.moveTo(centre.x() - radius * 0.48, centre.y() + radius * 0.02)
    check.lineTo(centre.x() - radius * 0.12, centre.y() + radius * 0.38)
    check.lineTo(centre.x() + radius * 0.5, centre.y() - radius * 0.36)
    p.drawPath(check)
    p.end()
    return image


def png_bytes(image: QImage) -> bytes:
    """The image as PNG file bytes."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")  # type: ignore[call-overload]
    buffer.close()
    return bytes(data.data())


def dib_bytes(image: QImage) -> bytes:
    """An ICO bitmap entry: BITMAPINFOHEADER, 32-bit BGRA rows bottom-up, then the AND mask."""
    size = image.width()
    image = image.convertToFormat(QImage.Format.Format_ARGB32)
    header = struct.pack("<IiiHHIIiiII", 40, size, size * 2, 1, 32, 0, 0, 0, 0, 0, 0)
    rows = []
    for y in range(size - 1, -1, -1):
        line = image.constScanLine(y)
        # ARGB32 is B, G, R, A in memory (little-endian), as a DIB wants it
        rows.append(bytes(line)[: size * 4])  # type: ignore[call-overload]
    mask_row = ((size + 31) // 32) * 4
    mask = bytes(mask_row * size)  # all zero: the alpha channel decides
    return header + b"".join(rows) + mask


def ico_bytes(images: dict[int, QImage]) -> bytes:
    """A Windows .ico holding the given sizes."""
    entries = [(n, dib_bytes(images[n])) for n in ICO_BITMAP_SIZES]
    entries += [(n, png_bytes(images[n])) for n in ICO_PNG_SIZES]
    out = struct.pack("<HHH", 0, 1, len(entries))
    offset = 6 + 16 * len(entries)
    blobs = []
    for n, blob in entries:
        dim = 0 if n >= 256 else n
        out += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(blob), offset)
        offset += len(blob)
        blobs.append(blob)
    return out + b"".join(blobs)


def icns_bytes(images: dict[int, QImage]) -> bytes:
    """A macOS .icns holding PNG entries."""
    body = b""
    for kind, n in ICNS_TYPES:
        blob = png_bytes(images[n])
        body += kind + struct.pack(">I", len(blob) + 8) + blob
    return b"icns" + struct.pack(">I", len(body) + 8) + body


def write_all(out: Path) -> list[Path]:
    """Draw every size and write the PNG, ICO and ICNS files into ``out``."""
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    assert app is not None
    out.mkdir(parents=True, exist_ok=True)
    images = {n: draw(n) for n in SIZES}
    written = []
    for n, image in images.items():
        path = out / f"oa_desktop_{n}.png"
        path.write_bytes(png_bytes(image))
        written.append(path)
    for name, data in (("oa_desktop.png", png_bytes(images[256])),
                       ("oa_desktop.ico", ico_bytes(images)),
                       ("oa_desktop.icns", icns_bytes(images))):
        path = out / name
        path.write_bytes(data)
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    """Command line: write the icon files."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default = Path(__file__).resolve().parent.parent / "resources" / "icons"
    parser.add_argument("--out", type=Path, default=default, help="folder for the files")
    args = parser.parse_args(argv)
    for path in write_all(args.out):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
