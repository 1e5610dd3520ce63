"""The Costs screen: Office Ally's fees per month and what sending the ready claims changes.

The fee itself is ``domain.fees`` (the same rule ``oa-desktop fees`` prints); this module
adds the provider names, the "near the threshold" warning and the next-batch preview.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from oa_desktop.domain.fees import FeeRow, FeeRule, SentClaim, first_of_month, monthly_fees
from oa_desktop.services import fees, submit_flow
from oa_desktop.store import records, report_queries, sent_claims, settings
from oa_desktop.store.db import Store

NEAR_POINTS = Decimal(10)  # a share this close below the threshold is a warning


class Level(StrEnum):
    OK = "ok"
    NEAR = "near"  # within NEAR_POINTS below the threshold
    OVER = "over"  # at or over: the fee is due


@dataclass(frozen=True, slots=True)
class CostRow:
    """One Tax ID + NPI in one month, with the name a biller knows the NPI by."""

    fee: FeeRow
    provider_name: str
    level: Level


def level(row: FeeRow, rule: FeeRule) -> Level:
    """How close ``row``'s Non-Par share is to the threshold."""
    if row.claims and Decimal(row.non_par_claims) * 100 >= rule.threshold_percent * row.claims:
        return Level.OVER
    if row.non_par_claims and row.share_percent >= rule.threshold_percent - NEAR_POINTS:
        return Level.NEAR
    return Level.OK


def months(store: Store, today: date) -> list[date]:
    """This month and every month a counted batch was sent, newest first."""
    found = {first_of_month(today)}
    found.update(date(int(m[:4]), int(m[5:7]), 1) for m in report_queries.sent_months(store))
    return sorted(found, reverse=True)


def _rows(store: Store, fee_rows: list[FeeRow], rule: FeeRule) -> list[CostRow]:
    names = report_queries.provider_names(store)
    return [CostRow(r, names.get(r.npi, "All providers" if not r.npi else "Unknown NPI"),
                    level(r, rule)) for r in fee_rows]


def month_costs(store: Store, month: date) -> list[CostRow]:
    """The fee rows of ``month`` (the same as ``oa-desktop fees --month``)."""
    rule = fees.fee_rule(store)
    return _rows(store, fees.fee_report(store, month, rule), rule)


def monthly_totals(store: Store, today: date) -> list[tuple[date, Decimal]]:
    """Each month's total, oldest first (for the chart)."""
    return [(m, fees.month_total(fees.fee_report(store, m))) for m in reversed(months(store,
                                                                                     today))]


@dataclass(frozen=True)
class NextBatch:
    """This month now, and this month if the ready claims were sent today."""

    ready_claims: int
    before: list[CostRow]
    after: list[CostRow]
    test_mode: bool

    @property
    def change_amount(self) -> Decimal:
        """What sending the ready claims now adds to this month's fees."""
        return (sum((r.fee.fee_amount for r in self.after), Decimal("0.00"))
                - sum((r.fee.fee_amount for r in self.before), Decimal("0.00")))

    def before_row(self, tax_id: str, npi: str) -> CostRow | None:
        """This month's row of a Tax ID + NPI before the batch, if it had claims."""
        return next((r for r in self.before
                     if (r.fee.tax_id, r.fee.npi) == (tax_id, npi)), None)


def ready_as_sent(store: Store, today: date) -> list[SentClaim]:
    """The ready claims as they would count if they were sent ``today``."""
    practice = records.load_practice(store)
    tax_id = practice.ein if practice else ""
    return [SentClaim(sent_on=today, tax_id=tax_id, rendering_npi=c.npi, non_par=c.non_par)
            for c in submit_flow.load_candidates(store)]


def next_batch(store: Store, today: date) -> NextBatch:
    """What this month's fees become if every ready claim is sent now."""
    rule = fees.fee_rule(store)
    month = first_of_month(today)
    sent = sent_claims.sent_claims(store, month)
    ready = ready_as_sent(store, today)
    return NextBatch(
        ready_claims=len(ready),
        before=_rows(store, monthly_fees(sent, month, rule), rule),
        after=_rows(store, monthly_fees(sent + ready, month, rule), rule),
        test_mode=bool(settings.TEST_MODE.get(store)),
    )
