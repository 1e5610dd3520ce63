"""A claim payment marked "It is a duplicate" is set aside: its ERA is fully handled, the
payment shows as set aside, and the decision can be undone. Only a LATER repeat that is
neither a reversal nor a correction is held (build item 7)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from oa_desktop.services.era import duplicates, posting
from oa_desktop.services.workspace import Workspace
from oa_desktop.store import audit, remittances
from tests.services.era.helpers import era_text, import_era, open_claims
from tests.services.era.test_posting import _paying


def _states(workspace: Workspace, remittance_id: int) -> dict[str, str]:
    return {rc.pcn: rc.post_state
            for rc in remittances.remittance_claims(workspace.store, remittance_id)}


def test_a_payment_marked_duplicate_is_set_aside_and_its_era_is_handled(
    demo_workspace: Workspace, tmp_path: Path,
) -> None:
    store = demo_workspace.store
    (_, pcn, lines), (_, other, other_lines) = open_claims(demo_workspace, 2)
    payment = _paying(pcn, lines, Decimal("0.8"))
    posting.post(store, import_era(demo_workspace, tmp_path, "a.835",
                                   era_text([payment], trace="T1")))
    again = import_era(demo_workspace, tmp_path, "b.835", era_text(
        [payment, _paying(other, other_lines, Decimal("0.5"))], trace="T2", day="20261208",
        control="0002"))
    posting.post(store, again)  # the other claim is posted; the repeat is held
    assert remittances.get_remittance(store, again).status == "partly_posted"
    held = next(c for c in posting.preview(store, again).claims)
    assert held.action == "held_duplicate"

    duplicates.decide(store, held.rc.id, is_duplicate=True)
    assert remittances.get_remittance(store, again).status == "posted"  # fully handled
    assert _states(demo_workspace, again) == {pcn: "duplicate", other: "posted"}
    assert posting.preview(store, again).claims == []  # never posted

    assert duplicates.undo_decision(store, held.rc.id)
    assert remittances.get_remittance(store, again).status == "partly_posted"
    assert _states(demo_workspace, again)[pcn] == "unposted"
    assert posting.preview(store, again).claims[0].action == "held_duplicate"
    assert not duplicates.undo_decision(store, held.rc.id)  # nothing left to undo
    texts = [e.detail for e in audit.entries(store, audit.AuditFilter(
        action=duplicates.DECIDE))]
    assert any("undone" in t for t in texts) and any("is a duplicate" in t for t in texts)


def test_an_era_of_only_duplicates_is_handled_without_a_posting(
    demo_workspace: Workspace, tmp_path: Path,
) -> None:
    store = demo_workspace.store
    [(_, pcn, lines)] = open_claims(demo_workspace, 1)
    payment = _paying(pcn, lines, Decimal("0.8"))
    posting.post(store, import_era(demo_workspace, tmp_path, "a.835",
                                   era_text([payment], trace="T1")))
    again = import_era(demo_workspace, tmp_path, "b.835",
                       era_text([payment], trace="T2", day="20261208", control="0002"))
    [held] = posting.preview(store, again).claims
    duplicates.decide(store, held.rc.id, is_duplicate=True)
    assert remittances.get_remittance(store, again).status == "posted"
    duplicates.decide(store, held.rc.id, is_duplicate=False)  # changed its mind: post it
    assert remittances.get_remittance(store, again).status == "ready"
    assert posting.preview(store, again).claims[0].action == "paid"


@pytest.mark.parametrize(("day", "status", "held"), [
    ("20261130", "1", False),  # earlier than the posted one: not a repeat
    ("20261201", "1", False),  # the same day: not later
    ("20261202", "1", True),  # later: held
    ("20261202", "22", False),  # a reversal is never held
])
def test_only_a_later_repeat_that_is_not_a_reversal_is_held(
    demo_workspace: Workspace, tmp_path: Path, day: str, status: str, held: bool,
) -> None:
    store = demo_workspace.store
    [(_, pcn, lines)] = open_claims(demo_workspace, 1)
    posting.post(store, import_era(demo_workspace, tmp_path, "a.835", era_text(
        [_paying(pcn, lines, Decimal("0.8"))], trace="T1", day="20261201")))
    repeat = _paying(pcn, lines, Decimal("0.8"), status=status,
                     sign=-1 if status == "22" else 1)
    again = import_era(demo_workspace, tmp_path, "b.835",
                       era_text([repeat], trace="T2", day=day, control="0002"))
    [row] = posting.preview(store, again).claims
    assert (row.action == "held_duplicate") is held, row.action
