"""The preview asks before posting a claim below zero; a held duplicate is shown, not posted."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from pytestqt.qtbot import QtBot

from oa_desktop.services.era import duplicates, posting
from oa_desktop.services.workspace import Workspace
from oa_desktop.ui.era.posting_preview import PostingPreviewDialog
from tests.services.era.helpers import era_text, import_era, open_claims
from tests.services.era.test_posting import _paying
from tests.ui.conftest import Shot


def test_post_waits_for_the_below_zero_confirmation(
        keep_alive: list[object], qtbot: QtBot, demo_workspace: Workspace, tmp_path: Path,
        shot: Shot) -> None:
    store = demo_workspace.store
    _, pcn, lines = open_claims(demo_workspace, 1)[0]
    payment = _paying(pcn, lines, Decimal("0.8"))
    posting.post(store, import_era(demo_workspace, tmp_path, "a.835",
                                   era_text([payment], trace="T1")))
    again = import_era(demo_workspace, tmp_path, "b.835",
                       era_text([payment], trace="T2", day="20261208", control="0002"))
    held = PostingPreviewDialog(posting.preview(store, again))
    qtbot.addWidget(held)
    keep_alive.append(held)
    assert held.model.index(0, 2).data() == "Held: suspected duplicate payment"
    assert "T1" in held.model.index(0, 16).data()
    shot(held, "preview_held_duplicate")
    duplicates.decide(store, posting.preview(store, again).claims[0].rc.id, is_duplicate=False)
    dialog = PostingPreviewDialog(posting.preview(store, again))
    qtbot.addWidget(dialog)
    keep_alive.append(dialog)
    assert dialog.below_zero.isVisibleTo(dialog) and "below zero" in dialog.below_zero.text()
    assert not dialog.post_button.isEnabled()
    dialog.below_zero.setChecked(True)
    assert dialog.post_button.isEnabled() and dialog.below_zero_confirmed
    shot(dialog, "preview_below_zero")


def test_a_held_duplicate_is_shown_beside_the_earlier_payment_and_decided(
        keep_alive: list[object], qtbot: QtBot, demo_workspace: Workspace, tmp_path: Path,
        shot: Shot) -> None:
    from oa_desktop.ui.era.duplicate_dialog import DuplicateDialog

    store = demo_workspace.store
    _, pcn, lines = open_claims(demo_workspace, 1)[0]
    payment = _paying(pcn, lines, Decimal("0.8"))
    posting.post(store, import_era(demo_workspace, tmp_path, "a.835",
                                   era_text([payment], trace="T1")))
    again = import_era(demo_workspace, tmp_path, "b.835",
                       era_text([payment], trace="T2", day="20261208", control="0002"))
    row = posting.preview(store, again).claims[0]
    found = duplicates.side_by_side(store, row.rc.id)
    assert found is not None
    dialog = DuplicateDialog(found)
    qtbot.addWidget(dialog)
    keep_alive.append(dialog)
    dialog.resize(900, 420)
    cells = [[dialog.table.item(r, c).text() for c in (0, 1)]
             for r in range(dialog.table.rowCount())]
    assert cells[0] == ["T1", "T2"] and cells[5][0] == cells[5][1]  # paid, both
    shot(dialog, "duplicate_side_by_side")
    dialog.duplicate_button.click()
    assert dialog.decision == "duplicate"
