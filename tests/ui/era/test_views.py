"""The ERA screens as a biller uses them: open an ERA, see its claims, post, see the
balances change, undo; the preview, the Denials list and the EOB PDF."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from oa_desktop.services.era import importing, posting
from oa_desktop.services.workspace import Workspace, open_workspace
from oa_desktop.store import remittances
from oa_desktop.ui.claims.denials_view import DenialsView
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
    assert dialog.model.index(0, 13).data().startswith("$")
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
    view = DenialsView(imported.store)
    qtbot.addWidget(view)
    count = view.model.rowCount()
    assert count > 0
    assert view.model.index(0, 5).data() and view.model.index(0, 6).data()
    message = view.act("write_off")
    assert "Wrote off" in message and view.model.rowCount() == count - 1
    rid = remittances.list_remittances(imported.store)[0].id
    pdf = tmp_path / "eob.pdf"
    assert write_eob(imported.store, rid, pdf) >= 1
    assert pdf.read_bytes().startswith(b"%PDF")
