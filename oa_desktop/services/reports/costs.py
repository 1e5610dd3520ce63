"""The Costs screen: Office Ally's fees per month and what sending the ready claims changes.

The fee itself is ``domain.fees`` (the same rule ``oa-desktop fees`` prints); this module
adds the provider names, the "near the threshold" warning and the next-batch preview.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any

from oa_desktop.domain.fees import FeeRow, FeeRule, SentClaim, first_of_month, monthly_fees
from oa_desktop.domain.money import format_money
from oa_desktop.services.office_ally import oa_fees as fees
from oa_desktop.services.reports.table import Chart, Kind, ReportColumn, ReportTable, column_sums
from oa_desktop.services.submit import flow
from oa_desktop.store import records, report_queries, sent_claims, settings
from oa_desktop.store.db import Store

NEAR_POINTS = Decimal(10)  # a share this close below the threshold is a warning


class Level(StrEnum):
    """How close a Tax ID + NPI is to Office Ally's Non-Par threshold."""
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
            for c in flow.load_candidates(store)]


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


_COST_COLUMNS = [
    ReportColumn("Provider"), ReportColumn("Tax ID"), ReportColumn("NPI"),
    ReportColumn("Claims", Kind.COUNT), ReportColumn("Non-Par claims", Kind.COUNT),
    ReportColumn("Non-Par share", Kind.PERCENT), ReportColumn("Non-Par fee", Kind.MONEY),
    ReportColumn("Per-claim charge", Kind.MONEY), ReportColumn("Month total", Kind.MONEY),
]


def rule_text(store: Store) -> str:
    """The fee rule in one sentence, with the practice's settings."""
    rule = fees.fee_rule(store)
    text = (f"Claims to Par payers are free. Office Ally charges {format_money(rule.fee_amount)} "
            f"a month for each Tax ID + rendering NPI whose claims that month go "
            f"{rule.threshold_percent}% or more to Non-Par payers.")
    if rule.per_claim_amount:
        text += f" Your vendor adds {format_money(rule.per_claim_amount)} per claim."
    return text


def costs_table(store: Store, month: date, today: date) -> tuple[ReportTable, list[Level]]:
    """The month's fee rows as a report (screen, CSV, PDF) and each row's level."""
    rows = month_costs(store, month)
    body: list[list[Any]] = [
        [r.provider_name, r.fee.tax_id, r.fee.npi, r.fee.claims, r.fee.non_par_claims,
         r.fee.share_percent, r.fee.non_par_fee_amount, r.fee.per_claim_amount,
         r.fee.fee_amount] for r in rows]
    history = monthly_totals(store, today)
    running = " (so far)" if first_of_month(today) == month else ""
    table = ReportTable(
        key="costs", title=f"Office Ally costs for {month:%m/%Y}{running}",
        subtitle=rule_text(store), columns=_COST_COLUMNS, rows=body,
        total=column_sums(body, _COST_COLUMNS) if body else None,
        chart=Chart([f"{m:%m/%Y}" for m, _ in history],
                    [("Office Ally fees", [amount for _, amount in history])]),
        empty_text=f"No claims were sent in {month:%m/%Y}, so Office Ally charges nothing.",
    )
    return table, [r.level for r in rows]


def _verdict(preview: NextBatch) -> str:
    """One line: what the ready claims add this month, and whose fee starts or stops."""
    if not preview.ready_claims:
        return "No claims are ready to send, so the next batch changes nothing yet."
    reach, drop = [], []
    for a in preview.after:
        b = preview.before_row(a.fee.tax_id, a.fee.npi)
        was_over = b is not None and b.level is Level.OVER
        if a.level is Level.OVER and not was_over:
            reach.append(a.provider_name)
        elif was_over and a.level is not Level.OVER:
            drop.append(a.provider_name)
    total = sum((r.fee.fee_amount for r in preview.after), Decimal("0.00"))
    change = preview.change_amount
    text = (f"Sending the {preview.ready_claims} ready claims now "
            + (f"changes this month's fees by {format_money(change)}" if change else
               "leaves this month's fees unchanged") + f" (to {format_money(total)})")
    details = []
    if reach:
        details.append(f"{', '.join(reach)} would reach the Non-Par threshold")
    if drop:
        details.append(f"{', '.join(drop)} would fall below it")
    return text + (": " + "; ".join(details) + "." if details else ".")


_NEXT_COLUMNS = [
    ReportColumn("Provider"), ReportColumn("NPI"), ReportColumn("Claims now", Kind.COUNT),
    ReportColumn("After sending", Kind.COUNT), ReportColumn("Share now", Kind.PERCENT),
    ReportColumn("Share after", Kind.PERCENT), ReportColumn("Fee now", Kind.MONEY),
    ReportColumn("Fee after", Kind.MONEY), ReportColumn("Change", Kind.MONEY),
]


def next_batch_table(preview: NextBatch) -> tuple[ReportTable, list[Level], str]:
    """The next-batch preview as a report, each row's level after, and a one-line verdict."""
    body: list[list[Any]] = []
    for after in preview.after:
        before = preview.before_row(after.fee.tax_id, after.fee.npi)
        now_fee = before.fee.fee_amount if before else Decimal("0.00")
        body.append([after.provider_name, after.fee.npi, before.fee.claims if before else 0,
                     after.fee.claims, before.fee.share_percent if before else Decimal(0),
                     after.fee.share_percent, now_fee, after.fee.fee_amount,
                     after.fee.fee_amount - now_fee])
    verdict = _verdict(preview)
    if preview.test_mode:
        verdict += " (Test mode is on: test batches are not forwarded and cost nothing.)"
    table = ReportTable(
        key="next_batch", title="If you send the ready claims now",
        subtitle=verdict, columns=_NEXT_COLUMNS, rows=body,
        total=column_sums(body, _NEXT_COLUMNS) if body else None,
        empty_text="Nothing sent this month and no claims ready.",
    )
    return table, [a.level for a in preview.after], verdict
