"""Desk payments, credit, adjustments, refunds, recoupments and their undo."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from oa_desktop.errors import KnownError
from oa_desktop.services.patients import actions
from oa_desktop.services.patients.account import account_json, patient_account
from oa_desktop.store import claims
from oa_desktop.store.db import Store
from tests.store.factories import make_claim

D = Decimal
DAY = date(2026, 11, 20)


def _second_claim(store: Store, first_id: int, charge: str, day: date) -> int:
    from oa_desktop.domain.models import Claim, ServiceLine

    first = claims.get_claim(store, first_id)
    claim = Claim(patient_id=first.patient_id, coverage_id=first.coverage_id,
                  patient_control_number=claims.new_pcn(store), diagnoses=["F840"],
                  lines=[ServiceLine(day, "90837", D(charge), D(1))])
    return claims.save_claim(store, claim)


def _pr(store: Store, claim_id: int, amount: str) -> None:
    """The payer said the patient owes ``amount`` (as an ERA posting writes it)."""
    with store.write() as db:
        claims.add_ledger_entry(db, claim_id, "patient_responsibility", D(amount),
                                at="2026-11-10T00:00:00+00:00", group_code="PR",
                                reason_code="2", source="835")


@pytest.fixture
def two_claims(store: Store) -> tuple[int, int, int]:
    old = make_claim(store, charge="100.00", day=date(2026, 10, 1))
    assert old.id is not None
    new = _second_claim(store, old.id, "80.00", date(2026, 10, 15))
    _pr(store, old.id, "20.00")
    _pr(store, new, "30.00")
    return old.patient_id, old.id, new


def _balance(store: Store, claim_id: int) -> Decimal:
    return claims.balance(store, claim_id)


def test_payment_goes_to_the_oldest_patient_share_first_and_the_rest_is_credit(
        store: Store, two_claims: tuple[int, int, int]) -> None:
    patient, old, new = two_claims
    result = actions.take_payment(store, patient, D("60.00"), "cash", on=DAY)
    assert result.applied == [(old, D("20.00")), (new, D("30.00"))]
    assert result.credit_change == D("10.00")
    account = patient_account(store, patient)
    assert account.credit_amount == D("10.00")
    assert account.patient_balance_amount == D("0.00")
    assert account.balance_amount == D("130.00")  # 180 charged, 50 paid
    assert account.entries[-1].balance == D("120.00")  # less the credit
    assert account_json(account)["credit"] == "10.00"


def test_payment_to_picked_claims_pays_their_whole_balance(
        store: Store, two_claims: tuple[int, int, int]) -> None:
    patient, _, new = two_claims
    result = actions.take_payment(store, patient, D("100.00"), "card", reference="4242",
                                  claim_ids=[new], on=DAY)
    assert result.applied == [(new, D("80.00"))] and result.credit_change == D("20.00")
    assert _balance(store, new) == 0


def test_credit_is_applied_refunded_and_never_below_zero(
        store: Store, two_claims: tuple[int, int, int]) -> None:
    patient, old, _ = two_claims
    actions.take_payment(store, patient, D("25.00"), "check", reference="1001", as_credit=True)
    with pytest.raises(KnownError, match="more than that"):
        actions.refund(store, patient, D("25.01"), "check")
    used = actions.apply_credit(store, patient)
    assert used.applied == [(old, D("20.00")), (two_claims[2], D("5.00"))]
    with pytest.raises(KnownError, match="no credit"):
        actions.apply_credit(store, patient)
    assert patient_account(store, patient).credit_amount == 0


def test_check_needs_its_number(store: Store, two_claims: tuple[int, int, int]) -> None:
    with pytest.raises(KnownError, match="check number"):
        actions.take_payment(store, two_claims[0], D("5.00"), "check")
    with pytest.raises(KnownError, match="more than"):
        actions.take_payment(store, two_claims[0], D("0.00"), "cash")
    with pytest.raises(KnownError, match="last four digits"):
        actions.take_payment(store, two_claims[0], D("5.00"), "card",
                             reference="4111111111111111")


def test_adjustment_reasons_and_limits(store: Store, two_claims: tuple[int, int, int]) -> None:
    _, old, _ = two_claims
    with pytest.raises(KnownError, match="more than the claim's balance"):
        actions.adjust(store, old, D("100.01"), "courtesy")
    with pytest.raises(KnownError, match="needs a few words"):
        actions.adjust(store, old, D("1.00"), "other")
    with pytest.raises(KnownError, match="not one of"):
        actions.adjust(store, old, D("1.00"), "made_up")
    actions.adjust(store, old, D("40.00"), "contractual")
    actions.adjust(store, old, D("5.00"), "other", note="Front desk error")
    code = actions.add_reason(store, "Prompt-pay discount", "adjustment")
    actions.adjust(store, old, D("5.00"), code)
    assert _balance(store, old) == D("50.00")
    kinds = store.read.execute("SELECT kind, reason_code FROM ledger WHERE action_id IS NOT NULL "
                               "ORDER BY id").fetchall()
    assert kinds == [("adjustment", "contractual"), ("write_off", "other"),
                     ("adjustment", "prompt_pay_discount")]


def test_recoupment_outside_an_era_raises_the_balance(
        store: Store, two_claims: tuple[int, int, int]) -> None:
    _, old, _ = two_claims
    with pytest.raises(KnownError, match="cannot take back"):
        actions.recoup(store, old, D("1.00"))
    with store.write() as db:
        claims.add_ledger_entry(db, old, "payment", D("60.00"), at="2026-11-10", source="835")
    actions.recoup(store, old, D("15.00"), payer="Aetna", reference="LTR-9")
    assert _balance(store, old) == D("55.00")


def test_every_action_is_undone_by_opposite_rows(
        store: Store, two_claims: tuple[int, int, int]) -> None:
    patient, old, new = two_claims
    before = {c: _balance(store, c) for c in (old, new)}
    pay = actions.take_payment(store, patient, D("70.00"), "cash", on=DAY)
    adj = actions.adjust(store, new, D("10.00"), "small_balance", on=DAY)
    ledger_rows = store.read.execute("SELECT * FROM ledger ORDER BY id").fetchall()
    for action_id in (adj.action_id, pay.action_id):
        actions.undo(store, action_id, on=date(2026, 12, 1))
    assert {c: _balance(store, c) for c in (old, new)} == before
    assert patient_account(store, patient).credit_amount == 0
    after = store.read.execute("SELECT * FROM ledger ORDER BY id").fetchall()
    assert after[:len(ledger_rows)] == ledger_rows  # nothing rewritten, only added
    with pytest.raises(KnownError, match="undone already"):
        actions.undo(store, pay.action_id)
    undone = [e for e in patient_account(store, patient).entries if e.undone]
    assert undone and all(e.on_date in ("2026-11-20", "2026-12-01") for e in undone)


def test_undo_of_a_payment_whose_credit_was_refunded_waits_for_the_refund(
        store: Store, two_claims: tuple[int, int, int]) -> None:
    patient = two_claims[0]
    pay = actions.take_payment(store, patient, D("10.00"), "cash", as_credit=True)
    back = actions.refund(store, patient, D("10.00"), "check", reference="5001")
    with pytest.raises(KnownError, match="Undo the later refund"):
        actions.undo(store, pay.action_id)
    actions.undo(store, back.action_id)
    actions.undo(store, pay.action_id)
    assert patient_account(store, patient).credit_amount == 0


def test_the_ledger_refuses_updates_and_deletes(
        store: Store, two_claims: tuple[int, int, int]) -> None:
    actions.take_payment(store, two_claims[0], D("70.00"), "cash")
    for sql in ("UPDATE ledger SET amount_cents = 1", "DELETE FROM patient_credit",
                "UPDATE account_actions SET amount_cents = 1", "DELETE FROM adjustment_reasons"):
        with pytest.raises(Exception, match="append-only|never deleted"), store.write() as db:
            db.execute(sql)
