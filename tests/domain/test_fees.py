from __future__ import annotations

from datetime import date
from decimal import Decimal

from oa_desktop.domain.fees import FeeRule, SentClaim, monthly_fees, total_fee, triggers

OCT = date(2026, 10, 1)
TAX = "742345678"
A, B, BILLING = "1111111112", "1222222220", "1999999990"


def sent(n: int, non_par: bool, *, npi: str = A, day: date = date(2026, 10, 15),
         tax_id: str = TAX, billing: str = BILLING) -> list[SentClaim]:
    return [SentClaim(day, tax_id, npi, non_par, billing_npi=billing) for _ in range(n)]


def test_exactly_half_non_par_triggers() -> None:
    [row] = monthly_fees(sent(5, True) + sent(5, False), OCT)
    assert (row.claims, row.non_par_claims, row.share_percent) == (10, 5, Decimal("50.00"))
    assert row.fee_amount == Decimal("35.00")


def test_49_9_percent_does_not_trigger() -> None:
    [row] = monthly_fees(sent(499, True) + sent(501, False), OCT)
    assert row.share_percent == Decimal("49.90")
    assert row.fee_amount == Decimal("0.00")


def test_share_is_rounded_down_so_it_never_shows_50_without_a_fee() -> None:
    [row] = monthly_fees(sent(9999, True) + sent(10001, False), OCT)
    assert row.share_percent == Decimal("49.99") and row.fee_amount == 0
    assert not triggers(1, 3, Decimal("50")) and triggers(2, 3, Decimal("50"))


def test_no_rendering_npi_uses_billing_npi() -> None:
    rows = monthly_fees(sent(2, True, npi="") + sent(1, False, npi=BILLING), OCT)
    assert [(r.npi, r.claims, r.non_par_claims) for r in rows] == [(BILLING, 3, 2)]
    assert rows[0].fee_amount == Decimal("35.00")


def test_two_combinations_under_one_tax_id() -> None:
    rows = monthly_fees(sent(3, True, npi=A) + sent(1, False, npi=A)
                        + sent(1, True, npi=B) + sent(3, False, npi=B), OCT)
    assert [(r.tax_id, r.npi, r.fee_amount) for r in rows] == [
        (TAX, A, Decimal("35.00")), (TAX, B, Decimal("0.00"))]
    assert total_fee(rows) == Decimal("35.00")


def test_two_tax_ids_are_separate() -> None:
    rows = monthly_fees(sent(1, True) + sent(1, True, tax_id="123456789"), OCT)
    assert len(rows) == 2 and total_fee(rows) == Decimal("70.00")


def test_only_the_month_counts() -> None:
    claims = sent(1, False) + sent(3, True, day=date(2026, 9, 30)) + sent(3, True,
                                                                          day=date(2026, 11, 1))
    [row] = monthly_fees(claims, date(2026, 10, 20))
    assert (row.claims, row.fee_amount) == (1, Decimal("0.00"))
    assert monthly_fees([], OCT) == []


def test_payer_switching_mid_month_counts_status_when_sent() -> None:
    # the same payer: Par for claims sent on the 3rd, Non-Par after it switched on the 20th
    before = sent(3, False, day=date(2026, 10, 3))
    after = sent(2, True, day=date(2026, 10, 20))
    [row] = monthly_fees(before + after, OCT)
    assert (row.non_par_claims, row.share_percent, row.fee_amount) == (
        2, Decimal("40.00"), Decimal("0.00"))
    [row] = monthly_fees(before + after + sent(1, True, day=date(2026, 10, 31)), OCT)
    assert row.fee_amount == Decimal("35.00")


def test_per_combination_since_february_2019() -> None:
    claims = (sent(1, True, npi=A, day=date(2019, 2, 1))
              + sent(1, False, npi=B, day=date(2019, 2, 28)) * 3)
    rows = monthly_fees(claims, date(2019, 2, 1))
    assert [(r.npi, r.fee_amount) for r in rows] == [(A, Decimal("35.00")), (B, Decimal("0.00"))]


def test_flat_rule_before_february_2019() -> None:
    # the same claims in January 2019: all NPIs together, 1 of 4 Non-Par: no fee
    claims = sent(1, True, npi=A, day=date(2019, 1, 5)) + sent(3, False, npi=B,
                                                                day=date(2019, 1, 6))
    [row] = monthly_fees(claims, date(2019, 1, 1))
    assert (row.npi, row.claims, row.non_par_claims, row.fee_amount) == (
        "", 4, 1, Decimal("0.00"))
    # 2 of 4 of all claims Non-Par: one flat fee, however many NPIs
    claims = sent(2, True, npi=A, day=date(2018, 10, 1)) + sent(2, False, npi=B,
                                                                 day=date(2018, 10, 31))
    [row] = monthly_fees(claims, date(2018, 10, 1))
    assert row.fee_amount == Decimal("35.00")


def test_no_fee_before_october_2018() -> None:
    [row] = monthly_fees(sent(4, True, day=date(2018, 9, 30)), date(2018, 9, 1))
    assert row.non_par_claims == 4 and row.fee_amount == Decimal("0.00")


def test_parameters() -> None:
    rule = FeeRule(fee_amount=Decimal("40"), threshold_percent=Decimal("1"),
                   per_claim_amount=Decimal("0.20"))
    [row] = monthly_fees(sent(1, True) + sent(99, False), OCT, rule)
    assert row.non_par_fee_amount == Decimal("40.00")
    assert row.per_claim_amount == Decimal("20.00")
    assert row.fee_amount == Decimal("60.00")
