"""The item roles every table of the app answers, beyond Qt's own (one set, one place)."""

from __future__ import annotations

from enum import IntEnum

from PySide6.QtCore import Qt


class ItemRole(IntEnum):
    """Roles the table kit's models answer: a native sort value, the row object, the total."""

    SORT = Qt.ItemDataRole.UserRole + 1  # Decimal, date, int or text: what the proxy compares
    OBJECT = Qt.ItemDataRole.UserRole + 2  # the row's object
    TOTAL = Qt.ItemDataRole.UserRole + 3  # True on a totals row (kept last on sort)
