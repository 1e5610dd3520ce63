"""The practice reports: A/R aging, payments, denial reasons, claim status, days to payment.

Each function returns a :class:`ReportTable` whose money is summed over the ledger
(``store.report_queries``). Age counts from the claim's first confirmed upload.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from oa_desktop.domain.status import ClaimStatus
from oa_desktop.services.era.posting import carc_text
from oa_desktop.services.reports import money
from oa_desktop.services.reports.table import (
    Chart,
    Kind,
    ReportColumn,
    ReportTable,
    cents,
    column_sums,
)
from oa_desktop.store import report_queries as q
from oa_desktop.store.db import Store

AGE_BUCKETS = ((0, 30, "0–30"), (31, 60, "31–60"), (61, 90, "61–90"), (91, 120, "91–120"),
               (121, 10**6, "120+"))
PAY_BUCKETS = ((0, 14, "0–14"), (15, 30, "15–30"), (31, 45, "31–45"), (46, 60, "46–60"),
               (61, 90, "61–90"), (91, 10**6, "91+"))
PATIENT_PAYMENTS = "Patient payments"


def _day(iso: str) -> date:
    return datetime.fromisoformat(iso).date() if "T" in iso else date.fromisoformat(iso[:10])


def bucket_index(days: int, buckets: tuple[tuple[int, int, str], ...] = AGE_BUCKETS) -> int:
    """Which bucket ``days`` falls in (negative days count as 0)."""
    days = max(days, 0)
    return next(i for i, (low, high, _) in enumerate(buckets) if low <= days <= high)


def _aging(store: Store, as_of: date, *, by_patient: bool, by_dos: bool = False) -> ReportTable:
    groups: dict[str, list[int]] = defaultdict(lambda: [0] * (len(AGE_BUCKETS) + 1))
    for claim in q.claim_money(store):
        due = claim.patient_due_cents if by_patient else claim.insurance_due_cents
        if claim.first_sent_at is None or due == 0:
            continue
        key = claim.patient_name if by_patient else claim.payer_name
        row = groups[key]
        since = claim.first_date if by_dos and claim.first_date else claim.first_sent_at
        row[bucket_index((as_of - _day(since)).days)] += due
        row[-1] += 1
    columns = [ReportColumn("Patient" if by_patient else "Payer")] + [
        ReportColumn(f"{label} days", Kind.MONEY) for *_, label in AGE_BUCKETS
    ] + [ReportColumn("Total", Kind.MONEY), ReportColumn("Claims", Kind.COUNT)]
    rows: list[list[Any]] = []
    for key, values in groups.items():
        amounts = [cents(v) for v in values[:-1]]
        rows.append([key, *amounts, sum(amounts, Decimal("0.00")), values[-1]])
    rows.sort(key=lambda r: (-r[-2], r[0]))
    total = column_sums(rows, columns) if rows else None
    who = "patients owe" if by_patient else "payers still owe"
    key = "aging_patient" if by_patient else "aging_payer"
    return ReportTable(
        key=key + ("_dos" if by_dos else ""),
        title=("A/R aging by patient" if by_patient else "A/R aging by payer")
        + (", by date of service" if by_dos else ""),
        subtitle=f"What {who} on sent claims, as of {as_of:%m/%d/%Y}, by days since the "
                 + ("date of service." if by_dos else "claim was first sent."),
        columns=columns, rows=rows, total=total,
        chart=Chart([label for *_, label in AGE_BUCKETS],
                    [("Patients" if by_patient else "Insurance",
                      list(total[1:len(AGE_BUCKETS) + 1]) if total else [])]),
        empty_text=("No patient balances. They appear when an ERA says the patient owes "
                    "part of a claim (PR)." if by_patient else
                    "No open insurance balances on sent claims."),
    )


def aging_by_payer(store: Store, as_of: date) -> ReportTable:
    """Open insurance balances by the claim's payer and age bucket."""
    return _aging(store, as_of, by_patient=False)


def aging_by_payer_dos(store: Store, as_of: date) -> ReportTable:
    """Open insurance balances by payer, aged from the date of service (timely filing's
    clock) rather than from the first sending."""
    return _aging(store, as_of, by_patient=False, by_dos=True)


def aging_by_patient(store: Store, as_of: date) -> ReportTable:
    """What each patient owes (PR less patient payments) by age bucket."""
    return _aging(store, as_of, by_patient=True)


def payments_by_payer_month(store: Store, months: int = 12) -> ReportTable:
    """Payments posted per payer per month (the last ``months`` months that have any)."""
    found = q.payments_by_payer_month(store)
    month_keys = sorted({m for _, m, _ in found})[-months:]
    table: dict[str, dict[str, int]] = defaultdict(dict)
    for payer, month, amount in found:
        if month in month_keys:
            table[payer or PATIENT_PAYMENTS][month] = amount
    columns = [ReportColumn("Payer")] + [
        ReportColumn(f"{m[5:]}/{m[:4]}", Kind.MONEY) for m in month_keys
    ] + [ReportColumn("Total", Kind.MONEY)]
    rows: list[list[Any]] = []
    for payer in sorted(table, key=lambda p: (p == PATIENT_PAYMENTS, p)):
        amounts = [cents(table[payer].get(m, 0)) for m in month_keys]
        rows.append([payer, *amounts, sum(amounts, Decimal("0.00"))])
    total = column_sums(rows, columns) if rows else None
    insurance = [sum((r[i + 1] for r in rows if r[0] != PATIENT_PAYMENTS), Decimal("0.00"))
                 for i in range(len(month_keys))]
    series = [("Insurance", insurance)]
    patients = next((r for r in rows if r[0] == PATIENT_PAYMENTS), None)
    if patients:
        series.append(("Patients", patients[1:len(month_keys) + 1]))
    return ReportTable(
        key="payments", title="Payments by payer and month",
        subtitle="Money posted from ERAs and patient payments, net of reversals, by the "
                 "month it was posted.",
        columns=columns, rows=rows, total=total,
        chart=Chart([c.title for c in columns[1:-1]], series),
        empty_text="No payments posted yet. Post an ERA under ERAs to see payments here.",
    )


def denial_reasons(store: Store) -> ReportTable:
    """Each adjustment reason (CARC) that denied a claim: how often, and the charge denied."""
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    events = q.denial_events(store)
    for _, _, _, codes, charge, _ in events:
        reasons = [c.strip() for c in codes.split(",") if c.strip()] or ["(none given)"]
        for reason in dict.fromkeys(reasons):
            counts[reason][0] += 1
            counts[reason][1] += charge
    columns = [ReportColumn("Reason"), ReportColumn("Meaning"),
               ReportColumn("Denials", Kind.COUNT), ReportColumn("Charges denied", Kind.MONEY)]
    rows: list[list[Any]] = [
        [code, carc_text(code.split("-")[-1]) if "-" in code else "", n, cents(amount)]
        for code, (n, amount) in counts.items()]
    rows.sort(key=lambda r: (-r[3], r[0]))
    total = (["All denials", "", len(events), cents(sum(e[4] for e in events))]
             if events else None)
    return ReportTable(
        key="denials", title="Denial reasons",
        subtitle="Every time a payer denied a claim, by the reason it gave (CARC). The "
                 "amount is the claim's charge.",
        columns=columns, rows=rows, total=total,
        chart=Chart([r[0] for r in rows], [("Charges denied", [r[3] for r in rows])]),
        empty_text="No denials. Denied claims are counted here when an ERA is posted.",
        notes=["A denial that gives two reasons counts under both; the total counts it once."],
    )


def status_counts(store: Store) -> ReportTable:
    """How many claims are in each status, with their charges and open balance."""
    found: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for claim in q.claim_money(store):
        row = found[claim.status]
        row[0] += 1
        row[1] += claim.charge_cents
        row[2] += claim.balance_cents
    columns = [ReportColumn("Status"), ReportColumn("Claims", Kind.COUNT),
               ReportColumn("Charges", Kind.MONEY), ReportColumn("Balance", Kind.MONEY)]
    rows: list[list[Any]] = [
        [status.label, found[status][0], cents(found[status][1]), cents(found[status][2])]
        for status in ClaimStatus if status.value in found]
    total = column_sums(rows, columns) if rows else None
    return ReportTable(
        key="status", title="Claims by status", subtitle="Every claim, by where it is now.",
        columns=columns, rows=rows, total=total,
        chart=Chart([r[0] for r in rows], [("Claims", [Decimal(r[1]) for r in rows])],
                    Kind.COUNT),
        empty_text="No claims yet. Create one with New claim (Ctrl+N).",
    )


def _days_row(label: str, days: list[int]) -> list[Any]:
    return [label, len(days), Decimal(statistics.fmean(days)).quantize(Decimal("0.1")),
            Decimal(statistics.median(days)).quantize(Decimal("0.1")), min(days), max(days)]


def days_to_payment(store: Store) -> ReportTable:
    """Days from a claim's first upload to its first payer payment, per payer."""
    by_payer: dict[str, list[int]] = defaultdict(list)
    for claim in q.claim_money(store):
        if claim.first_sent_at and claim.first_payment_at:
            days = (_day(claim.first_payment_at) - _day(claim.first_sent_at)).days
            by_payer[claim.payer_name].append(max(days, 0))
    columns = [ReportColumn("Payer"), ReportColumn("Claims paid", Kind.COUNT),
               ReportColumn("Average days", Kind.DAYS), ReportColumn("Median days", Kind.DAYS),
               ReportColumn("Fastest", Kind.COUNT), ReportColumn("Slowest", Kind.COUNT)]
    rows: list[list[Any]] = [_days_row(payer, days) for payer, days in sorted(by_payer.items())]
    every = [d for days in by_payer.values() for d in days]
    histogram = [0] * len(PAY_BUCKETS)
    for d in every:
        histogram[bucket_index(d, PAY_BUCKETS)] += 1
    return ReportTable(
        key="days_to_pay", title="Days to payment",
        subtitle="Days from when a claim was first sent to its first payment posted.",
        columns=columns, rows=rows, total=_days_row("All payers", every) if every else None,
        chart=Chart([f"{label} days" for *_, label in PAY_BUCKETS],
                    [("Claims paid", [Decimal(n) for n in histogram])], Kind.COUNT),
        empty_text="No paid claims yet. Days to payment appear once an ERA is posted.",
    )


REPORTS: dict[str, tuple[str, Callable[[Store, date], ReportTable]]] = {
    "aging_payer": ("A/R aging by payer", aging_by_payer),
    "aging_payer_dos": ("A/R aging by payer, by date of service", aging_by_payer_dos),
    "aging_patient": ("A/R aging by patient", aging_by_patient),
    "payments": ("Payments by payer and month", lambda s, _d: payments_by_payer_month(s)),
    "denials": ("Denial reasons", lambda s, _d: denial_reasons(s)),
    "status": ("Claims by status", lambda s, _d: status_counts(s)),
    "days_to_pay": ("Days to payment", lambda s, _d: days_to_payment(s)),
    "deposit": ("Deposit slip", money.deposit_slip),
    "collections_provider": ("Collections by provider", money.build_collections_provider),
    "collections_procedure": ("Collections by procedure", money.build_collections_procedure),
    "adjustments": ("Adjustments by reason", money.build_adjustments),
    "month_end": ("Month-end summary", money.build_month_end),
}


def build(store: Store, key: str, as_of: date | None = None) -> ReportTable:
    """The report named ``key`` (one of :data:`REPORTS`)."""
    return REPORTS[key][1](store, as_of or date.today())
