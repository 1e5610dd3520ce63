"""Every ledger action moves the claim's status as ERA posting does (one function,
``settle_events``), undo puts it back; and a patient's unapplied credit goes by itself on
the patient share an ERA or a paper EOB posting records, undone with the posting."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from oa_desktop.domain.status import ClaimStatus, EventKind, settle_events
from oa_desktop.services.era import posting
from oa_desktop.services.patients import actions, paper_eob
from oa_desktop.services.patients.account import patient_account
from oa_desktop.services.workspace import Workspace
from oa_desktop.store import claims, patient_ledger
from oa_desktop.store.db import Store
from tests.services.patients.test_paper_eob import _eob, _open_claim

D = Decimal
S = ClaimStatus
DAY = date(2026, 11, 20)


def _status(store: Store, claim_id: int) -> str:
    return str(store.read.execute("SELECT status FROM claims WHERE id = ?",
                                  [claim_id]).fetchone()[0])


def _partly_paid(workspace: Workspace) -> tuple[int, int, Decimal]:
    """A claim a paper EOB paid in part (60 % paid, 20 % the patient's): its id, patient
    and the patient share left open."""
    store = workspace.store
    claim_id, _, lines = _open_claim(workspace)
    paper_eob.enter_and_post(store, _eob(claim_id, lines))
    assert _status(store, claim_id) == "partially_paid"
    return claim_id, patient_ledger.patient_of_claim(store.read, claim_id), \
        claims.balance(store, claim_id)


def test_settle_events_close_at_zero_and_reopen_to_the_payers_answer() -> None:
    assert settle_events(S.PARTIALLY_PAID, 0) == [EventKind.CLOSED]
    assert settle_events(S.PAID, 0) == [EventKind.CLOSED]
    assert settle_events(S.PARTIALLY_PAID, 500) == []
    assert settle_events(S.ACCEPTED_BY_PAYER, 0) == []  # not answered yet: stays
    assert settle_events(S.CLOSED, 500, S.PARTIALLY_PAID) == [EventKind.REOPENED,
                                                              EventKind.PARTIALLY_PAID]
    assert settle_events(S.CLOSED, 0, S.PAID) == []


def test_a_desk_payment_to_zero_closes_the_claim_and_its_undo_reopens_it(
        demo_workspace: Workspace) -> None:
    store = demo_workspace.store
    claim_id, patient, owed = _partly_paid(demo_workspace)
    result = actions.take_payment(store, patient, owed, "cash", claim_ids=[claim_id], on=DAY)
    assert claims.balance(store, claim_id) == 0
    assert _status(store, claim_id) == "closed"
    actions.undo(store, result.action_id, on=DAY)
    assert _status(store, claim_id) == "partially_paid"
    timeline = [e.text for e in claims.timeline(store, claim_id)]
    assert any("closed (patient payment)" in t for t in timeline)
    assert any("reopened (patient payment undone)" in t for t in timeline)


def test_applied_credit_to_zero_closes_and_its_undo_reopens(
        demo_workspace: Workspace) -> None:
    store = demo_workspace.store
    claim_id, patient, owed = _partly_paid(demo_workspace)
    actions.take_payment(store, patient, owed + D("50.00"), "check", reference="12",
                         as_credit=True, on=DAY)
    applied = actions.apply_credit(store, patient, claim_ids=[claim_id], on=DAY)
    assert _status(store, claim_id) == "closed"
    actions.undo(store, applied.action_id, on=DAY)
    assert _status(store, claim_id) == "partially_paid"


@pytest.mark.parametrize("reason", ["small_balance", "contractual"])
def test_an_adjustment_or_write_off_to_zero_closes_and_its_undo_reopens(
        demo_workspace: Workspace, reason: str) -> None:
    store = demo_workspace.store
    claim_id, _, owed = _partly_paid(demo_workspace)
    part = actions.adjust(store, claim_id, D("0.01"), reason, on=DAY)
    assert _status(store, claim_id) == "partially_paid"  # something still owed
    rest = actions.adjust(store, claim_id, owed - D("0.01"), reason, on=DAY)
    assert _status(store, claim_id) == "closed"
    actions.undo(store, rest.action_id, on=DAY)
    assert _status(store, claim_id) == "partially_paid"
    actions.undo(store, part.action_id, on=DAY)
    assert _status(store, claim_id) == "partially_paid"


def test_a_recoupment_reopens_a_closed_claim_and_its_undo_closes_it_again(
        demo_workspace: Workspace) -> None:
    store = demo_workspace.store
    claim_id, _, owed = _partly_paid(demo_workspace)
    actions.adjust(store, claim_id, owed, "courtesy", on=DAY)
    assert _status(store, claim_id) == "closed"
    taken = actions.recoup(store, claim_id, D("10.00"), payer="Aetna", on=DAY)
    assert _status(store, claim_id) == "partially_paid"
    assert claims.balance(store, claim_id) == D("10.00")
    actions.undo(store, taken.action_id, on=DAY)
    assert _status(store, claim_id) == "closed"


def test_a_refund_moves_no_claim(demo_workspace: Workspace) -> None:
    store = demo_workspace.store
    claim_id, patient, owed = _partly_paid(demo_workspace)
    paid = actions.take_payment(store, patient, owed + D("5.00"), "cash",
                                claim_ids=[claim_id], on=DAY)
    assert paid.credit_change == D("5.00") and _status(store, claim_id) == "closed"
    back = actions.refund(store, patient, D("5.00"), "check", reference="9", on=DAY)
    assert _status(store, claim_id) == "closed"
    actions.undo(store, back.action_id, on=DAY)
    assert _status(store, claim_id) == "closed"
    assert claims.check_claim_caches(store) == []


def test_credit_is_used_by_the_next_posting_with_a_patient_share_and_undone_with_it(
        demo_workspace: Workspace) -> None:
    store = demo_workspace.store
    claim_id, _, lines = _open_claim(demo_workspace)
    patient = patient_ledger.patient_of_claim(store.read, claim_id)
    actions.take_payment(store, patient, D("1000.00"), "cash", as_credit=True, on=DAY)
    before_credit = patient_ledger.credit_cents(store.read, patient)
    rid = paper_eob.enter(store, _eob(claim_id, lines))
    plan = posting.preview(store, rid)
    [row] = plan.claims
    share = row.patient_total
    assert share > 0 and row.credit == share  # the whole patient share, from credit
    assert row.balance_before - row.payment - row.contractual - row.credit == row.balance_after
    assert row.balance_after == 0 and row.status_after is S.CLOSED
    assert "Patient credit applied" in plan.summary
    posting.post(store, rid)
    assert claims.balance(store, claim_id) == 0 and _status(store, claim_id) == "closed"
    assert patient_ledger.credit_cents(store.read, patient) == before_credit - int(share * 100)
    account = patient_account(store, patient)
    assert account.patient_balance_amount == 0
    assert any(e.description.startswith("Patient credit applied") for e in account.entries)
    posting.undo(store, rid)
    assert patient_ledger.credit_cents(store.read, patient) == before_credit
    assert _status(store, claim_id) == "accepted_by_payer"
    assert claims.check_claim_caches(store) == []


def test_credit_smaller_than_the_share_leaves_the_rest_owed(
        demo_workspace: Workspace) -> None:
    store = demo_workspace.store
    claim_id, _, lines = _open_claim(demo_workspace)
    patient = patient_ledger.patient_of_claim(store.read, claim_id)
    for action in patient_ledger.patient_actions(store.read, patient):  # a clean slate
        if action.kind != "undo" and patient_ledger.undo_of(store.read, action.id) is None:
            actions.undo(store, action.id)
    actions.take_payment(store, patient, D("1.00"), "cash", as_credit=True, on=DAY)
    rid = paper_eob.enter(store, _eob(claim_id, lines))
    [row] = posting.preview(store, rid).claims
    assert row.credit == D("1.00") and row.status_after is S.PARTIALLY_PAID
    posting.post(store, rid)
    assert patient_ledger.credit_cents(store.read, patient) == 0
    assert claims.balance(store, claim_id) == row.patient_total - D("1.00")


def test_an_era_uses_the_credit_too_and_its_undo_gives_it_back(
        demo_workspace: Workspace) -> None:
    from oa_desktop.services.era import importing
    from tests.services.patients.test_paper_eob import _era_for

    store = demo_workspace.store
    claim_id, pcn, lines = _open_claim(demo_workspace)
    patient = patient_ledger.patient_of_claim(store.read, claim_id)
    actions.take_payment(store, patient, D("2.00"), "cash", as_credit=True, on=DAY)
    credit = patient_ledger.credit_cents(store.read, patient)
    [rid] = importing.import_bytes(demo_workspace, "credit.835",
                                   _era_for(pcn, lines, "ERA77")).remittance_ids
    [row] = posting.preview(store, rid).claims
    assert row.credit == min(D(credit).scaleb(-2), row.patient_total) > 0
    posting.post(store, rid)
    assert patient_ledger.credit_cents(store.read, patient) == credit - int(row.credit * 100)
    assert claims.balance(store, claim_id) == row.balance_after
    posting.undo(store, rid)
    assert patient_ledger.credit_cents(store.read, patient) == credit
    assert claims.check_claim_caches(store) == []
