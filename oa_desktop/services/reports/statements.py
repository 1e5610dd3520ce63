"""Patient statements: for each patient who owes something, the services, what insurance
paid and adjusted, what the patient paid, and what the patient owes (all summed over the
ledger). A patient's unapplied credit comes off the amount due: a patient whose credit
covers their share gets no statement."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from oa_desktop.services.reports.table import cents, write_csv_rows
from oa_desktop.store import patient_ledger as pl
from oa_desktop.store import report_queries as q
from oa_desktop.store.db import Store


@dataclass(frozen=True, slots=True)
class StatementClaim:
    """One claim on a patient statement."""
    pcn: str
    payer_name: str
    lines: list[tuple[str, str, Decimal]]  # service date (ISO), procedure + modifiers, charge
    charge_amount: Decimal
    insurance_paid_amount: Decimal
    adjusted_amount: Decimal
    patient_paid_amount: Decimal
    patient_owes_amount: Decimal


@dataclass(frozen=True)
class Statement:
    """A patient statement: who, where, which claims, how much."""
    patient_id: int
    name: str  # First Last
    address: list[str]
    account_number: str
    claims: list[StatementClaim]
    credit_amount: Decimal = Decimal("0.00")

    @property
    def share_amount(self) -> Decimal:
        """The patient's share of the claims, less what they paid on them."""
        return sum((c.patient_owes_amount for c in self.claims), Decimal("0.00"))

    @property
    def paid_amount(self) -> Decimal:
        """What the patient paid on these claims."""
        return sum((c.patient_paid_amount for c in self.claims), Decimal("0.00"))

    @property
    def owes_amount(self) -> Decimal:
        """The statement's amount due: the share less the patient's credit."""
        return max(Decimal("0.00"), self.share_amount - self.credit_amount)


def statements(store: Store, *, threshold: Decimal = Decimal("0.00"),
               patient_ids: list[int] | None = None) -> list[Statement]:
    """One statement per patient whose amount due (share less payments and credit) is
    above ``threshold``, by name (or for ``patient_ids``, whatever they owe)."""
    owing = [c for c in q.claim_money(store) if c.patient_due_cents > 0
             and (patient_ids is None or c.patient_id in patient_ids)]
    lines: dict[int, list[tuple[str, str, Decimal]]] = {}
    for claim_id, day, code, modifiers, charge in q.statement_lines(
            store, [c.claim_id for c in owing]):
        label = "-".join([code, *json.loads(modifiers)])
        lines.setdefault(claim_id, []).append((day, label, cents(charge)))
    people = q.patient_addresses(store, sorted({c.patient_id for c in owing}))
    found: dict[int, list[StatementClaim]] = {}
    for c in owing:
        found.setdefault(c.patient_id, []).append(StatementClaim(
            c.pcn, c.payer_name, lines.get(c.claim_id, []), cents(c.charge_cents),
            cents(c.payer_paid_cents), cents(c.adjusted_cents), cents(c.patient_paid_cents),
            cents(c.patient_due_cents)))
    result = []
    for patient_id, items in found.items():
        p = people[patient_id]
        city = f"{p['city']}, {p['state']} {p['zip_code']}".strip(", ")
        statement = Statement(
            patient_id, f"{p['first_name']} {p['last_name']}".title(),
            [x for x in (p["line1"], p["line2"], city) if x], p["account_number"], items,
            cents(pl.credit_cents(store.read, patient_id)))
        if patient_ids is not None or statement.owes_amount > threshold:
            result.append(statement)
    return sorted(result, key=lambda s: s.name.split()[-1] + s.name)


_CSV_HEADER = ("Patient", "Account", "Address", "Claims", "Your share", "You paid",
               "Credit", "Amount due")


def write_statements_csv(found: list[Statement], path: Path) -> int:
    """The statement run as a CSV through the one formula-safe writer: one row per patient."""
    write_csv_rows([_CSV_HEADER, *([s.name, s.account_number or str(s.patient_id),
                                    " / ".join(s.address), len(s.claims),
                                    f"{s.share_amount:.2f}", f"{s.paid_amount:.2f}",
                                    f"{s.credit_amount:.2f}", f"{s.owes_amount:.2f}"]
                                   for s in found)], path)
    return len(found)


def due_date(today: date, days: int = 30) -> date:
    """When the statement asks to be paid."""
    return today + timedelta(days=days)
