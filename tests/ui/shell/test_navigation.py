"""The sidebar never scrolls sideways: long titles are elided before their badge."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QApplication, QLabel, QStyleOptionViewItem
from pytestqt.qtbot import QtBot

from oa_desktop.domain.status import ClaimStatus
from oa_desktop.services.workspace import Workspace
from oa_desktop.ui.kit import fit
from oa_desktop.ui.shell.main_window import MainWindow
from oa_desktop.ui.shell.navigation import NavigationList
from oa_desktop.ui.shell.protocol import Section

LONG = "Claims the payer wants more information about before it pays"


def _contents_fit(nav: NavigationList) -> None:
    width = nav.viewport().width()
    assert nav.horizontalScrollBar().maximum() == 0
    assert not nav.horizontalScrollBar().isVisible()
    for row in range(nav.count()):
        rect = nav.visualItemRect(nav.item(row))
        assert rect.left() >= 0 and rect.right() < width, nav.item(row).text()


def test_the_sidebar_has_no_sideways_scroll_bar_at_1366(
    qtbot: QtBot, demo_workspace: Workspace
) -> None:
    fit.pretend_screen(QSize(1366, 768))
    try:
        window = MainWindow(demo_workspace)
        qtbot.addWidget(window)
        window.resize(1366, 768)
        window.show()
        QApplication.processEvents()
        _contents_fit(window.navigation)
    finally:
        fit.pretend_screen(None)


def test_a_long_title_is_elided_before_its_badge(qtbot: QtBot) -> None:
    section = Section("long", LONG, "MONEY", build=lambda shell: QLabel())
    nav = NavigationList([section])
    qtbot.addWidget(nav)
    nav.resize(230, 600)
    nav.show()
    nav.set_counts({ClaimStatus.DRAFT: 12345})
    nav.set_section_count("long", 987)
    QApplication.processEvents()
    _contents_fit(nav)
    row = next(r for r in range(nav.count()) if nav.item(r).text() == LONG)
    item = nav.item(row)
    option = QStyleOptionViewItem()
    option.initFrom(nav.viewport())
    option.rect = nav.visualItemRect(item)
    nav.itemDelegate().initStyleOption(option, nav.indexFromItem(item))  # type: ignore[attr-defined]
    assert option.text.endswith("…") and option.text != LONG
    assert item.data(Qt.ItemDataRole.DisplayRole) == LONG  # the whole title is kept


def test_picking_a_section_scrolls_the_sidebar_only_as_needed(
    qtbot: QtBot, demo_workspace: Workspace
) -> None:
    """Seen at 1366x768: picking Practice moved the sidebar a whole row, and the CLAIMS
    heading went out of view. Now an entry in sight never moves the list, and one cut
    off at the bottom moves it just enough to be seen."""
    fit.pretend_screen(QSize(1366, 768))
    try:
        window = MainWindow(demo_workspace)
        qtbot.addWidget(window)
        window.resize(1366, 768)
        window.show()
        QApplication.processEvents()
        nav = window.navigation
        bar = nav.verticalScrollBar()
        height = nav.viewport().height()
        rows = [r for r in range(nav.count()) if nav.item(r).flags()]
        in_sight = [r for r in rows if nav.visualItemRect(nav.item(r)).bottom() < height]
        cut_off = [r for r in rows if r not in in_sight]
        assert cut_off, "the demo's sidebar fits: nothing to check"
        for row in reversed(in_sight):
            nav.setCurrentRow(row)
            QApplication.processEvents()
            assert bar.value() == 0, nav.item(row).text()
        first = nav.item(cut_off[0])
        overflow = nav.visualItemRect(first).bottom() - (height - 1)
        nav.setCurrentRow(cut_off[0])
        QApplication.processEvents()
        assert bar.value() == overflow  # just enough, not a whole row
        rect = nav.visualItemRect(first)
        assert rect.top() >= 0 and rect.bottom() < height
        assert nav.visualItemRect(nav.item(0)).bottom() >= 0  # CLAIMS still in sight
        nav.setCurrentRow(in_sight[-1])  # back up to one still in sight: no jump
        QApplication.processEvents()
        assert bar.value() == overflow
    finally:
        fit.pretend_screen(None)
