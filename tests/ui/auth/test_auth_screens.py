"""The authorization bars, the worklists with their badges, the payer's filing limit."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from PySide6.QtWidgets import QLabel
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from oa_desktop.domain.authorizations import AuthCode
from oa_desktop.services.auth import filing, usage
from oa_desktop.services.workspace import Workspace
from oa_desktop.store import authorizations as store_auth
from oa_desktop.store import filing as store_filing
from oa_desktop.store import records
from oa_desktop.ui.auth.auth_dialog import AuthorizationDialog, parse_codes
from oa_desktop.ui.auth.auth_worklist_view import AuthWorklistView
from oa_desktop.ui.auth.deadlines_view import DeadlinesView
from oa_desktop.ui.auth.patient_panel import AuthorizationsPanel
from oa_desktop.ui.kit.table_model import TableModel
from oa_desktop.ui.records.payers_view import PayerForm
from oa_desktop.ui.shell.main_window import MainWindow
from tests.conftest import DEMO_DAY


def _texts(widget: object) -> str:
    return "\n".join(label.text() for label in widget.findChildren(QLabel))  # type: ignore[attr-defined]


def test_patient_bars_show_the_numbers_and_a_new_authorization(
    qtbot: QtBot, demo_workspace: Workspace,
) -> None:
    store = demo_workspace.store
    row = max(usage.usage_rows(store), key=lambda r: r.usage.used)
    panel = AuthorizationsPanel(store)
    qtbot.addWidget(panel)
    panel.load(row.patient_id, DEMO_DAY)
    u = row.usage
    text = _texts(panel)
    assert u.authorization.number in text
    assert (f"{u.used:f} of {u.authorization.approved:f} units used — {u.billed:f} billed "
            f"({u.paid:f} paid), {u.scheduled:f} scheduled") in text

    dialog = panel.open_dialog(None)
    assert isinstance(dialog, AuthorizationDialog)
    dialog.number.setText("NEW-77")
    dialog.codes.setText("97155-hn, 97156")
    dialog.approved.setText("24")
    dialog.from_date.setText("12/01/2026")
    dialog.to_date.setText("11/30/2026")
    dialog.save()
    assert "before the first" in dialog.problem.text()  # nothing stored
    dialog.to_date.setText("05/31/2027")
    dialog.save()
    saved = [a for a in store_auth.for_patient(store, row.patient_id) if a.number == "NEW-77"]
    assert saved and saved[0].codes == (AuthCode("97155", ("HN",)), AuthCode("97156"))
    assert saved[0].approved == Decimal("24") and saved[0].to_date == date(2027, 5, 31)
    qtbot.waitUntil(lambda: "NEW-77" in _texts(panel))


def _check(tester: ModelTester, model: TableModel) -> None:
    """Check a copy the test owns (the view's model goes with the view at teardown)."""
    copy = TableModel(model.columns)
    copy.set_items(model.items)
    tester.check(copy, force_py=True)


def test_code_list_parsing() -> None:
    assert parse_codes("97153; 97155 HN") == (AuthCode("97153"), AuthCode("97155", ("HN",)))


def test_worklists_match_the_services_and_open_claims(
    qtbot: QtBot, qtmodeltester: ModelTester, demo_workspace: Workspace,
) -> None:
    store = demo_workspace.store
    opened: list[int] = []
    deadlines = DeadlinesView(store, opened.append, lambda: DEMO_DAY)
    qtbot.addWidget(deadlines)
    due = filing.due_soon(store, DEMO_DAY)
    assert deadlines.model.rowCount() == len(due) > 0
    _check(qtmodeltester, deadlines.model)
    deadlines.table.activated.emit(deadlines.proxy.index(0, 0))
    assert opened == [sorted(due, key=lambda d: d.due)[0].claim.claim_id]
    deadlines.show_all.setChecked(True)
    assert deadlines.model.rowCount() == len(filing.deadlines(store, DEMO_DAY))

    worklist = AuthWorklistView(store, opened.append, lambda: DEMO_DAY)
    qtbot.addWidget(worklist)
    found = usage.worklist(store, DEMO_DAY)
    assert worklist.model.rowCount() == len(found.alerts) > 0
    assert worklist.uncovered.rowCount() == len(found.uncovered) > 0
    _check(qtmodeltester, worklist.model)


def test_navigation_badges(qtbot: QtBot, demo_workspace: Workspace) -> None:
    window = MainWindow(demo_workspace)
    qtbot.addWidget(window)
    from oa_desktop.ui.shell.navigation import COUNT_ROLE

    counts = {}
    for row in range(window.navigation.count()):
        item = window.navigation.item(row)
        counts[item.text()] = item.data(COUNT_ROLE)
    today = date.today()
    assert counts["Filing deadlines"] == len(filing.due_soon(demo_workspace.store, today))
    assert counts["Auths running out"] == usage.worklist(demo_workspace.store, today).count


def test_payer_filing_limit_is_saved_and_cleared(qtbot: QtBot,
                                                 demo_workspace: Workspace) -> None:
    store = demo_workspace.store
    payer = next(p for p in records.list_payers(store) if p.name == "Aetna")
    form = PayerForm(store)
    qtbot.addWidget(form)
    form.load(payer)
    assert form.filing_limit.text() == ""
    assert "120 days (Aetna (participating)" in form.filing_source.text()
    form.filing_limit.setText("180")
    assert form.save()
    assert store_filing.payer_limits(store)[payer.id or 0].own_days == 180
    form.load(records.get_payer(store, payer.id or 0))
    assert form.filing_limit.text() == "180"
    form.filing_limit.setText("")
    assert form.save()
    assert store_filing.payer_limits(store)[payer.id or 0].own_days is None


def test_editor_shows_the_filing_deadline_and_fills_box23(
    qtbot: QtBot, demo_workspace: Workspace,
) -> None:
    from oa_desktop.domain.edits_auth import box23_number
    from oa_desktop.store import claims
    from oa_desktop.ui.claims.claim_editor.editor import ClaimEditor

    store = demo_workspace.store
    auths = store_auth.for_patient(store)
    claim, expected = next(
        (c, box23_number(c, auths)) for c in (
            claims.get_claim(store, i) for i in store_auth.claim_ids_in(store, ("draft",)))
        if box23_number(c, auths))
    editor = ClaimEditor(store, claim)
    qtbot.addWidget(editor)
    assert editor.deadline.text().startswith("Filing deadline ")
    editor.header.prior_auth.setText("")
    editor.refresh_findings()
    assert editor.header.prior_auth.text() == expected
    editor.dirty = False
