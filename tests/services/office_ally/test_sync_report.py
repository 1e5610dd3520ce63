"""Sync says what happened to claims and money, and when answers come after a send."""

from __future__ import annotations

from decimal import Decimal

from oa_desktop.domain.status import ClaimStatus, EventKind
from oa_desktop.services.demo.practice import add_demo_eras
from oa_desktop.services.office_ally import sync_report
from oa_desktop.services.office_ally.connection import SyncResult
from oa_desktop.services.office_ally.sync_report import SyncOutcome
from oa_desktop.services.workspace import Workspace
from oa_desktop.store import claims, era_queries
from oa_desktop.store.claims_list import ClaimQuery, claim_ids
from tests.conftest import DEMO_DAY


def test_the_line_counts_claims_and_money() -> None:
    outcome = SyncOutcome(accepted=2, rejected=1, eras=3, era_amount=Decimal("412.50"))
    assert outcome.line == "2 claims accepted, 1 rejected; 3 ERAs ready to post ($412.50)"
    assert SyncOutcome(rejected=1).line == "1 claim rejected"
    assert SyncOutcome(eras=1, era_amount=Decimal("5")).line == "1 ERA ready to post ($5.00)"
    result = SyncResult([object()], "2026-11-02T10:00:00+00:00",  # type: ignore[list-item]
                        outcome=outcome)
    assert result.summary == ("Synced with Office Ally: 2 claims accepted, 1 rejected; "
                              "3 ERAs ready to post ($412.50).")


def test_nothing_new_right_after_sending_says_when_answers_come() -> None:
    result = SyncResult([], "2026-11-02T10:00:00+00:00",
                        outcome=SyncOutcome(waiting_first_answer=3))
    assert "nothing new yet" in result.summary
    assert "3 sent claims await Office Ally's first answer" in result.summary
    assert "1 sent claim awaits" in SyncOutcome(waiting_first_answer=1).waiting_line
    both = SyncOutcome(waiting_first_answer=24, sent_waiting=54).waiting_line
    assert both.startswith("24 of the 54 sent claims await Office Ally's first answer")
    assert "999" in result.summary and "277CA" in result.summary and "automatic sync" in (
        result.summary.lower())
    assert SyncResult([], "x").summary == "Synced with Office Ally: nothing new."


def test_since_counts_what_arrived_after_the_mark(demo_workspace: Workspace) -> None:
    store = demo_workspace.store
    before = sync_report.mark(store)
    waiting = claim_ids(store, ClaimQuery(statuses=frozenset({ClaimStatus.SUBMITTED})))
    first, second, third = waiting[:3]
    claims.add_event(store, first, EventKind.FILE_ACCEPTED, source="999", codes="A")
    claims.add_event(store, first, EventKind.PAYER_ACKNOWLEDGED, source="277", codes="A2:20")
    claims.add_event(store, second, EventKind.FILE_ACCEPTED, source="999", codes="A")
    claims.add_event(store, third, EventKind.CLEARINGHOUSE_REJECTED, source="report")
    claims.add_event(store, third, EventKind.NOTE, text="a user's note does not count")
    add_demo_eras(demo_workspace, DEMO_DAY)
    eras, amount = era_queries.to_post(store)
    outcome = sync_report.since(store, before)
    assert (outcome.accepted, outcome.rejected, outcome.reported) == (2, 1, 0)
    assert (outcome.eras, outcome.era_amount) == (eras, amount)
    assert eras > 0 and amount > 0
    assert outcome.waiting_first_answer == len(waiting) - 3
    sent = claim_ids(store, ClaimQuery(statuses=frozenset({
        ClaimStatus.SUBMITTED, ClaimStatus.ACCEPTED_BY_CLEARINGHOUSE,
        ClaimStatus.ACCEPTED_BY_PAYER})))
    assert outcome.sent_waiting == len(sent) > outcome.waiting_first_answer  # as the sidebar
    assert sync_report.since(store, sync_report.mark(store)).anything is False
