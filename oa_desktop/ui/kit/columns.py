"""One ``Column`` for every table, and how a cell of it answers each item role.

A column reads a native value from the row (``Decimal``, ``int``, ISO date, text), shows
it by its kind (money ``$1,234.56``, counts ``1,234``) unless it has its own text, and
sorts by the native value unless it has its own sort key. Numbers are right-aligned and
negative money is red.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from operator import itemgetter
from typing import Any, Generic, TypeVar

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont

from oa_desktop.services.reports.table import Kind, ReportColumn, show
from oa_desktop.ui.kit.roles import ItemRole

T = TypeVar("T")
RED = "#b3261e"
MUTED = "#6b6b6b"
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_LONG = 24  # a cell's text this long shows whole in its tooltip
_Role = Qt.ItemDataRole


@dataclass(frozen=True)
class Column(Generic[T]):
    """A column: header, value getter, kind, alignment, tooltip, sort key, colour, width."""

    title: str
    value: Callable[[T], Any]  # the native value
    kind: Kind = Kind.TEXT  # how the value shows when there is no ``text``
    text: Callable[[T], str] | None = None  # the shown text (default: the value by its kind)
    sort: Callable[[T], Any] | None = None  # the sort key (default: the value)
    right: bool | None = None  # right-aligned (default: numbers are)
    tip: Callable[[T], str | None] | None = None  # default: the text when it is long
    color: Callable[[T], str] | None = None  # a foreground colour name, "" for none
    width: int | None = None  # the starting width in pixels

    def display(self, item: T) -> str:
        """The text the cell shows."""
        return self.text(item) if self.text is not None else show(self.value(item), self.kind)

    def sort_value(self, item: T) -> Any:
        """The native value the cell sorts by."""
        return self.sort(item) if self.sort is not None else self.value(item)

    @property
    def aligned_right(self) -> bool:
        """True for numbers (and columns that ask for it)."""
        return self.kind is not Kind.TEXT if self.right is None else self.right

    def tooltip(self, item: T) -> str | None:
        """The cell's tooltip."""
        if self.tip is not None:
            return self.tip(item)
        text = self.display(item)
        return text if len(text) > _LONG else None

    def foreground(self, item: T) -> QBrush | None:
        """The cell's text colour: its own, else red for negative money."""
        name = self.color(item) if self.color is not None else ""
        if not name and self.kind is Kind.MONEY:
            value = self.value(item)
            name = RED if isinstance(value, Decimal) and value < 0 else ""
        return QBrush(QColor(name)) if name else None


def cell_data(column: Column[Any], item: Any, role: int, total: bool = False) -> Any:
    """What the cell of ``column`` on ``item`` answers for ``role`` (None for the rest)."""
    if role == _Role.DisplayRole:
        return column.display(item)
    if role == ItemRole.SORT:
        value = column.sort_value(item)
        return None if value == "" else value
    if role == ItemRole.OBJECT:
        return item
    if role == ItemRole.TOTAL:
        return total
    if role == _Role.TextAlignmentRole and column.aligned_right:
        return RIGHT
    if role == _Role.ForegroundRole:
        return column.foreground(item)
    if role == _Role.ToolTipRole:
        return column.tooltip(item)
    if role == _Role.FontRole and total:
        font = QFont()
        font.setBold(True)
        return font
    return None


def header_data(columns: list[Column[Any]], section: int, orientation: Qt.Orientation,
                role: int, align: bool = False) -> Any:
    """The header of ``columns[section]``: its title (and, with ``align``, its alignment)."""
    if orientation is not Qt.Orientation.Horizontal or not 0 <= section < len(columns):
        return None
    if role == _Role.DisplayRole:
        return columns[section].title
    if role == _Role.TextAlignmentRole and align and columns[section].aligned_right:
        return RIGHT
    return None


def report_columns(columns: Sequence[ReportColumn]) -> list[Column[Sequence[Any]]]:
    """Kit columns over a :class:`ReportTable`'s rows (cell ``i`` is column ``i``'s value)."""
    return [Column(c.title, itemgetter(i), c.kind) for i, c in enumerate(columns)]
