"""The left-hand list of work queues, each with a count badge when it needs action."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QListWidget,
    QListWidgetItem,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from oa_desktop.domain.display import plural
from oa_desktop.domain.status import ClaimStatus
from oa_desktop.ui.claims.queues import QUEUES, Queue
from oa_desktop.ui.shell.protocol import Section

COUNT_ROLE = Qt.ItemDataRole.UserRole + 1
BADGE_ROLE = Qt.ItemDataRole.UserRole + 2


def _badge_font(font: QFont, badge: bool) -> QFont:
    bold = QFont(font)
    bold.setBold(badge)
    return bold


def _badge_width(font: QFont, text: str) -> int:
    return QFontMetrics(font).horizontalAdvance(text) + 14


class _BadgeDelegate(QStyledItemDelegate):
    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        super().paint(painter, option, index)
        count = index.data(COUNT_ROLE)
        if not count:
            return
        badge = bool(index.data(BADGE_ROLE))
        text = f"{count:,}"
        painter.save()
        font = _badge_font(option.font, badge)
        painter.setFont(font)
        width = _badge_width(font, text)
        rect: QRect = option.rect
        box = QRect(rect.right() - width - 8, rect.top() + 5, width, rect.height() - 10)
        if badge:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor("#1a4f8b"))
            painter.drawRoundedRect(box, box.height() / 2, box.height() / 2)
            painter.setPen(QColor("white"))
        elif option.state & QStyle.StateFlag.State_Selected:
            painter.setPen(QColor("white"))
        else:
            painter.setPen(QColor("#5f6368"))
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)
        painter.restore()

    def initStyleOption(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        """Elide the title before the badge rather than draw it under it."""
        super().initStyleOption(option, index)
        count = index.data(COUNT_ROLE)
        room = option.rect.width() - 12  # the item's own margins
        if count:
            font = _badge_font(option.font, bool(index.data(BADGE_ROLE)))
            room -= _badge_width(font, f"{count:,}") + 8
        metrics = QFontMetrics(option.font)
        if room > 0 and metrics.horizontalAdvance(option.text) > room:
            option.text = metrics.elidedText(option.text, Qt.TextElideMode.ElideRight, room)

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        # Only the height counts: every row is as wide as the list, and a title too long
        # for it is elided (never a sideways scroll bar in the sidebar).
        size = super().sizeHint(option, index)
        return QSize(0, max(size.height(), 26))


def _header(text: str) -> QListWidgetItem:
    item = QListWidgetItem(text)
    item.setFlags(Qt.ItemFlag.NoItemFlags)
    item.setForeground(QColor("#5f6368"))
    return item


class NavigationList(QListWidget):
    """Emits ``queue_chosen`` for a claim queue and ``section_chosen`` for another section."""

    queue_chosen = Signal(object)
    section_chosen = Signal(str)

    def __init__(self, sections: list[Section] | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setAccessibleName("Work queues")
        self.setItemDelegate(_BadgeDelegate(self))
        self.setFixedWidth(230)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # by pixels, not whole rows: a pick near the bottom of a laptop screen moves the
        # list just enough to show it, and the CLAIMS heading stays in sight
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setStyleSheet("QListWidget { font-size: 10.5pt; }")
        self.addItem(_header("CLAIMS"))
        for queue in QUEUES:
            item = QListWidgetItem(queue.title)
            item.setData(Qt.ItemDataRole.UserRole, queue.key)
            item.setData(BADGE_ROLE, queue.needs_action)
            self.addItem(item)
        group = "CLAIMS"  # sections of the CLAIMS group follow the queues (Problems)
        for section in sections or []:
            if section.group != group:
                group = section.group
                self.addItem(_header(group))
            item = QListWidgetItem(section.title)
            item.setToolTip(section.title)
            item.setData(Qt.ItemDataRole.UserRole, f"section:{section.key}")
            self.addItem(item)
        self.currentItemChanged.connect(self._on_current_item_changed)
        self.setCurrentRow(1)

    def scrollTo(  # noqa: N802 - Qt's name
        self, index: QModelIndex | QPersistentModelIndex,
        hint: QAbstractItemView.ScrollHint = QAbstractItemView.ScrollHint.EnsureVisible,
    ) -> None:
        """Scroll only when the picked entry is not wholly in sight, and then only as far
        as it takes to show it (its group's heading too, when both fit)."""
        if hint != QAbstractItemView.ScrollHint.EnsureVisible:
            super().scrollTo(index, hint)
            return
        rect = self.visualRect(index)
        height = self.viewport().height()
        if rect.top() >= 0 and rect.bottom() < height:
            return  # already in sight: the sidebar never jumps
        super().scrollTo(index, hint)
        heading = next((r for r in range(index.row(), -1, -1)
                        if self.item(r).flags() == Qt.ItemFlag.NoItemFlags), None)
        if heading is None:
            return
        top = self.visualItemRect(self.item(heading)).top()
        if top < 0 and self.visualRect(index).bottom() - top < height:
            bar = self.verticalScrollBar()
            bar.setValue(bar.value() + top)

    def set_counts(self, counts: dict[ClaimStatus, int]) -> None:
        """Show how many claims each queue holds."""
        for row in range(self.count()):
            item = self.item(row)
            key = item.data(Qt.ItemDataRole.UserRole)
            queue = next((q for q in QUEUES if q.key == key), None)
            if queue is None:
                continue
            statuses = queue.statuses or frozenset(ClaimStatus)
            item.setData(COUNT_ROLE, sum(counts.get(s, 0) for s in statuses))
            total = item.data(COUNT_ROLE)
            item.setToolTip(f"{queue.title}: {plural(total, 'claim')}")

    def set_section_count(self, key: str, count: int, tip: str = "") -> None:
        """Show a section's count as a badge (Problems, ERAs to post); 0 hides it."""
        for row in range(self.count()):
            item = self.item(row)
            if item.data(Qt.ItemDataRole.UserRole) == f"section:{key}":
                item.setData(COUNT_ROLE, count)
                item.setData(BADGE_ROLE, True)
                item.setToolTip(tip or f"{item.text()}: {count:,}")

    def section_count(self, key: str) -> int:
        """The count shown beside a section (0 when none)."""
        for row in range(self.count()):
            item = self.item(row)
            if item.data(Qt.ItemDataRole.UserRole) == f"section:{key}":
                return int(item.data(COUNT_ROLE) or 0)
        return 0

    def select_section(self, key: str) -> None:
        """Select the section with ``key``."""
        self.select_queue(f"section:{key}")

    def select_queue(self, key: str) -> None:
        """Select the queue with ``key``."""
        for row in range(self.count()):
            if self.item(row).data(Qt.ItemDataRole.UserRole) == key:
                self.setCurrentRow(row)
                return

    def follow(self, key: str) -> None:
        """Select ``key``'s entry without acting on it: the page is already showing."""
        self.blockSignals(True)
        try:
            self.select_queue(key)
        finally:
            self.blockSignals(False)

    def _on_current_item_changed(self, current: QListWidgetItem | None, _old: object) -> None:
        if current is None:
            return
        key = current.data(Qt.ItemDataRole.UserRole)
        if isinstance(key, str) and key.startswith("section:"):
            self.section_chosen.emit(key.removeprefix("section:"))
            return
        queue = next((q for q in QUEUES if q.key == key), None)
        if queue is not None:
            self.queue_chosen.emit(queue)


def queue_by_key(key: str) -> Queue:
    """The queue with ``key``."""
    return next(q for q in QUEUES if q.key == key)
