from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from oa_desktop.x12.model_835 import Remittance835
from oa_desktop.x12.parse import parse_file
from oa_desktop.x12.tokenizer import tokenize
from tests.x12.conftest import corpus_params, fixture


def _era(path: Path) -> Remittance835:
    item = parse_file(path).transactions[0]
    assert isinstance(item, Remittance835)
    return item


def test_payment_payer_and_payee() -> None:
    era = _era(fixture("era_basic.835"))
    assert (era.amount, era.method, era.credit_debit) == (Decimal("245"), "ACH", "C")
    assert era.payment_date == date(2026, 11, 21)
    assert (era.trace_number, era.originator_id) == ("EFT12345", "1512345678")
    assert era.production_date == date(2026, 11, 20)
    assert era.payer.name == "ACME HEALTH PLAN" and era.payer_id == "ACME01"
    assert era.payer.city == "HARTFORD" and era.payer.contacts[0][2] == "EDI DESK"
    assert era.payee.name == "BRIGHT PATH THERAPY"
    assert era.payee_npi == era.payee.id and era.payee_tax_id == "123456789"
    assert era.balanced and era.balance_errors == []


def test_claims_lines_adjustments_and_remarks() -> None:
    era = _era(fixture("era_basic.835"))
    assert [c.patient_control_number for c in era.claims] == ["C1001", "C1002", "C1003", "C1004"]
    first = era.claims[0]
    assert (first.status_code, first.charge, first.paid) == ("1", Decimal("360"), Decimal("200"))
    assert first.patient_responsibility == Decimal("30")
    assert (first.payer_claim_number, first.frequency) == ("PCN9001", "1")
    assert (first.patient_last, first.patient_first, first.member_id) == ("DOE", "JANE",
                                                                          "XYZ123456")
    assert first.dates == {"232": date(2026, 11, 2)}
    assert first.amounts == {"AU": Decimal("230")}
    one, two = first.lines
    assert (one.procedure, one.charge, one.paid, one.units) == ("90837", Decimal("180"),
                                                                Decimal("100"), Decimal("1"))
    assert [(a.group, a.reason, a.amount) for a in one.adjustments] == [
        ("CO", "45", Decimal("50")), ("PR", "2", Decimal("30"))]
    assert one.control_number == "C1001L1" and one.service_date == date(2026, 11, 2)
    assert one.amounts == {"B6": Decimal("130")}
    assert (two.modifiers, two.original_procedure, two.remarks) == (("HO",), "90834", ("N130",))
    denied = era.claims[1]
    assert denied.status_code == "4" and denied.remark_codes == ["MA130"]
    reversal = era.claims[2]
    assert reversal.status_code == "22" and reversal.paid == Decimal("-50")
    [plb] = era.provider_adjustments
    assert (plb.reason, plb.reference, plb.amount) == ("WO", "PCN9001", Decimal("5"))


def test_unmodelled_segments_are_kept() -> None:
    era = _era(fixture("era_basic.835"))
    assert ["TS3", era.payee.id, "11", "20261231", "4", "730"] in era.other_segments
    first = era.claims[0]
    kept = [seg[0] + "*" + seg[1] for seg in first.other_segments]
    assert kept == ["NM1*82", "PER*CX"]


def test_balancing_failures_are_reported_not_fixed() -> None:
    era = _era(fixture("era_unbalanced.835"))
    assert not era.balanced
    assert [e.level for e in era.balance_errors] == ["line", "claim", "payment"]
    assert era.claims[3].paid == Decimal("90")  # kept as sent
    assert "payment 245 (BPR02)" in era.balance_errors[2].message


def _naive(path: Path) -> tuple[list[str], Decimal, list[Decimal]]:
    """CLP01s, the sum of CLP04 and each BPR02, by plain splitting (no reader)."""
    doc = tokenize(path.read_bytes())
    clp01: list[str] = []
    paid = Decimal("0")
    bpr: list[Decimal] = []
    for ts in doc.transactions:
        for seg in ts.segments:
            if seg[0] == "CLP":
                clp01.append(seg[1])
                paid += Decimal(seg[4] or "0")
            elif seg[0] == "BPR":
                bpr.append(Decimal(seg[2] or "0"))
    return clp01, paid, bpr


@pytest.mark.parametrize("path", corpus_params("835"))
def test_corpus_835_agrees_with_a_naive_count(path: Path) -> None:
    result = parse_file(path)
    eras = [t for t in result.transactions if isinstance(t, Remittance835)]
    assert eras, "no 835 read"
    clp01, paid, bpr = _naive(path)
    assert [c.patient_control_number for e in eras for c in e.claims] == clp01
    assert sum((c.paid for e in eras for c in e.claims), Decimal("0")) == paid
    assert [e.amount for e in eras] == bpr
    for era in eras:  # balancing is computed and reported, whatever the sample says
        assert era.balanced == (not era.balance_errors)


def test_handles_every_835_in_the_corpus() -> None:
    params = corpus_params("835")
    if not params or getattr(params[0], "marks", None):
        pytest.skip("../shared/corpus is absent")
    assert len(params) >= 34
