# ruff: noqa: F811  (pytest fixtures imported from test_era_posting are test arguments)
"""The ERA screens for an ERA posted in part and for parked reversals, as a biller sees
them: what waits, why, and the one click that posts the rest."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from oa_desktop.services.era import matching, posting
from oa_desktop.services.workspace import Workspace, open_workspace
from oa_desktop.store import remittances
from oa_desktop.ui.era.list_view import EraListView
from oa_desktop.ui.era.posting_preview import PostingPreviewDialog
from oa_desktop.ui.kit.roles import ItemRole
from tests.services.era.helpers import era_text, open_claims
from tests.services.era.test_posting import _import, _paying, sandbox_files  # noqa: F401


@pytest.fixture
def workspace(sandbox_files: tuple[Path, list[Path]], tmp_path: Path) -> Iterator[Workspace]:
    root = tmp_path / "ws"
    shutil.copytree(sandbox_files[0], root)
    opened = open_workspace(root)
    yield opened
    opened.close()




def _row_of(view: EraListView, rid: int) -> int:
    return next(i for i in range(view.proxy.rowCount())
                if view.proxy.index(i, 0).data(ItemRole.OBJECT).id == rid)


def test_post_the_matched_claims_then_match_and_post_the_rest(
    qtbot: Any, workspace: Workspace, tmp_path: Path, qtmodeltester: Any
) -> None:
    (_, pcn, lines), (other_id, other_pcn, other_lines) = open_claims(workspace, 2)
    rid = _import(workspace, tmp_path, "p.835", era_text(
        [_paying(pcn, lines, Decimal("0.8")),
         _paying("X" + other_pcn, other_lines, Decimal("0.5"))]))
    view = EraListView(workspace)
    qtbot.addWidget(view)
    view.show()
    assert view.select(rid)
    detail = view.detail
    assert detail.left_over.isVisible() and "not matched" in detail.left_over.text()
    assert detail.buttons["post"].isEnabled()  # an unmatched claim no longer blocks

    dialog = PostingPreviewDialog(posting.preview(workspace.store, rid))
    qtbot.addWidget(dialog)
    qtmodeltester.check(dialog.model)
    waits = dialog.model.index(1, 2)
    assert waits.data().startswith("Waits: not matched")
    assert dialog.model.index(1, 3).data() == ""  # no payment shown for it
    assert dialog.model.index(1, 0).data(Qt.ItemDataRole.ForegroundRole) is not None
    assert dialog.model.index(0, 0).data(Qt.ItemDataRole.ForegroundRole) is None
    assert "not matched" in dialog.findChildren(type(detail.header))[0].text()

    detail.post_now()
    assert "1 claim waits on this ERA" in detail.reconciliation.text()
    assert view.proxy.index(_row_of(view, rid), 7).data() == "Partly (1 left)"
    assert detail.buttons["post"].text() == "Post the rest…"
    assert not detail.buttons["post"].isEnabled()  # nothing to post until it is matched
    assert "not matched wait" in detail.left_over.text()
    assert "not matched" in detail.reconciliation.text()
    waiting = next(c for c in detail.claims_model.items if c.claim_id is None)
    assert detail.claims_model.index(detail.claims_model.items.index(waiting), 4).data() \
        == "Not matched"  # Posted says why it waits (Matched is in the Columns chooser)

    matching.match_manually(workspace.store, waiting.id, other_id)
    view.reload()
    assert "Ready to post the rest" in detail.left_over.text()
    assert detail.buttons["post"].isEnabled()
    rest = PostingPreviewDialog(posting.preview(workspace.store, rid))
    qtbot.addWidget(rest)
    assert rest.post_button.text() == "Post the rest" and rest.model.rowCount() == 1
    detail.post_now()
    assert remittances.get_remittance(workspace.store, rid).status == "posted"
    assert "Reconciled" in detail.reconciliation.text()
    assert not detail.left_over.isVisible()
    assert view.proxy.index(_row_of(view, rid), 7).data() == "Posted"


def test_a_parked_reversal_shows_what_it_waits_for_and_is_applied_with_the_original(
    qtbot: Any, workspace: Workspace, tmp_path: Path
) -> None:
    [(_, pcn, lines)] = open_claims(workspace, 1)
    b = _import(workspace, tmp_path, "b.835", era_text(
        [_paying(pcn, lines, Decimal("0.8"), status="22", sign=-1)], trace="T2",
        day="20261201", control="0002"))
    a = _import(workspace, tmp_path, "a.835",
                era_text([_paying(pcn, lines, Decimal("0.8"))], trace="T1", day="20261101"))
    posting.post(workspace.store, b)
    view = EraListView(workspace)
    qtbot.addWidget(view)
    assert view.select(b)
    detail = view.detail
    assert "waits for the payment it takes back" in detail.left_over.text()
    assert "parked" in detail.reconciliation.text()
    assert "Reversal parked" in detail.claim_detail.toPlainText()

    dialog = PostingPreviewDialog(posting.preview(workspace.store, a))
    qtbot.addWidget(dialog)
    assert dialog.model.rowCount() == 2
    assert dialog.model.index(1, 2).data() == "Parked reversal of ERA T2 applied"
    assert "parked on ERA T2" in dialog.findChildren(type(detail.header))[0].text()

    assert view.select(a)
    detail.post_now()
    assert "parked on ERA T2" in detail.reconciliation.text()
    assert view.select(b)
    assert "Reconciled" in detail.reconciliation.text()
    assert view.proxy.index(_row_of(view, b), 7).data() == "Posted"


def test_a_parked_reversal_of_another_amount_is_offered_with_one_click(
    qtbot: Any, workspace: Workspace, tmp_path: Path
) -> None:
    [(claim_id, pcn, lines)] = open_claims(workspace, 1)
    b = _import(workspace, tmp_path, "b.835", era_text(
        [_paying(pcn, lines, Decimal("0.7"), status="22", sign=-1)], trace="T2",
        day="20261201", control="0002"))
    a = _import(workspace, tmp_path, "a.835",
                era_text([_paying(pcn, lines, Decimal("0.8"))], trace="T1", day="20261101"))
    posting.post(workspace.store, b)
    assert posting.post(workspace.store, a).retries == []  # amounts differ: not by itself
    view = EraListView(workspace)
    qtbot.addWidget(view)
    assert view.select(b)
    detail = view.detail
    assert "1 parked reversal that can be applied now" in detail.left_over.text()
    assert detail.buttons["post"].isEnabled()
    dialog = PostingPreviewDialog(posting.preview(workspace.store, b))
    qtbot.addWidget(dialog)
    assert dialog.model.index(0, 2).data() == "Parked reversal applied"
    assert "reverses" in dialog.model.index(0, 16).data()  # the amounts differ: said so
    detail.post_now()
    assert remittances.get_remittance(workspace.store, b).status == "posted"
    paid = workspace.store.read.execute("SELECT paid_cents FROM claims WHERE id = ?",
                                        [claim_id]).fetchone()[0]
    assert paid == 0
