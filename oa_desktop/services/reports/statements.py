"""Patient statements: for each patient who owes something, the services, what insurance
paid and adjusted, and what the patient owes (all summed over the ledger)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from oa_desktop.services.reports.table import cents
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

    @property
    def owes_amount(self) -> Decimal:
        """The statement's amount due."""
        return sum((c.patient_owes_amount for c in self.claims), Decimal("0.00"))


def statements(store: Store) -> list[Statement]:
    """One statement per patient whose share (PR less payments) is above zero, by name."""
    owing = [c for c in q.claim_money(store) if c.patient_due_cents > 0]
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
        result.append(Statement(
            patient_id, f"{p['first_name']} {p['last_name']}".title(),
            [x for x in (p["line1"], p["line2"], city) if x], p["account_number"], items))
    return sorted(result, key=lambda s: s.name.split()[-1] + s.name)


def due_date(today: date, days: int = 30) -> date:
    """When the statement asks to be paid."""
    return today + timedelta(days=days)
