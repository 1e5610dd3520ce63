"""The money reports: the day's deposit slip, collections by provider and by procedure,
adjustments and write-offs by reason, and the month-end summary that reconciles.

Every amount is summed over the append-only ledger and the patients' credit rows.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from oa_desktop.domain.money import format_money
from oa_desktop.services.codes import words as codes_in_words
from oa_desktop.services.era.codes import adjustment_label
from oa_desktop.services.reports.month_end import month_end
from oa_desktop.services.reports.table import (
    Chart,
    Kind,
    ReportColumn,
    ReportTable,
    cents,
    column_sums,
)
from oa_desktop.store import paper_eobs
from oa_desktop.store import patient_ledger as pl
from oa_desktop.store.db import Store

_METHODS = {"cash": "Cash", "check": "Check", "card": "Card", "other": "Other"}
_INSURANCE_CHECK = "Insurance check"


def _month(as_of: date) -> tuple[date, date]:
    return as_of.replace(day=1), as_of


def _span(start: date, end: date) -> str:
    return f"{start:%m/%d/%Y} to {end:%m/%d/%Y}"


def deposit_slip(store: Store, day: date) -> ReportTable:
    """The patient payments taken on ``day``, by method, each check listed."""
    rows: list[list[Any]] = []
    by_method: dict[str, int] = defaultdict(int)
    for method, reference, patient, amount in pl.deposits(store.read, day.isoformat()):
        label = _METHODS.get(method, method)
        rows.append([label, reference, patient, cents(amount)])
        by_method[label] += amount
    for check, payer, amount in paper_eobs.checks_of_day(store.read, day.isoformat()):
        rows.append([_INSURANCE_CHECK, check, payer, cents(amount)])
        by_method[_INSURANCE_CHECK] += amount
    columns = [ReportColumn("Method"), ReportColumn("Check / card"), ReportColumn("From"),
               ReportColumn("Amount", Kind.MONEY)]
    notes = [f"{m}: {format_money(cents(c))}" for m, c in sorted(by_method.items())]
    return ReportTable(
        key="deposit", title="Deposit slip",
        subtitle=f"Patient payments taken on {day:%m/%d/%Y} (undone ones left out), by "
                 "method, and the insurance checks posted from paper EOBs dated that day.",
        columns=columns, rows=rows, total=column_sums(rows, columns) if rows else None,
        empty_text=f"No patient payments were taken on {day:%m/%d/%Y}.", notes=notes,
        chart=Chart(sorted(by_method), [("Deposited", [cents(by_method[m])
                                                       for m in sorted(by_method)])]))


def _spread(row_cents: int, lines: list[tuple[int, str, int]]) -> list[tuple[str, int]]:
    """A claim-level amount shared over the claim's lines by charge, to the cent."""
    total = sum(c for _, _, c in lines)
    if not lines or total <= 0:
        return [("(no lines)", row_cents)]
    shares: list[tuple[str, int]] = []
    left = row_cents
    for index, (_, code, charge) in enumerate(lines):
        part = left if index == len(lines) - 1 else row_cents * charge // total
        shares.append((code, part))
        left -= part
    return shares


def collections(store: Store, start: date, end: date, *, by: str) -> ReportTable:
    """Insurance and patient payments posted ``start``..``end``, by rendering provider
    (``by="provider"``) or by procedure code (``by="procedure"``; a payment on a whole
    claim is shared over its lines by charge)."""
    db = store.read
    found = pl.collection_rows(db, start.isoformat(), end.isoformat())
    sums: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    if by == "provider":
        names = pl.provider_labels(db)
        for _, _, kind, amount, provider in found:
            key = names.get(provider or 0, "(no rendering provider)")
            sums[key][kind == "patient_payment"] += amount
    else:
        lines = pl.line_charges(db, sorted({r[0] for r in found}))
        for claim_id, line_id, kind, amount, _ in found:
            own = lines.get(claim_id, [])
            line = next((x for x in own if x[0] == line_id), None)
            for code, part in ([(line[1], amount)] if line else _spread(amount, own)):
                sums[code][kind == "patient_payment"] += part
    first = "Rendering provider" if by == "provider" else "Procedure"
    columns = [ReportColumn(first), ReportColumn("Insurance", Kind.MONEY),
               ReportColumn("Patients", Kind.MONEY), ReportColumn("Total", Kind.MONEY)]
    figures = [(k, cents(v[0]), cents(v[1])) for k, v in sorted(sums.items())]
    label = (codes_in_words.load(store).procedure_text if by == "procedure"
             else (lambda key: key))  # a procedure with its words, never CPT's own text
    rows: list[list[Any]] = [[label(k), a, b, a + b] for k, a, b in figures]
    return ReportTable(
        key=f"collections_{by}", title=f"Collections by {by}",
        subtitle=f"Payments posted {_span(start, end)}, net of reversals and undos.",
        columns=columns, rows=rows, total=column_sums(rows, columns) if rows else None,
        empty_text="No payments were posted in this period.",
        chart=Chart([f[0] for f in figures[:12]], [("Insurance", [f[1] for f in figures[:12]]),
                                                   ("Patients", [f[2] for f in figures[:12]])]))


def adjustments_by_reason(store: Store, start: date, end: date) -> ReportTable:
    """Adjustments and write-offs posted ``start``..``end``, by reason (the practice's
    reasons for desk entries; group and CARC for ERA ones)."""
    labels = {r.code: r.label for r in pl.reasons(store.read)}
    sums: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    for kind, source, group, reason, amount in pl.adjustment_rows(
            store.read, start.isoformat(), end.isoformat()):
        if source == "desk":
            label = labels.get(reason, reason)
        else:
            label = adjustment_label(group, reason) if group or reason else "(no reason)"
        entry = sums[(label, "Write-off" if kind == "write_off" else "Adjustment")]
        entry[0] += 1 if amount > 0 else -1
        entry[1] += amount
    columns = [ReportColumn("Reason"), ReportColumn("Kind"), ReportColumn("Entries", Kind.COUNT),
               ReportColumn("Amount", Kind.MONEY)]
    kept = [(label, kind, n, cents(c)) for (label, kind), (n, c) in sorted(sums.items())
            if n or c]
    rows: list[list[Any]] = [list(k) for k in kept]
    return ReportTable(
        key="adjustments", title="Adjustments by reason",
        subtitle=f"Adjustments and write-offs posted {_span(start, end)}; an undo counts "
                 "against its entry.",
        columns=columns, rows=rows, total=column_sums(rows, columns) if rows else None,
        empty_text="No adjustments or write-offs in this period.",
        chart=Chart([k[0][:24] for k in kept[:12]], [("Amount", [k[3] for k in kept[:12]])]))


def month_end_summary(store: Store, start: date, end: date) -> ReportTable:
    """Charges, payments, adjustments and A/R at start and end; it must reconcile."""
    m = month_end(store, start, end)
    rows: list[list[Any]] = [
        ["A/R at start", m.ar_start_amount],
        ["+ Charges", m.charges_amount],
        ["− Insurance payments", m.insurance_payments_amount],
        ["− Patient payments", m.patient_payments_amount],
        ["− Adjustments and write-offs", m.adjustments_amount],
    ]
    note = ("Reconciles to the cent: A/R at start + charges − payments − adjustments = A/R at "
            "end." if m.reconciles else
            f"Does NOT reconcile: A/R at end counted directly is "
            f"{format_money(m.ar_end_counted_amount)}. Run File → Check database and tell "
            "support.")
    credit = (f"Patients' credit (money held, not A/R): {format_money(m.credit_start_amount)} "
              f"at start, {format_money(m.credit_received_amount)} received, "
              f"{format_money(m.credit_used_amount)} applied or refunded, "
              f"{format_money(m.credit_end_amount)} at end.")
    empty = not any(r[1] for r in rows) and not m.ar_end_amount and not m.credit_end_amount
    return ReportTable(
        key="month_end", title="Month-end summary",
        subtitle=f"{_span(start, end)}. A claim's charge counts on its first date of "
                 "service; a payment or adjustment on the day it was posted.",
        columns=[ReportColumn(""), ReportColumn("Amount", Kind.MONEY)],
        rows=[] if empty else rows, total=None if empty else ["= A/R at end", m.ar_end_amount],
        empty_text="No charges, payments or credit yet.", notes=[] if empty else [note, credit],
        chart=Chart(["A/R start", "Charges", "Payments", "Adjustments", "A/R end"],
                    [("Amount", [m.ar_start_amount, m.charges_amount, m.payments_amount,
                                 m.adjustments_amount, m.ar_end_amount])]))


def build_collections_provider(store: Store, as_of: date) -> ReportTable:
    """Collections by provider, month to date."""
    return collections(store, *_month(as_of), by="provider")


def build_collections_procedure(store: Store, as_of: date) -> ReportTable:
    """Collections by procedure code, month to date."""
    return collections(store, *_month(as_of), by="procedure")


def build_adjustments(store: Store, as_of: date) -> ReportTable:
    """Adjustments by reason, month to date."""
    return adjustments_by_reason(store, *_month(as_of))


def build_month_end(store: Store, as_of: date) -> ReportTable:
    """The month-end summary of ``as_of``'s month, to that day."""
    return month_end_summary(store, *_month(as_of))

