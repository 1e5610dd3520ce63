"""The Problems worklist without Qt: kinds, order, counts, filters, and each next step."""

from __future__ import annotations

from datetime import timedelta

import pytest

from oa_desktop.domain.next_steps import ProblemKind, Step
from oa_desktop.domain.status import ClaimStatus, EventKind
from oa_desktop.errors import KnownError
from oa_desktop.services.claims import problems
from oa_desktop.services.workspace import Workspace
from oa_desktop.store import claims
from oa_desktop.store.claims_list import status_counts
from tests.conftest import DEMO_DAY


def test_every_rejected_and_denied_claim_is_listed_oldest_and_largest_first(
        demo_workspace: Workspace) -> None:
    store = demo_workspace.store
    items = problems.worklist(store, DEMO_DAY)
    counts = problems.counts(items)
    statuses = status_counts(store)
    assert counts[ProblemKind.REJECTED] == statuses[ClaimStatus.REJECTED]
    assert counts[ProblemKind.DENIED] == statuses[ClaimStatus.DENIED]
    assert counts[ProblemKind.NEEDS_INFO] == statuses[ClaimStatus.INFO_REQUESTED] > 0
    assert problems.count(store, DEMO_DAY) == len(items) == sum(counts.values())
    keys = [(-i.days, -i.amount) for i in items]
    assert keys == sorted(keys)
    for item in items:
        assert item.reason and item.amount > 0 and item.patient and item.payer
        assert item.service_date and item.days >= 0
    denied = [i for i in items if i.kind is ProblemKind.DENIED]
    assert all(i.codes.startswith("CO-") and "CO-" not in i.reason for i in denied)


def test_filters_by_kind_and_payer(demo_workspace: Workspace) -> None:
    store = demo_workspace.store
    items = problems.worklist(store, DEMO_DAY)
    payer = items[0].payer_id
    by_payer = problems.worklist(store, DEMO_DAY, payer_id=payer)
    assert by_payer and {i.payer_id for i in by_payer} == {payer}
    rejected = problems.worklist(store, DEMO_DAY, kinds=[ProblemKind.REJECTED])
    assert rejected and {i.kind for i in rejected} == {ProblemKind.REJECTED}


def test_timely_filing_denials_offer_no_replacement(demo_workspace: Workspace) -> None:
    store = demo_workspace.store
    late = [i for i in problems.worklist(store, DEMO_DAY) if i.codes == "CO-29"]
    assert late, "the demo denies some claims for timely filing"
    assert all(Step.CORRECT_AND_RESUBMIT not in i.steps for i in late)
    with pytest.raises(KnownError, match="not a step"):
        problems.correct_and_resubmit(store, late[0].claim_id, "PAYER-1", DEMO_DAY)
    letter = "\n".join(problems.appeal_letter(store, late[0].claim_id, DEMO_DAY))
    assert late[0].pcn in letter and "filing" in letter


def test_appeal_and_waiting_park_a_claim_until_its_day_or_a_new_answer(
        demo_workspace: Workspace) -> None:
    store = demo_workspace.store
    items = problems.worklist(store, DEMO_DAY, kinds=[ProblemKind.DENIED])
    first, second = items[0], items[1]
    before = problems.count(store, DEMO_DAY)
    assert "comes back" in problems.appeal(store, first.claim_id, "Sent records",
                                           follow_up_days=30, today=DEMO_DAY)
    problems.mark_waiting(store, second.claim_id, 10, today=DEMO_DAY)
    assert problems.count(store, DEMO_DAY) == before - 2
    parked = {i.claim_id: i for i in problems.worklist(store, DEMO_DAY, waiting=True)}
    assert parked[first.claim_id].waiting_note == "Sent records"
    assert problems.is_waiting(parked[second.claim_id], DEMO_DAY)
    later = DEMO_DAY + timedelta(days=11)
    back = {i.claim_id for i in problems.worklist(store, later)}
    assert second.claim_id in back and first.claim_id not in back
    claims.add_event(store, first.claim_id, EventKind.STATUS_REPORTED, source="277",
                     at="2099-01-01T00:00:00+00:00", codes="F2:88", text="Still denied")
    assert first.claim_id in {i.claim_id for i in problems.worklist(store, DEMO_DAY)}


def test_write_off_closes_with_the_reason(demo_workspace: Workspace) -> None:
    store = demo_workspace.store
    item = problems.worklist(store, DEMO_DAY, kinds=[ProblemKind.DENIED])[0]
    with pytest.raises(KnownError):
        problems.write_off(store, item.claim_id, " ", today=DEMO_DAY)
    message = problems.write_off(store, item.claim_id, "Appeal lost", today=DEMO_DAY)
    assert "Wrote off $" in message and "Appeal lost" in message
    assert claims.get_claim(store, item.claim_id).status == ClaimStatus.CLOSED
    assert item.claim_id not in {i.claim_id for i in problems.all_problems(store, DEMO_DAY)}


def test_correct_and_resubmit_makes_a_replacement_draft(demo_workspace: Workspace) -> None:
    store = demo_workspace.store
    item = next(i for i in problems.worklist(store, DEMO_DAY, kinds=[ProblemKind.DENIED])
                if Step.CORRECT_AND_RESUBMIT in i.steps)
    message = problems.correct_and_resubmit(store, item.claim_id, "PAYER-9", DEMO_DAY)
    assert "replacement (7)" in message and "PAYER-9" in message
    claim = claims.get_claim(store, item.claim_id)
    assert (claim.status, claim.original_claim_number) == (ClaimStatus.DRAFT, "PAYER-9")


def test_a_rejection_is_not_written_off_or_appealed(demo_workspace: Workspace) -> None:
    store = demo_workspace.store
    item = problems.worklist(store, DEMO_DAY, kinds=[ProblemKind.REJECTED])[0]
    with pytest.raises(KnownError, match="not a step"):
        problems.write_off(store, item.claim_id, "Small balance", today=DEMO_DAY)
    with pytest.raises(KnownError, match="not a step"):
        problems.appeal(store, item.claim_id, today=DEMO_DAY)


def test_needs_information_and_stuck_kinds(demo_workspace: Workspace) -> None:
    store = demo_workspace.store
    waiting = next(i for i in problems.all_problems(store, DEMO_DAY)
                   if i.kind is ProblemKind.STUCK)
    assert "answer" in waiting.reason or "payment" in waiting.reason
    target = waiting.claim_id
    claims.add_event(store, target, EventKind.STATUS_REPORTED, source="277",
                     at="2099-01-01T00:00:00+00:00", codes="P3:21",
                     text="Pending: the payer needs the patient's medical records")
    item = next(i for i in problems.all_problems(store, DEMO_DAY) if i.claim_id == target)
    assert item.kind is ProblemKind.NEEDS_INFO
    assert "medical records" in item.reason and item.steps == (Step.MARK_WAITING,)
