"""A report as plain data: columns, rows of native values, a total, a chart — and its CSV.

The screen, the PDF and the CSV all draw the same :class:`ReportTable`, so the numbers
a biller sees, prints and exports are one and the same. Values stay native (``Decimal``
money, ``int`` counts) until something shows them.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from pathlib import Path
from typing import Any

from oa_desktop.domain.cells import safe_cell
from oa_desktop.domain.display import percent
from oa_desktop.domain.money import format_money


class Kind(StrEnum):
    """How a report column's values are shown and summed."""
    TEXT = "text"
    MONEY = "money"
    COUNT = "count"
    DAYS = "days"
    PERCENT = "percent"


@dataclass(frozen=True, slots=True)
class ReportColumn:
    """One column of a report."""
    title: str
    kind: Kind = Kind.TEXT
    tip: str = ""

    @property
    def right(self) -> bool:
        """Numbers are right-aligned."""
        return self.kind is not Kind.TEXT


@dataclass(frozen=True, slots=True)
class Chart:
    """Bars: one group per category, one bar per series."""

    categories: list[str]
    series: list[tuple[str, list[Decimal]]]
    kind: Kind = Kind.MONEY  # how the value axis reads

    @property
    def empty(self) -> bool:
        """True when there is nothing to draw."""
        return not self.categories or all(not any(v) for _, v in self.series)


@dataclass(frozen=True)
class ReportTable:
    """A report as plain data: columns, rows, a total and a chart."""
    key: str
    title: str
    subtitle: str
    columns: list[ReportColumn]
    rows: list[list[Any]]
    total: list[Any] | None = None
    chart: Chart | None = None
    empty_text: str = "Nothing to report yet."
    notes: list[str] = field(default_factory=list)


def show(value: Any, kind: Kind) -> str:
    """A value as a biller reads it: ``$1,234.56``, ``1,234``, ``12.5 days``, ``55.6%``.

    A money cell is never blank: zero and missing both read ``$0.00`` (UX.md).
    """
    if kind is Kind.MONEY:
        return format_money(Decimal(0 if value is None or value == "" else value))
    if value is None or value == "":
        return ""
    if kind is Kind.COUNT:
        return f"{int(value):,}"
    if kind is Kind.DAYS:
        return f"{Decimal(value):,.1f}"
    if kind is Kind.PERCENT:
        return percent(value)
    return str(value)


def _csv_value(value: Any, kind: Kind) -> str:
    """Real numbers for a spreadsheet: ``1234.56``, no dollar sign, no thousands comma."""
    if kind is Kind.MONEY:  # a number, never a blank, as on the screen
        return f"{Decimal(0 if value is None or value == '' else value):.2f}"
    if value is None or value == "":  # a total row leaves shares and days blank
        return ""
    if kind is Kind.DAYS:
        return f"{Decimal(value):.1f}"
    if kind is Kind.PERCENT:
        return f"{Decimal(value):.2f}"
    return str(value)


def csv_rows(table: ReportTable) -> list[list[str]]:
    """The header, every row and the total, as CSV cells."""
    kinds = [c.kind for c in table.columns]
    body = table.rows + ([table.total] if table.total else [])
    return [[c.title for c in table.columns]] + [
        [_csv_value(v, k) for v, k in zip(row, kinds, strict=True)] for row in body
    ]


def write_csv_rows(rows: Iterable[Sequence[object]], path: Path) -> int:
    """THE CSV writer: every CSV the app exports goes through here (reports, lists, tables).

    UTF-8 with BOM so Excel reads it; every cell that a spreadsheet would run as a
    formula (``= + - @``, tab, CR at its start) is prefixed with an apostrophe
    (``domain.cells``). Returns how many rows were written (the header included).
    """
    count = 0
    with path.open("w", newline="", encoding="utf-8-sig") as f:
        writer = csv.writer(f)
        for row in rows:
            writer.writerow([safe_cell("" if v is None else str(v)) for v in row])
            count += 1
    return count


def write_csv(table: ReportTable, path: Path) -> int:
    """Write ``table`` to ``path`` (see :func:`write_csv_rows`); return data rows."""
    return write_csv_rows(csv_rows(table), path) - 1


def cents(value: int) -> Decimal:
    """Integer cents as ``Decimal`` dollars."""
    return (Decimal(value) / 100).quantize(Decimal("0.01"))


def column_sums(rows: Sequence[Sequence[Any]], columns: Sequence[ReportColumn],
                label: str = "Total") -> list[Any]:
    """A total row: money and counts summed, the first column ``label``, others blank."""
    total: list[Any] = []
    for index, column in enumerate(columns):
        if index == 0:
            total.append(label)
        elif column.kind in (Kind.MONEY, Kind.COUNT):
            start: Any = Decimal("0.00") if column.kind is Kind.MONEY else 0
            total.append(sum((row[index] for row in rows), start))
        else:
            total.append("")
    return total
