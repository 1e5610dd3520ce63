"""The ERA screen for a payment the biller marked a duplicate: shown as set aside, the
ERA counts as handled, and "Not a duplicate after all…" holds it again."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from oa_desktop.services.era import duplicates, posting
from oa_desktop.services.workspace import Workspace
from oa_desktop.store import remittances
from oa_desktop.ui.era.list_view import EraListView
from tests.services.era.helpers import era_text, import_era, open_claims
from tests.services.era.test_posting import _paying


def test_a_payment_set_aside_as_duplicate_is_shown_and_can_be_held_again(
    qtbot: Any, demo_workspace: Workspace, tmp_path: Path,
) -> None:
    store = demo_workspace.store
    (_, pcn, lines), (_, other, other_lines) = open_claims(demo_workspace, 2)
    payment = _paying(pcn, lines, Decimal("0.8"))
    posting.post(store, import_era(demo_workspace, tmp_path, "a.835",
                                   era_text([payment], trace="T1")))
    rid = import_era(demo_workspace, tmp_path, "b.835", era_text(
        [payment, _paying(other, other_lines, Decimal("0.5"))], trace="T2", day="20261208",
        control="0002"))
    posting.post(store, rid)
    held = next(c for c in posting.preview(store, rid).claims)
    duplicates.decide(store, held.rc.id, is_duplicate=True)

    view = EraListView(demo_workspace)
    qtbot.addWidget(view)
    view.show()
    assert view.select(rid)
    detail = view.detail
    row = next(i for i, c in enumerate(detail.claims_model.items) if c.pcn == pcn)
    assert detail.claims_model.index(row, 4).data() == "Set aside as duplicate"
    def choose(index: int) -> None:
        detail.claims_table.setCurrentIndex(detail.claims_proxy.mapFromSource(
            detail.claims_model.index(index, 0)))

    choose(1 - row)  # the other claim, posted: nothing to undo there
    assert not detail.buttons["undo_duplicate"].isVisible()
    choose(row)
    assert detail.buttons["undo_duplicate"].isVisible()
    assert "Set aside as duplicate" in detail.claim_detail.toPlainText()
    assert remittances.get_remittance(store, rid).status == "posted"  # fully handled

    detail.buttons["undo_duplicate"].click()
    assert remittances.get_remittance(store, rid).status == "partly_posted"
    assert posting.preview(store, rid).claims[0].action == "held_duplicate"


def test_an_unreadable_set_shows_its_problem_and_nothing_of_another_era(
    qtbot: Any, demo_workspace: Workspace, tmp_path: Path,
) -> None:
    from oa_desktop.services.era import importing
    from tests.services.era.helpers import DEMO_TAX_ID
    from tests.x12.handmade import era_835, era_claim, era_file

    first = era_835("0001", [era_claim("ZZ1")], "100").replace("SE*15*0001~", "")
    second = era_835("0002", [era_claim("ZZ2")], "100").replace("EFT12345", "EFT777")
    path = tmp_path / "two.835"
    path.write_text(era_file(first, second).replace("REF*TJ*123456789",
                                                    f"REF*TJ*{DEMO_TAX_ID}"))
    bad, good = importing.import_era_file(demo_workspace, path).remittance_ids
    view = EraListView(demo_workspace)
    qtbot.addWidget(view)
    view.show()
    assert view.select(good)
    assert "ZZ2" in view.detail.claim_detail.toPlainText()
    assert view.select(bad)
    detail = view.detail
    assert "set 0001 (835, from segment 3)" in detail.header.text()
    assert "corrected copy" in detail.header.text()
    assert detail.claim_detail.toPlainText() == ""
    assert not detail.buttons["match"].isEnabled()
    assert not detail.buttons["undo_duplicate"].isVisible()
