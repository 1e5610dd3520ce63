"""Office Ally's monthly Non-Par fee (OFFICE_ALLY.md "Costs").

Claims to Par payers are free. Since 2019-02-01 Office Ally charges a fee (default
$35.00) per calendar month for each Tax ID + rendering NPI combination (the billing NPI
when a claim has no rendering NPI) whose claims that month went 50% or more (inclusive)
to Non-Par payers. From 2018-10-01 to 2019-01-31 the rule was flat: one fee when 50% or
more of all claims went to Non-Par payers; before 2018-10-01 there was no fee.

A claim counts in the month it was sent, with its payer's Par/Non-Par status at that
moment (the batch keeps that snapshot), so a payer switching mid-month changes only the
claims sent after the switch. Fee, threshold and an optional per-claim charge (some
practice-management vendors add one) are parameters; their defaults live in settings.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_DOWN, Decimal

from oa_desktop.domain.money import ZERO, to_money

PER_COMBINATION_FROM = date(2019, 2, 1)
FLAT_FROM = date(2018, 10, 1)


@dataclass(frozen=True, slots=True)
class SentClaim:
    """One claim as it was sent: when, under which Tax ID and NPIs, to which kind of payer."""

    sent_on: date
    tax_id: str
    rendering_npi: str  # empty when the claim has no rendering provider
    non_par: bool  # the payer's Office Ally status when the claim was sent
    billing_npi: str = ""

    @property
    def npi(self) -> str:
        """The NPI Office Ally counts: the rendering NPI, else the billing NPI."""
        return self.rendering_npi or self.billing_npi


@dataclass(frozen=True, slots=True)
class FeeRule:
    """The fee's parameters (settings hold the defaults)."""

    fee_amount: Decimal = Decimal("35.00")
    threshold_percent: Decimal = Decimal("50")  # 50% or more of a month's claims triggers
    per_claim_amount: Decimal = ZERO


@dataclass(frozen=True, slots=True)
class FeeRow:
    """One Tax ID + NPI for one month. ``npi`` is empty for the flat rule (all NPIs)."""

    tax_id: str
    npi: str
    claims: int
    non_par_claims: int
    share_percent: Decimal  # Non-Par share, two decimals, rounded down
    non_par_fee_amount: Decimal
    per_claim_amount: Decimal

    @property
    def fee_amount(self) -> Decimal:
        """What this row costs for the month."""
        return self.non_par_fee_amount + self.per_claim_amount


def first_of_month(day: date) -> date:
    """The first day of ``day``'s month."""
    return day.replace(day=1)


def _share(non_par: int, total: int) -> Decimal:
    if total == 0:
        return Decimal("0.00")
    return (Decimal(non_par * 100) / Decimal(total)).quantize(Decimal("0.01"), ROUND_DOWN)


def triggers(non_par: int, total: int, threshold_percent: Decimal) -> bool:
    """True if ``non_par`` of ``total`` claims reach the threshold (exact, no rounding)."""
    return total > 0 and Decimal(non_par) * 100 >= threshold_percent * total


def _row(tax_id: str, npi: str, claims: list[SentClaim], rule: FeeRule, *,
         charge_fee: bool) -> FeeRow:
    non_par = sum(1 for c in claims if c.non_par)
    fee = ZERO
    if charge_fee and triggers(non_par, len(claims), rule.threshold_percent):
        fee = to_money(rule.fee_amount)
    return FeeRow(
        tax_id=tax_id, npi=npi, claims=len(claims), non_par_claims=non_par,
        share_percent=_share(non_par, len(claims)), non_par_fee_amount=fee,
        per_claim_amount=to_money(rule.per_claim_amount * len(claims)),
    )


def monthly_fees(claims: Iterable[SentClaim], month: date, rule: FeeRule = FeeRule()
                 ) -> list[FeeRow]:
    """The fee rows for the calendar month of ``month``, sorted by Tax ID and NPI.

    Claims sent in other months are ignored. Since 2019-02-01: one row per Tax ID + NPI.
    Before: one row per Tax ID for all its NPIs (an Office Ally account is one Tax ID),
    carrying the flat fee from 2018-10-01 and no Non-Par fee earlier.
    """
    start = first_of_month(month)
    in_month = [c for c in claims if first_of_month(c.sent_on) == start]
    groups: dict[tuple[str, str], list[SentClaim]] = {}
    per_combination = start >= PER_COMBINATION_FROM
    for claim in in_month:
        key = (claim.tax_id, claim.npi if per_combination else "")
        groups.setdefault(key, []).append(claim)
    charge_fee = start >= FLAT_FROM
    return [
        _row(tax_id, npi, groups[(tax_id, npi)], rule, charge_fee=charge_fee)
        for tax_id, npi in sorted(groups)
    ]


def total_fee(rows: Iterable[FeeRow]) -> Decimal:
    """The month's total."""
    return sum((row.fee_amount for row in rows), ZERO)
