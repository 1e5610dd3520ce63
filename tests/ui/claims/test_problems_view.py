"""The Problems worklist as a biller uses it: filters, the steps each reason offers, the
detail pane, the column chooser, Copy row and Export CSV."""

from __future__ import annotations

import csv
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from oa_desktop.domain.next_steps import ProblemKind, Step
from oa_desktop.domain.status import ClaimStatus
from oa_desktop.services.claims import problems
from oa_desktop.services.workspace import Workspace
from oa_desktop.store import claims
from oa_desktop.ui.claims.problems_view import ProblemsView
from tests.conftest import DEMO_DAY


def _view(qtbot: QtBot, workspace: Workspace) -> ProblemsView:
    view = ProblemsView(workspace, open_claim=lambda _c: None, resend=lambda _ids: None,
                        today=DEMO_DAY)
    qtbot.addWidget(view)
    view.show()
    return view


def test_each_reason_offers_its_own_steps(qtbot: QtBot, demo_workspace: Workspace) -> None:
    view = _view(qtbot, demo_workspace)
    items = problems.worklist(demo_workspace.store, DEMO_DAY)
    late = next(i for i in items if i.codes == "CO-29")
    assert view.select_claim(late.claim_id)
    shown = {s for s, b in view.step_buttons.items() if b.isVisible()}
    assert shown == {Step.APPEAL, Step.WRITE_OFF}
    assert not view.step_buttons[Step.CORRECT_AND_RESUBMIT].isVisible()
    assert view.step_buttons[Step.APPEAL].font().bold()
    assert view.buttons.indexOf(view.step_buttons[Step.APPEAL]) == 0
    assert "time limit for filing" in view.reason.text() and "CO-29" in view.reason.text()
    rejected = next(i for i in items if i.kind is ProblemKind.REJECTED)
    assert view.select_claim(rejected.claim_id)
    shown = {s for s, b in view.step_buttons.items() if b.isVisible()}
    assert shown == {Step.FIX_AND_RESEND}
    assert rejected.codes in view.reason.text()


def test_filters_and_counts(qtbot: QtBot, demo_workspace: Workspace) -> None:
    view = _view(qtbot, demo_workspace)
    total = view.model.rowCount()
    assert view.kind_filter.itemText(0) == f"All problems ({total})"
    view.set_filter(ProblemKind.REJECTED)
    rejected = view.model.rowCount()
    assert 0 < rejected < total
    assert f"Rejected ({rejected})" in [view.kind_filter.itemText(i)
                                        for i in range(view.kind_filter.count())]
    view.set_filter(None)
    view.payer_filter.setCurrentIndex(1)
    payer = view.payer_filter.currentText()
    assert 0 < view.model.rowCount() < total
    assert {view.model.index(r, 2).data() for r in range(view.model.rowCount())} == {payer}


def test_waiting_leaves_the_list_and_show_waiting_brings_it(
        qtbot: QtBot, demo_workspace: Workspace) -> None:
    view = _view(qtbot, demo_workspace)
    total = view.model.rowCount()
    first = view.selected()
    assert first is not None
    assert "waiting until" in view.act(Step.MARK_WAITING, days=7)
    assert "waiting until" in view.status.text()
    assert view.model.rowCount() == total - 1
    view.reload()  # the window refreshed (after a send, a sync): the old outcome goes
    assert view.status.text() == ""
    view.waiting_box.setChecked(True)
    assert view.model.rowCount() == total
    assert view.select_claim(first.claim_id) and "Waiting until" in view.reason.text()


def test_columns_copy_row_and_csv(qtbot: QtBot, demo_workspace: Workspace,
                                  tmp_path: Path) -> None:
    view = _view(qtbot, demo_workspace)
    view.tools.set_visible(8, False)  # Code
    view.tools.set_visible(0, False)  # the claim number always stays
    assert view.table.isColumnHidden(8) and not view.table.isColumnHidden(0)
    text = view.tools.copy_row()
    first = view.selected()
    assert first is not None and text.startswith(first.pcn + "\t")
    assert QGuiApplication.clipboard().text() == text
    message = view.tools.export.save_csv(tmp_path / "problems.csv")
    assert "Saved" in message
    with (tmp_path / "problems.csv").open(encoding="utf-8-sig") as handle:
        rows = list(csv.reader(handle))
    assert rows[0][:5] == ["Claim #", "Patient", "Payer", "DOS", "Amount"]
    assert "Code" not in rows[0]
    assert len(rows) == view.model.rowCount() + 1
    assert rows[1][4] == f"{first.amount:.2f}"  # money stays a number


def _answer_next_question(seen: dict[str, str], button: str = "") -> None:
    """Answer the question the next click asks: ``button`` (by its words), else the
    default button (Enter), noting what the question said."""
    def answer() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        seen["text"] = f"{box.text()} {box.informativeText()}"
        seen["default"] = box.defaultButton().text()
        if button:
            next(b for b in box.buttons() if b.text().startswith(button)).click()
        else:
            QTest.keyClick(box, Qt.Key.Key_Return)
    QTimer.singleShot(0, answer)


def test_fix_and_resend_asks_first_and_fixing_is_the_default(
        qtbot: QtBot, demo_workspace: Workspace) -> None:
    """Walking the day under Xvfb, Fix and resend sent an NPI rejection again at once,
    unchanged: now it asks, and the safe answer (open the claim to fix it) is the default."""
    opened: list[int] = []
    resent: list[set[int]] = []
    view = ProblemsView(demo_workspace, open_claim=opened.append, resend=resent.append,
                        today=DEMO_DAY)
    qtbot.addWidget(view)
    view.show()
    view.set_filter(ProblemKind.REJECTED)
    item = view.selected()
    assert item is not None
    seen: dict[str, str] = {}
    _answer_next_question(seen)
    view.step_buttons[Step.FIX_AND_RESEND].click()
    assert seen["default"] == "Open the claim to fix it"
    assert item.reason in seen["text"] and "rejected again" in seen["text"]
    assert opened == [item.claim_id] and resent == []
    store = demo_workspace.store
    assert claims.get_claim(store, item.claim_id).status == ClaimStatus.REJECTED

    _answer_next_question(seen, "Cancel")
    view.step_buttons[Step.FIX_AND_RESEND].click()
    assert opened == [item.claim_id] and resent == []

    _answer_next_question(seen, "It is fixed")
    view.step_buttons[Step.FIX_AND_RESEND].click()
    assert claims.get_claim(store, item.claim_id).status != ClaimStatus.REJECTED
    assert resent == [{item.claim_id}] or opened == [item.claim_id] * 2


def test_the_problems_fit_the_laptop_without_scrolling_sideways(
        qtbot: QtBot, demo_workspace: Workspace) -> None:
    """Seen under Xvfb at 1366x768: a sideways scroll bar under the Problems list."""
    from PySide6.QtCore import QSize

    from oa_desktop.ui.kit import fit

    fit.pretend_screen(QSize(1366, 768))  # were windows fitted, it is to the laptop
    try:
        view = _view(qtbot, demo_workspace)
        view.resize(1120, 600)  # the page beside the sidebar of a 1366-pixel window
        QApplication.processEvents()
        assert view.width() == 1120
        assert not view.table.horizontalScrollBar().isVisible()
    finally:
        fit.pretend_screen(None)
