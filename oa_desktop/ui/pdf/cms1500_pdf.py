"""A claim on the CMS-1500 (02/12) layout: the red form with the data, or the data only.

Data only is for pre-printed red forms in the printer: print at 100% (no "fit to page").
The grid is the form's own: 10 characters per inch, 6 lines per inch, from the sheet's
top-left corner.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMarginsF, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPageLayout, QPageSize, QPainter, QPdfWriter, QPen

from oa_desktop.services.reports.cms1500 import Place, cms1500_pages
from oa_desktop.store.db import Store

COLUMN = 7.2  # points: 1/10 inch
LINE = 12.0  # points: 1/6 inch
LEFT = 0.0  # the grid starts at the sheet's edge
TOP = 0.0
FORM_RED = QColor("#d2232a")

# (box, caption, line of its data, first column, last column) — the form's outline
BOXES = (
    ("1", "MEDICARE  MEDICAID  TRICARE  CHAMPVA  GROUP HEALTH PLAN  FECA  OTHER", 8, 1, 48),
    ("1a", "INSURED'S I.D. NUMBER", 8, 49, 84),
    ("2", "PATIENT'S NAME (Last, First, Middle)", 10, 1, 29),
    ("3", "PATIENT'S BIRTH DATE   SEX", 10, 30, 48), ("4", "INSURED'S NAME", 10, 49, 84),
    ("5", "PATIENT'S ADDRESS (No., Street)", 12, 1, 29),
    ("6", "PATIENT RELATIONSHIP TO INSURED  Self Spouse Child Other", 12, 30, 48),
    ("7", "INSURED'S ADDRESS (No., Street)", 12, 49, 84),
    ("", "CITY                               STATE", 14, 1, 29),
    ("8", "RESERVED FOR NUCC USE", 14, 30, 48), ("", "CITY                      STATE", 14, 49, 84),
    ("", "ZIP CODE       TELEPHONE", 16, 1, 29), ("", "ZIP CODE       TELEPHONE", 16, 49, 84),
    ("9", "OTHER INSURED'S NAME", 18, 1, 29),
    ("10", "IS PATIENT'S CONDITION RELATED TO:", 18, 30, 48),
    ("11", "INSURED'S POLICY GROUP OR FECA NUMBER", 18, 49, 84),
    ("9a", "OTHER INSURED'S POLICY OR GROUP NUMBER", 20, 1, 29),
    ("10a", "EMPLOYMENT?        YES    NO", 20, 30, 48),
    ("11a", "INSURED'S DATE OF BIRTH    SEX", 20, 49, 84),
    ("9b", "RESERVED FOR NUCC USE", 22, 1, 29), ("10b", "AUTO ACCIDENT?     YES    NO", 22,
                                                30, 48),
    ("11b", "OTHER CLAIM ID", 22, 49, 84), ("9c", "RESERVED FOR NUCC USE", 24, 1, 29),
    ("10c", "OTHER ACCIDENT?    YES    NO", 24, 30, 48),
    ("11c", "INSURANCE PLAN NAME OR PROGRAM NAME", 24, 49, 84),
    ("9d", "INSURANCE PLAN NAME OR PROGRAM NAME", 26, 1, 29),
    ("10d", "CLAIM CODES", 26, 30, 48),
    ("11d", "IS THERE ANOTHER HEALTH BENEFIT PLAN?  YES  NO", 26, 49, 84),
    ("12", "PATIENT'S OR AUTHORIZED PERSON'S SIGNATURE            DATE", 30, 1, 48),
    ("13", "INSURED'S OR AUTHORIZED PERSON'S SIGNATURE", 30, 49, 84),
    ("14", "DATE OF CURRENT ILLNESS", 32, 1, 29), ("15", "OTHER DATE", 32, 30, 48),
    ("16", "DATES PATIENT UNABLE TO WORK", 32, 49, 84),
    ("17", "NAME OF REFERRING PROVIDER", 34, 1, 29), ("17b", "NPI", 34, 30, 48),
    ("18", "HOSPITALIZATION DATES", 34, 49, 84), ("19", "ADDITIONAL CLAIM INFORMATION", 36,
                                                  1, 48),
    ("20", "OUTSIDE LAB?   $ CHARGES", 36, 49, 84),
    ("21", "DIAGNOSIS OR NATURE OF ILLNESS OR INJURY   ICD Ind.", 42, 1, 48),
    ("22", "RESUBMISSION CODE   ORIGINAL REF. NO.", 38, 49, 84),
    ("23", "PRIOR AUTHORIZATION NUMBER", 40, 49, 84),
    ("24", "A. DATE(S) OF SERVICE  B.POS C.EMG D.PROCEDURES  E.DIAG.PTR F.$ CHARGES  G.UNITS"
           "  J.RENDERING NPI", 54, 1, 84),
    ("25", "FEDERAL TAX I.D. NUMBER  SSN EIN", 56, 1, 21), ("26", "PATIENT'S ACCOUNT NO.", 56,
                                                         22, 35),
    ("27", "ACCEPT ASSIGNMENT?", 56, 36, 48), ("28", "TOTAL CHARGE", 56, 49, 59),
    ("29", "AMOUNT PAID", 56, 60, 70), ("30", "Rsvd for NUCC", 56, 71, 84),
    ("31", "SIGNATURE OF PHYSICIAN OR SUPPLIER", 61, 1, 21),
    ("32", "SERVICE FACILITY LOCATION INFORMATION", 61, 22, 48),
    ("33", "BILLING PROVIDER INFO & PH #", 61, 49, 84),
)


def _x(column: float) -> float:
    return LEFT + (column - 1) * COLUMN


def _y(line: float) -> float:
    return TOP + (line - 1) * LINE


def _draw_form(painter: QPainter, s: float) -> None:
    painter.setPen(QPen(FORM_RED, 0.8 * s))
    label = QFont("Helvetica")
    label.setPointSizeF(4.6)
    big = QFont("Helvetica")
    big.setPointSizeF(13)
    big.setBold(True)
    painter.setFont(big)
    painter.drawText(QRectF(_x(2) * s, _y(5) * s, 300 * s, 16 * s), "HEALTH INSURANCE CLAIM FORM")
    painter.setFont(label)
    painter.drawText(QRectF(_x(2) * s, _y(6.2) * s, 400 * s, 8 * s),
                     "APPROVED BY NATIONAL UNIFORM CLAIM COMMITTEE (NUCC) 02/12")
    for box, caption, line, first, last in BOXES:
        top = _y(line - (10 if box == "24" else 4 if box in ("21", "31", "32", "33") else 1))
        bottom = _y(line + 1)
        rect = QRectF(_x(first) * s, top * s, (_x(last + 1) - _x(first)) * s, (bottom - top) * s)
        painter.drawRect(rect)
        painter.drawText(rect.adjusted(1.5 * s, 0.5 * s, 0, 0),
                         int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop),
                         f"{box}. {caption}" if box else caption)
    for n in range(6):  # the six service lines, each with its shaded supplemental strip
        y = _y(43 + 2 * n) * s
        painter.fillRect(QRectF(_x(1) * s, y, (_x(85) - _x(1)) * s, LINE * s),
                         QColor(210, 35, 42, 28))
        painter.drawText(QRectF(_x(85) * s - 6 * s, _y(44 + 2 * n) * s, 6 * s, LINE * s),
                         int(Qt.AlignmentFlag.AlignCenter), str(n + 1))
    for column, first, last in ((57, 43, 55), (59, 55, 57), (70, 55, 57)):  # dollars | cents
        painter.drawLine(QPointF(_x(column) * s - 1, _y(first) * s),
                         QPointF(_x(column) * s - 1, _y(last) * s))
    painter.drawText(QRectF(_x(2) * s, _y(64) * s, 400 * s, 8 * s),
                     "NUCC Instruction Manual available at: www.nucc.org      "
                     "PLEASE PRINT OR TYPE      APPROVED OMB-0938-1197 FORM 1500 (02-12)")


def _draw_data(painter: QPainter, places: list[Place], s: float) -> None:
    font = QFont("Courier New")
    font.setStyleHint(QFont.StyleHint.TypeWriter)
    font.setPointSizeF(10)
    painter.setFont(font)
    painter.setPen(QColor("black"))
    for place in places:
        if not place.text:
            continue
        if place.right:
            rect = QRectF(_x(place.column) * s, _y(place.line) * s,
                          (_x(place.right + 1) - _x(place.column)) * s, LINE * s)
            flags = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        else:
            rect = QRectF(_x(place.column) * s, _y(place.line) * s,
                          (_x(86) - _x(place.column)) * s, LINE * s)
            flags = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        painter.drawText(rect, int(flags), place.text)


def write_cms1500(store: Store, claim_id: int, path: Path, *, data_only: bool = False) -> int:
    """Write the claim's CMS-1500 to ``path``; ``data_only`` leaves out the red form."""
    pages = cms1500_pages(store, claim_id)
    writer = QPdfWriter(str(path))
    writer.setResolution(144)
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.Letter),
                                     QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0)))
    writer.setTitle("CMS-1500 claim")
    writer.setCreator("OA Desktop")
    painter = QPainter(writer)
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        s = writer.resolution() / 72.0
        for index, places in enumerate(pages):
            if index:
                writer.newPage()
            if not data_only:
                _draw_form(painter, s)
            _draw_data(painter, places, s)
    finally:
        painter.end()
    return len(pages)
