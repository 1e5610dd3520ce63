"""Every screen and dialog of ``screenshot --demo`` fits a 1366×768 and a 1280×720 laptop,
with every visible button inside the window (issue 17, item 1)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QSize
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from oa_desktop.services.workspace import open_workspace
from oa_desktop.ui.kit import fit
from oa_desktop.ui.shell import screenshots


@pytest.mark.parametrize("size", [QSize(1366, 768), QSize(1280, 720)], ids=["1366", "1280"])
def test_every_screen_fits_the_laptop(
    qtbot: QtBot, demo_template: Path, tmp_path: Path, size: QSize
) -> None:
    root = tmp_path / "demo"
    shutil.copytree(demo_template, root)
    problems: list[str] = []
    seen: list[str] = []

    def check(widget: QWidget, path: Path) -> Path:
        window = widget.window()
        seen.append(path.stem)
        if window.width() > size.width() or window.height() > size.height():
            problems.append(f"{path.stem}: window {window.width()}×{window.height()}")
        minimum = window.minimumSizeHint()
        if minimum.width() > size.width() or minimum.height() > size.height():
            problems.append(f"{path.stem}: cannot shrink below "
                            f"{minimum.width()}×{minimum.height()}")
        problems.extend(f"{path.stem}: button {b} outside" for b in fit.outside(window))
        return path

    workspace = open_workspace(root)
    try:
        screenshots.render_all(workspace, tmp_path / "shots", check, size)
    finally:
        workspace.close()
    assert len(seen) > 40  # every screen was looked at
    assert problems == [], "\n".join(problems)


def test_outside_finds_a_button_past_the_edge(qtbot: QtBot) -> None:
    from PySide6.QtWidgets import QPushButton

    window = QWidget()
    qtbot.addWidget(window)
    window.resize(200, 100)
    inside = QPushButton("In", window)
    inside.setGeometry(10, 10, 50, 20)
    past = QPushButton("Save", window)
    past.setGeometry(180, 10, 60, 20)
    window.show()
    assert fit.outside(window) == ["'Save' (QPushButton) at (180, 10, 60, 20)"]


def test_a_window_never_opens_larger_than_the_screen(qtbot: QtBot) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    fit.pretend_screen(QSize(1280, 720))
    try:
        window.resize(1600, 900)
        fit.fit(window)
        assert (window.width(), window.height()) == (1280, 720)
    finally:
        fit.pretend_screen(None)


def test_the_main_window_opens_no_larger_than_the_laptop(
    qtbot: QtBot, demo_workspace: object
) -> None:
    from oa_desktop.app import application
    from oa_desktop.ui.shell.main_window import MainWindow

    app = application()  # the app's QApplication fits every window it shows
    fit.pretend_screen(QSize(1280, 720))
    try:
        window = MainWindow(demo_workspace)  # type: ignore[arg-type]
        qtbot.addWidget(window)
        assert window.width() <= 1280 and window.height() <= 720
        window.resize(1600, 1000)  # e.g. a size remembered from a bigger monitor
        window.show()  # every window is fitted when shown
        assert window.width() <= 1280 and window.height() <= 720
    finally:
        fit.pretend_screen(None)
        fit.uninstall(app)  # other tests size their windows freely


def test_what_a_send_or_a_sync_did_is_read_whole_at_1366(
    qtbot: QtBot, demo_workspace: object
) -> None:
    """Seen under Xvfb at 1366x768 (demo, test mode): "Sent 1 claim … within minutes to
    hour" — the status bar cut off when answers come. Now the connection label steps aside
    while a long outcome shows, and comes back when the message goes."""
    from PySide6.QtWidgets import QApplication

    from oa_desktop.services.office_ally.connection import SyncResult
    from oa_desktop.services.office_ally.sync_report import WHEN_ANSWERS_COME, SyncOutcome
    from oa_desktop.store import settings
    from oa_desktop.ui.shell.main_window import MainWindow

    store = demo_workspace.store  # type: ignore[attr-defined]
    settings.GATEWAY_USERNAME.set(store, "demopractice")
    settings.TEST_MODE.set(store, True)
    window = MainWindow(demo_workspace, demo=True)  # type: ignore[arg-type]
    qtbot.addWidget(window)
    window.resize(1360, 768)
    window.show()
    qtbot.waitExposed(window)
    window.gateway_label.setText("Office Ally: demopractice@127.0.0.1 · last sync "
                                 "12/03/2026 12:38 PM")
    bar = window.statusBar()
    sent = f"Sent 12 claims in batch B-2026-0266 (OATEST). {WHEN_ANSWERS_COME}"
    nothing = SyncResult([], "x", outcome=SyncOutcome(waiting_first_answer=24)).summary
    for message in (sent, nothing):
        window.job_finished(message)
        QApplication.processEvents()
        assert bar.currentMessage() == message
        assert bar.fontMetrics().horizontalAdvance(message) <= fit.message_room(bar), message
    bar.clearMessage()
    QApplication.processEvents()
    assert window.gateway_label.isVisible()
    window.job_finished("Synced with Office Ally: 1 claim accepted.")
    assert window.gateway_label.isVisible()  # a short one leaves it in place


def test_nothing_new_is_read_whole_at_1280_beside_the_demo_badges(
    qtbot: QtBot, demo_workspace: object
) -> None:
    """Seen under Xvfb at 1280x720 (demo, test mode): "nothing new yet" lost its last words
    beside TEST MODE and DEMO, and said "24 sent claims wait" under a sidebar's "Sent,
    waiting 54". Now it says 24 of the 54, and the badges say one word while it shows."""
    from PySide6.QtWidgets import QApplication

    from oa_desktop.services.office_ally import sync_report
    from oa_desktop.services.office_ally.connection import SyncResult
    from oa_desktop.store import settings, sync_queries
    from oa_desktop.ui.claims.queues import QUEUES
    from oa_desktop.ui.shell.main_window import MainWindow

    waiting = next(q for q in QUEUES if q.key == "waiting")
    assert set(sync_queries.SENT_WAITING) == waiting.statuses  # one definition, two places
    store = demo_workspace.store  # type: ignore[attr-defined]
    settings.GATEWAY_USERNAME.set(store, "demopractice")
    settings.TEST_MODE.set(store, True)
    window = MainWindow(demo_workspace, demo=True)  # type: ignore[arg-type]
    qtbot.addWidget(window)
    fit.pretend_screen(QSize(1280, 720))
    try:
        window.resize(1280, 720)
        window.show()
        qtbot.waitExposed(window)
        window.gateway_label.setText("Office Ally: demopractice@127.0.0.1 · last sync "
                                     "12/03/2026 12:38 PM")
        outcome = sync_report.since(store, sync_report.mark(store))
        assert 0 < outcome.waiting_first_answer < outcome.sent_waiting
        nothing = SyncResult([], "x", outcome=outcome).summary
        assert f"of the {outcome.sent_waiting} sent claims" in nothing
        bar = window.statusBar()
        window.job_finished(nothing)
        QApplication.processEvents()
        assert bar.currentMessage() == nothing
        assert [b.text() for b in window.badges] == ["TEST", "DEMO"]
        assert bar.fontMetrics().horizontalAdvance(nothing) <= fit.message_room(bar), nothing
        window.job_finished("Synced with Office Ally: 1 claim accepted.")
        QApplication.processEvents()  # a short one after it: the badges and connection are back
        assert window.badges[1].text() == "DEMO — not real patients"
        assert window.gateway_label.isVisible()
        window.job_finished(nothing)
        bar.clearMessage()
        QApplication.processEvents()
        assert window.badges[0].text() == "TEST MODE (OATEST)"
    finally:
        fit.pretend_screen(None)


def test_every_records_list_shows_all_its_columns_at_1366(
    qtbot: QtBot, demo_workspace: object
) -> None:
    """Seen at 1366x768: Providers, Facilities, Payers and Fee schedule had a sideways
    scroll bar, with Active, City and Plan type cut off. One column now takes the room the
    others leave."""
    from PySide6.QtWidgets import QApplication

    from oa_desktop.ui.shell.main_window import MainWindow

    window = MainWindow(demo_workspace, demo=True)  # type: ignore[arg-type]
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    checked = []
    for section in ("patients", "payers", "providers", "fees"):
        window.navigation.select_section(section)
        view = window.show_section(section)
        views = [view.providers, view.facilities] if section == "providers" else [view]
        for index, records in enumerate(views):
            if section == "providers":
                view.tabs.setCurrentIndex(index)
            QApplication.processEvents()
            table = records.pane.table
            shown = sum(table.columnWidth(c) for c in range(table.model().columnCount()))
            assert 0 < shown <= table.viewport().width(), (section, index, shown)
            assert table.horizontalScrollBar().maximum() == 0, (section, index)
            checked.append(records.noun)
    assert checked == ["patient", "payer", "provider", "facility", "fee"]
