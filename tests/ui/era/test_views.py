"""The ERA screens as a biller uses them: open an ERA, see its claims, post, see the
balances change, undo; the preview, denials on the Problems list and the EOB PDF."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from oa_desktop.domain.next_steps import ProblemKind, Step
from oa_desktop.services.claims import problems
from oa_desktop.services.era import importing, posting
from oa_desktop.services.workspace import Workspace, open_workspace
from oa_desktop.store import remittances
from oa_desktop.ui.claims.problems_view import ProblemsView
from oa_desktop.ui.era.list_view import EraListView
from oa_desktop.ui.era.posting_preview import PostingPreviewDialog
from oa_desktop.ui.kit.roles import ItemRole
from oa_desktop.ui.pdf.eob_pdf import write_eob
from tests.services.era.test_posting import sandbox_files  # noqa: F401


@pytest.fixture
def imported(sandbox_files: tuple[Path, list[Path]], tmp_path: Path  # noqa: F811
             ) -> Iterator[Workspace]:
    root = tmp_path / "ws"
    shutil.copytree(sandbox_files[0], root)
    workspace = open_workspace(root)
    for path in sandbox_files[1]:
        importing.import_era_file(workspace, path)
    yield workspace
    workspace.close()


def _balances(workspace: Workspace, claim_ids: list[int]) -> list[int]:
    return [workspace.store.read.execute("SELECT balance_cents FROM claims WHERE id = ?",
                                         [c]).fetchone()[0] for c in claim_ids]


def test_open_an_era_post_see_balances_change_and_undo(qtbot: Any, imported: Workspace,
                                                       qtmodeltester: Any) -> None:
    view = EraListView(imported)
    qtbot.addWidget(view)
    view.show()
    qtmodeltester.check(view.model)
    assert view.model.rowCount() == len(remittances.list_remittances(imported.store))
    target = next(r for r in view.model.items if r.claims_paid > 0)
    assert view.select(target.id)
    detail = view.detail
    assert detail.claims_model.rowCount() == target.claim_count
    first = detail.claims_proxy.index(0, 0).data(ItemRole.OBJECT)
    assert first.pcn in detail.claim_detail.toPlainText()
    assert detail.buttons["post"].isEnabled() and not detail.buttons["undo"].isEnabled()
    claim_ids = [c.claim_id for c in detail.claims_model.items]
    before = _balances(imported, claim_ids)
    detail.post_now()
    assert remittances.get_remittance(imported.store, target.id).status == "posted"
    after = _balances(imported, claim_ids)
    assert after != before
    assert view.selected_id() == target.id
    row = next(i for i in range(view.proxy.rowCount())
               if view.proxy.index(i, 0).data(ItemRole.OBJECT).id == target.id)
    assert view.proxy.index(row, 7).data() == "Posted"
    assert "Reconciled" in detail.reconciliation.text()
    assert detail.buttons["undo"].isEnabled()
    detail.undo_now()
    assert _balances(imported, claim_ids) == before
    assert remittances.get_remittance(imported.store, target.id).status == "ready"


def test_preview_shows_each_claim_with_new_balance(qtbot: Any, imported: Workspace) -> None:
    target = next(r for r in remittances.list_remittances(imported.store) if r.claims_paid > 0)
    dialog = PostingPreviewDialog(posting.preview(imported.store, target.id))
    qtbot.addWidget(dialog)
    assert dialog.model.rowCount() == target.claim_count
    assert dialog.model.index(0, 14).data().startswith("$")
    assert "Post" in dialog.post_button.text()


def test_notes_are_shown_with_who_and_when(qtbot: Any, imported: Workspace) -> None:
    imported.store.actor = "maria"
    view = EraListView(imported)
    qtbot.addWidget(view)
    rid = view.selected_id()
    view.detail.add_note("Called payer about the recoupment")
    assert "maria: Called payer" in view.detail.header.text()
    assert remittances.get_remittance(imported.store, rid).notes == 1
    assert any("✎" in (view.proxy.index(i, 9).data() or "") for i in range(view.proxy.rowCount()))


def test_denials_worklist_and_eob_pdf(qtbot: Any, imported: Workspace, tmp_path: Path) -> None:
    posting.post_all(imported.store)
    view = ProblemsView(imported, open_claim=lambda _c: None, resend=lambda _ids: None)
    qtbot.addWidget(view)
    view.set_filter(ProblemKind.DENIED)
    count = view.model.rowCount()
    assert count > 0
    posted = [p for p in problems.worklist(imported.store) if p.denial_id is not None]
    assert posted, "the sandbox's ERAs deny a few claims"
    assert view.select_claim(posted[0].claim_id)
    item = view.selected()
    assert item is not None and item.denial_id is not None  # posted from the ERA
    assert view.model.index(0, 7).data() and view.model.index(0, 9).data()
    assert Step.WRITE_OFF in item.steps
    message = view.act(Step.WRITE_OFF, reason=problems.WRITE_OFF_REASONS[0])
    assert "Wrote off" in message and view.model.rowCount() == count - 1
    assert all(d.claim_id != item.claim_id for d in posting.denials(imported.store))
    rid = remittances.list_remittances(imported.store)[0].id
    pdf = tmp_path / "eob.pdf"
    assert write_eob(imported.store, rid, pdf) >= 1
    assert pdf.read_bytes().startswith(b"%PDF")


def test_laptop_layout_find_and_the_claims_money(qtbot: Any, imported: Workspace) -> None:
    from PySide6.QtCore import Qt

    from oa_desktop.store import era_queries
    from oa_desktop.ui.era.list_view import SPLITTER

    view = EraListView(imported)
    qtbot.addWidget(view)
    assert view.split.orientation() is Qt.Orientation.Horizontal  # list beside the detail
    assert view.detail.split.orientation() is Qt.Orientation.Vertical
    header = view.detail.claims_table.horizontalHeader()
    titles = [view.detail.claims_model.headerData(header.logicalIndex(v), Qt.Orientation.Horizontal)
              for v in range(6)]
    assert titles == ["Patient", "Claim #", "Charge", "Paid", "Adjustments", "Patient resp."]
    rc = view.detail.claims_model.items[0]
    adjustments = view.detail.claims_model.index(0, header.logicalIndex(4)).data(ItemRole.SORT)
    assert adjustments == rc.charge - rc.paid - rc.patient_responsibility
    view.split.splitterMoved.emit(300, 1)
    assert SPLITTER.get(imported.store)

    total = view.model.rowCount()
    claim = next(c for r in remittances.list_remittances(imported.store)
                 for c in remittances.remittance_claims(imported.store, r.id) if c.claim_id)
    era_ids = {e.remittance_id for e in era_queries.eras_for_claim(imported.store,
                                                                   claim.claim_id)}
    for text in (claim.pcn, claim.patient_last.title(), f"{claim.charge:,.2f}"):
        view.search.setText(text)
        shown = {view.model.items[i].id for i in range(view.model.rowCount())}
        assert era_ids <= shown and len(shown) <= total, text
    view.search.setText("no such thing at all")
    assert view.model.rowCount() == 0 and "No ERA has" in view.empty.text()
    assert view.reveal(next(iter(era_ids))) and view.search.text() == ""


def test_a_claims_page_lists_its_eras_with_a_link(qtbot: Any, imported: Workspace) -> None:
    from oa_desktop.ui.claims.claim_page import eras_html

    claim = next(c for r in remittances.list_remittances(imported.store)
                 for c in remittances.remittance_claims(imported.store, r.id) if c.claim_id)
    assert claim.claim_id is not None
    page = eras_html(imported.store, claim.claim_id)
    assert f"href='era:{claim.remittance_id}'" in page and "not posted yet" in page
    posting.post_all(imported.store)
    assert "not posted yet" not in eras_html(imported.store, claim.claim_id)


def test_the_preview_sends_denials_to_the_problems_list(qtbot: Any, imported: Workspace) -> None:
    """Seen under Xvfb: the preview sent denials to a "Denials list" no screen is called."""
    from PySide6.QtWidgets import QLabel

    from oa_desktop.ui.era.posting_preview import ACTIONS
    from oa_desktop.ui.shell.sections import sections

    target = next(r for r in remittances.list_remittances(imported.store) if r.claims_paid > 0)
    dialog = PostingPreviewDialog(posting.preview(imported.store, target.id))
    qtbot.addWidget(dialog)
    words = " ".join([*(label.text() for label in dialog.findChildren(QLabel)),
                      *ACTIONS.values()])
    assert "Denials list" not in words and "Problems list" in words
    assert "Problems" in {section.title for section in sections()}


def test_a_claims_page_shows_its_eras_without_scrolling(qtbot: Any, imported: Workspace) -> None:
    """Seen under Xvfb at 1366x768: the ERAs came after a long timeline, out of sight."""
    from PySide6.QtCore import QSize
    from PySide6.QtGui import QTextDocument

    from oa_desktop.ui.claims.claim_page import ClaimDialog
    from oa_desktop.ui.kit import fit

    claim_id = next(c.claim_id for r in remittances.list_remittances(imported.store)
                    for c in remittances.remittance_claims(imported.store, r.id) if c.claim_id)
    assert claim_id is not None
    from oa_desktop.domain.status import EventKind
    from oa_desktop.store import claims

    for number in range(6):  # a claim with a history, as in the demo: a long timeline
        claims.add_event(imported.store, claim_id, EventKind.NOTE,
                         text=f"Called the payer ({number + 1}); the claim is in process "
                              "and the representative asked us to wait two weeks")
    fit.pretend_screen(QSize(1366, 768))
    try:
        dialog = ClaimDialog(imported.store, claim_id)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        found = dialog.page.document().find("paper EOB (open it)", 0,
                                            QTextDocument.FindFlag.FindCaseSensitively)
        assert not found.isNull()
        assert dialog.page.cursorRect(found).bottom() < dialog.page.viewport().height()
    finally:
        fit.pretend_screen(None)


def test_the_preview_rows_show_their_words_whole(qtbot: Any, imported: Workspace) -> None:
    """Seen under Xvfb: "Payer needs information → …" — the status after posting was cut."""
    for target in remittances.list_remittances(imported.store):
        dialog = PostingPreviewDialog(posting.preview(imported.store, target.id))
        qtbot.addWidget(dialog)
        dialog.show()
        for row in range(dialog.model.rowCount()):
            assert dialog.table.rowHeight(row) >= dialog.table.sizeHintForRow(row)
        dialog.close()


def test_the_eras_claims_fit_the_laptop_without_scrolling_sideways(
        qtbot: Any, imported: Workspace) -> None:
    """Seen under Xvfb at 1366x768: the ERA's claims scrolled sideways, Status was cut and
    Posted and Matched were out of sight."""
    from PySide6.QtCore import QSize, Qt
    from PySide6.QtWidgets import QApplication

    from oa_desktop.ui.era.detail_columns import CLAIM_HIDDEN_AT_FIRST
    from oa_desktop.ui.kit import fit

    view = EraListView(imported)
    qtbot.addWidget(view)
    fit.pretend_screen(QSize(1366, 768))  # were windows fitted, it is to the laptop
    try:
        view.resize(1120, 600)  # the page beside the sidebar of a 1366-pixel window
        view.show()
        QApplication.processEvents()
        assert view.width() == 1120
        table = view.detail.claims_table
        assert view.detail.claims_model.rowCount() > 0
        assert not table.horizontalScrollBar().isVisible()
        assert not view.table.horizontalScrollBar().isVisible()  # nor the ERA list beside it
    finally:
        fit.pretend_screen(None)
    model = view.detail.claims_model
    shown = {model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())
             if not table.isColumnHidden(c)}
    assert {"Charge", "Paid", "Adjustments", "Patient resp.", "Status", "Posted"} <= shown
    unmatched = [i for i, c in enumerate(model.items) if c.claim_id is None
                 and c.post_state == "unposted"]
    for row in unmatched:
        assert model.index(row, 4).data() == "Not matched"  # Posted tells Matched's news
    view.detail.claim_tools.set_visible(CLAIM_HIDDEN_AT_FIRST[0], True)  # the chooser
    assert not table.isColumnHidden(CLAIM_HIDDEN_AT_FIRST[0])


def test_the_eras_payer_is_ours_by_name(qtbot: Any, imported: Workspace) -> None:
    """Seen under Xvfb at 1366x768: "SCOTT & WHITE HEALTH PLAN" in capitals as the 835
    says it, beside claims to "Scott & White Health Plan"."""
    from PySide6.QtCore import Qt

    store = imported.store
    found = remittances.list_remittances(store)
    ours = [r for r in found if r.our_payer_name]
    assert ours, "the sandbox pays from payers the practice has"
    view = EraListView(imported)
    qtbot.addWidget(view)
    for r in ours:
        assert r.payer == r.our_payer_name != r.payer_name  # ours, not the 835's capitals
        row = next(i for i in range(view.model.rowCount()) if view.model.items[i].id == r.id)
        assert view.model.index(row, 1).data() == r.our_payer_name
        assert r.payer_name in view.model.index(row, 1).data(Qt.ItemDataRole.ToolTipRole)
    view.detail.show_era(ours[0].id)
    assert ours[0].our_payer_name in view.detail.header.text()
    assert f"on the ERA {ours[0].payer_name}" in view.detail.header.text().replace(
        "&amp;", "&")
    with store.write() as db:  # a payer the practice has no record of keeps the 835's name
        db.execute("UPDATE remittances SET payer_id = 'NOT-OURS' WHERE id = ?", [ours[0].id])
    stranger = remittances.get_remittance(store, ours[0].id)
    assert stranger.our_payer_name == "" and stranger.payer == stranger.payer_name
