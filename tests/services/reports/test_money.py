"""Statements, patient aging and the money reports read real patient payments."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from oa_desktop.services.patients import actions
from oa_desktop.services.reports import money, practice
from oa_desktop.services.reports.statements import statements, write_statements_csv
from oa_desktop.store import claims, report_queries
from oa_desktop.store.db import Store
from tests.store.factories import make_claim

D = Decimal
DAY = date(2026, 11, 20)


@pytest.fixture
def owing(store: Store) -> tuple[int, int]:
    """A claim the payer paid $60.00 on, saying the patient owes $25.00 (PR-2)."""
    claim = make_claim(store, charge="100.00", day=date(2026, 10, 1))
    assert claim.id is not None
    with store.write() as db:
        claims.add_ledger_entry(db, claim.id, "payment", D("60.00"), at="2026-11-05T10:00:00",
                                source="835", source_ref="EFT1")
        claims.add_ledger_entry(db, claim.id, "adjustment", D("15.00"), at="2026-11-05T10:00:00",
                                group_code="CO", reason_code="45", source="835")
        claims.add_ledger_entry(db, claim.id, "patient_responsibility", D("25.00"),
                                at="2026-11-05T10:00:00", group_code="PR", reason_code="2",
                                source="835")
    return claim.patient_id, claim.id


def test_statement_says_what_the_patient_really_paid(store: Store, owing: tuple[int, int]) -> None:
    """The old gap: nothing wrote patient payments, so "You paid" was always $0.00."""
    patient, _ = owing
    actions.take_payment(store, patient, D("10.00"), "cash", on=DAY)
    [statement] = statements(store)
    assert statement.claims[0].patient_paid_amount == D("10.00")
    assert statement.owes_amount == D("15.00")
    [money_row] = report_queries.claim_money(store)  # what patient aging sums
    assert money_row.patient_due_cents == 1500


def test_credit_comes_off_the_bill_and_a_covered_patient_gets_none(
        store: Store, owing: tuple[int, int], tmp_path: Path) -> None:
    patient, _ = owing
    actions.take_payment(store, patient, D("5.00"), "cash", as_credit=True)
    [statement] = statements(store)
    assert (statement.share_amount, statement.credit_amount, statement.owes_amount) == (
        D("25.00"), D("5.00"), D("20.00"))
    assert statements(store, threshold=D("20.00")) == []
    assert write_statements_csv([statement], tmp_path / "s.csv") == 1
    assert "20.00" in (tmp_path / "s.csv").read_text(encoding="utf-8-sig")
    actions.take_payment(store, patient, D("20.00"), "cash", as_credit=True)
    assert statements(store) == []


def test_deposit_slip_lists_the_days_payments_by_method(
        store: Store, owing: tuple[int, int]) -> None:
    patient, _ = owing
    actions.take_payment(store, patient, D("10.00"), "check", reference="1234", on=DAY)
    actions.take_payment(store, patient, D("4.00"), "cash", on=DAY)
    undone = actions.take_payment(store, patient, D("7.00"), "card", reference="4242", on=DAY)
    actions.undo(store, undone.action_id, on=DAY)
    actions.take_payment(store, patient, D("1.00"), "cash", on=date(2026, 11, 21))
    slip = money.deposit_slip(store, DAY)
    assert [r[:2] + [r[3]] for r in slip.rows] == [["Cash", "", D("4.00")],
                                                   ["Check", "1234", D("10.00")]]
    assert slip.total is not None and slip.total[-1] == D("14.00")


def test_collections_and_adjustments_by_reason(store: Store, owing: tuple[int, int]) -> None:
    patient, claim_id = owing
    actions.take_payment(store, patient, D("25.00"), "cash", on=DAY)
    by_code = money.collections(store, date(2026, 11, 1), date(2026, 11, 30), by="procedure")
    assert by_code.rows == [["97153", D("60.00"), D("25.00"), D("85.00")]]
    by_provider = money.collections(store, date(2026, 11, 1), date(2026, 11, 30), by="provider")
    assert by_provider.total is not None and by_provider.total[-1] == D("85.00")
    with store.write() as db:
        claims.add_ledger_entry(db, claim_id, "payment", D("-5.00"), at="2026-11-21",
                                source="835")
    actions.adjust(store, claim_id, D("5.00"), "small_balance", on=DAY)
    report = money.adjustments_by_reason(store, date(2026, 11, 1), date(2026, 11, 30))
    assert [r[0] for r in report.rows] == ["CO-45 Charge exceeds fee schedule/maximum "
                                           "allowable or contracted/legislated fee "
                                           "arrangement.", "Small balance write-off"] or \
        [r[1:] for r in report.rows] == [["Adjustment", 1, D("15.00")],
                                         ["Write-off", 1, D("5.00")]]
    assert report.total is not None and report.total[-1] == D("20.00")


def test_month_end_reconciles(store: Store, owing: tuple[int, int]) -> None:
    patient, claim_id = owing
    actions.take_payment(store, patient, D("30.00"), "cash", on=DAY)  # 25 applied, 5 credit
    actions.refund(store, patient, D("2.00"), "check", reference="9", on=DAY)
    october = money.month_end_summary(store, date(2026, 10, 1), date(2026, 10, 31))
    assert october.rows[0][1] == 0 and october.total == ["= A/R at end", D("100.00")]
    november = money.month_end_summary(store, date(2026, 11, 1), date(2026, 11, 30))
    assert november.total is not None
    figures = {r[0]: r[1] for r in [*november.rows, november.total]}
    assert figures["A/R at start"] == D("100.00")
    assert figures["− Insurance payments"] == D("60.00")
    assert figures["− Patient payments"] == D("25.00")
    assert figures["= A/R at end"] == D("0.00")
    assert "$3.00 at end" in november.notes[1]
    assert "Reconciles to the cent" in november.notes[0]
    assert claims.balance(store, claim_id) == 0
    for key in ("deposit", "collections_provider", "collections_procedure", "adjustments",
                "month_end"):
        assert practice.build(store, key, DAY).rows
