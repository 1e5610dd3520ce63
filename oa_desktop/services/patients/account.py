"""One patient's account: every charge, payment, adjustment and refund with a running
balance; each claim's balance split into what insurance and what the patient owes; and
the unapplied credit. Everything is summed over the ledger and the credit rows."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from oa_desktop.domain.money import from_cents, money_text
from oa_desktop.errors import KnownError
from oa_desktop.services.era.codes import adjustment_label
from oa_desktop.services.patients.actions import KIND_LABELS, POSTING_REASON, Method
from oa_desktop.store import patient_ledger as pl
from oa_desktop.store.db import Store

ZERO = Decimal("0.00")

_ROW_LABELS = {"payment": "Insurance payment", "patient_payment": "Patient payment",
               "adjustment": "Adjustment", "write_off": "Write-off",
               "patient_responsibility": "Patient responsibility"}


@dataclass(frozen=True, slots=True)
class AccountClaim:
    """One claim of the account, with its balance split."""

    claim_id: int
    pcn: str
    service_date: str
    status: str
    charge_amount: Decimal
    insurance_paid_amount: Decimal
    patient_paid_amount: Decimal
    adjusted_amount: Decimal
    balance_amount: Decimal
    insurance_balance_amount: Decimal
    patient_balance_amount: Decimal


@dataclass(frozen=True, slots=True)
class AccountEntry:
    """One line of the account's history. ``amount`` is what it does to what is owed:
    a charge adds, a payment, adjustment or credit takes away; patient responsibility
    only moves the balance from insurance to the patient (``counts`` is False)."""

    on_date: str
    claim_id: int | None
    pcn: str
    kind: str
    description: str
    amount: Decimal
    balance: Decimal  # running, after this line
    action_id: int | None
    undone: bool
    counts: bool = True


@dataclass(frozen=True)
class PatientAccount:
    """The account as the screen, the statement and ``patient ledger --json`` show it."""

    patient_id: int
    name: str
    claims: list[AccountClaim]
    entries: list[AccountEntry]
    credit_amount: Decimal

    @property
    def balance_amount(self) -> Decimal:
        """Every claim's balance."""
        return sum((c.balance_amount for c in self.claims), ZERO)

    @property
    def insurance_balance_amount(self) -> Decimal:
        """What is still expected from payers."""
        return sum((c.insurance_balance_amount for c in self.claims), ZERO)

    @property
    def patient_balance_amount(self) -> Decimal:
        """What the patient owes on claims (before their credit)."""
        return sum((c.patient_balance_amount for c in self.claims), ZERO)

    @property
    def patient_due_amount(self) -> Decimal:
        """What to ask the patient for: their share less their credit (not below zero)."""
        return max(ZERO, self.patient_balance_amount - self.credit_amount)


def _claim(c: pl.ClaimSums, money: Callable[[int], Decimal] = from_cents) -> AccountClaim:
    balance, patient = c.balance_cents, c.patient_cents
    return AccountClaim(
        c.claim_id, c.pcn, c.service_date, c.status, money(c.charge_cents),
        money(c.payer_paid_cents), money(c.patient_paid_cents), money(c.adjusted_cents),
        money(balance), money(balance - patient), money(patient))


_label = functools.lru_cache(maxsize=1024)(adjustment_label)  # a few codes, thousands of rows


def _describe(row: tuple[Any, ...], actions: dict[int, pl.ActionRow],
              reason_labels: dict[str, str]) -> str:
    _, _, _, kind, _, group, reason, source, ref, _, note, action_id, reverses = row
    text = _ROW_LABELS.get(kind, kind)
    if source == "835":
        text = f"{text} (ERA {ref})" if kind == "payment" else text
        if group:
            text += f": {_label(group, reason)}"
    elif source == "recoupment":
        action = actions.get(action_id)
        payer = action.reason if action else ""
        text = f"Payer recoupment{' by ' + payer if payer else ''}{' ' + ref if ref else ''}"
    elif action_id in actions:
        text = _desk_text(kind, actions[action_id], reason_labels, ref) or text
    elif group or reason:
        text += f": {adjustment_label(group, reason)}"
    if note:
        text += f" — {note}"
    return f"Undo of: {text}" if reverses else text


def _desk_text(kind: str, action: pl.ActionRow, reason_labels: dict[str, str],
               ref: str = "") -> str:
    if action.kind == "undo":
        return ""
    if kind in ("adjustment", "write_off"):
        return reason_labels.get(action.reason, action.reason)
    if action.kind == "apply_credit" and action.reason == POSTING_REASON:
        return "Patient credit applied to the patient share" + (
            f" of {ref}" if ref.startswith("check/EFT") else "")
    if action.kind == "apply_credit":
        return "Credit applied"
    if action.kind == "payment":
        method = Method(action.method).label if action.method else ""
        ref = f" {action.reference}" if action.reference else ""
        return f"Patient payment, {method.lower()}{ref}".rstrip(", ")
    return ""


def _credit_text(action: pl.ActionRow | None, amount: int) -> str:
    if action is None:
        return "Credit"
    if action.kind == "payment":
        return f"Patient payment to credit, {Method(action.method).label.lower()}" + (
            f" {action.reference}" if action.reference else "")
    if action.kind == "refund":
        return f"Refund of credit, {Method(action.method).label.lower()}" + (
            f" {action.reference}" if action.reference else "")
    if action.kind == "apply_credit" and action.reason == POSTING_REASON:
        return "Patient credit applied to the patient share an insurance payment recorded"
    if action.kind == "apply_credit":
        return "Credit applied to claims"
    return "Undo: credit " + ("restored" if amount > 0 else "taken back")


def patient_account(store: Store, patient_id: int) -> PatientAccount:
    """The patient's whole account (every amount summed over the ledger)."""
    db = store.read
    person = pl.patient_person(db, patient_id)
    if person is None:
        raise KnownError(f"Patient {patient_id} does not exist.", "Pick the patient again.")
    sums = pl.claim_sums(db, patient_id=patient_id)
    actions = {a.id: a for a in pl.patient_actions(db, patient_id)}
    undone = {a.undoes_id for a in actions.values() if a.undoes_id is not None}
    labels = {r.code: r.label for r in pl.reasons(db)}
    pcns = {c.claim_id: c.pcn for c in sums}
    money = functools.lru_cache(maxsize=None)(from_cents)  # the same few amounts, again
    # (day, order, id, (claim id, pcn, kind, text, cents, action id, undone, counts))
    raw: list[tuple[str, int, int, tuple[Any, ...]]] = [
        (c.service_date, 0, c.claim_id, (c.claim_id, c.pcn, "charge", "Charge", c.charge_cents,
                                         None, False, True)) for c in sums]
    for row in pl.patient_ledger_rows(db, patient_id):
        day, kind, cents, action_id = row[9][:10], row[3], row[4], row[11]
        counts = kind != "patient_responsibility"
        raw.append((day, 1, row[0], (
            row[1], pcns.get(row[1], ""), kind, _describe(row, actions, labels),
            -cents if counts else cents, action_id,
            action_id in undone or (action_id is not None and actions[action_id].kind == "undo"),
            counts)))
    for row_id, action_id, cents, day, _ in pl.patient_credit_rows(db, patient_id):
        action = actions.get(action_id)
        raw.append((day, 2, row_id, (
            None, "", "credit", _credit_text(action, cents), -cents, action_id,
            action_id in undone or (action is not None and action.kind == "undo"), True)))
    raw.sort(key=lambda r: r[:3])
    running = 0
    entries = []
    for day, _, _, (claim_id, pcn, kind, text, cents, action_id, is_undone, counts) in raw:
        if counts:
            running += cents
        entries.append(AccountEntry(day, claim_id, pcn, kind, text, money(cents),
                                    money(running), action_id, is_undone, counts))
    return PatientAccount(patient_id, f"{person[0]}, {person[1]}",
                          [_claim(c, money) for c in sums], entries,
                          from_cents(pl.credit_cents(db, patient_id)))


def account_json(account: PatientAccount) -> dict[str, Any]:
    """The account as ``oa-desktop patient ledger ID --json`` prints it (CLI.md: money as
    strings with two decimals, dates YYYY-MM-DD)."""
    return {
        "patient_id": account.patient_id, "name": account.name,
        "balance": money_text(account.balance_amount),
        "insurance_balance": money_text(account.insurance_balance_amount),
        "patient_balance": money_text(account.patient_balance_amount),
        "credit": money_text(account.credit_amount),
        "patient_due": money_text(account.patient_due_amount),
        "claims": [{"claim_id": c.claim_id, "pcn": c.pcn, "service_date": c.service_date,
                    "status": c.status, "charge": money_text(c.charge_amount),
                    "insurance_paid": money_text(c.insurance_paid_amount),
                    "patient_paid": money_text(c.patient_paid_amount),
                    "adjusted": money_text(c.adjusted_amount),
                    "balance": money_text(c.balance_amount),
                    "insurance_balance": money_text(c.insurance_balance_amount),
                    "patient_balance": money_text(c.patient_balance_amount)}
                   for c in account.claims],
        "entries": [{"date": e.on_date, "claim_id": e.claim_id, "pcn": e.pcn, "kind": e.kind,
                     "description": e.description, "amount": money_text(e.amount),
                     "balance": money_text(e.balance), "action_id": e.action_id,
                     "undone": e.undone, "counts": e.counts} for e in account.entries],
    }


def action_label(kind: str) -> str:
    """The word for a kind of desk action."""
    return KIND_LABELS.get(kind, kind)


@dataclass(frozen=True)
class Receipt:
    """What a payment's receipt prints."""

    action_id: int
    patient_name: str
    account_number: str
    on_date: str
    amount: Decimal
    method: str
    reference: str
    paid_by: str
    note: str
    applied: list[tuple[str, str, Decimal]]  # claim number, date of service, amount
    credit_amount: Decimal  # of this payment, left on account
    undone: bool


def receipt(store: Store, action_id: int) -> Receipt:
    """The receipt of one patient payment."""
    db = store.read
    action = pl.get_action(db, action_id)
    if action is None or action.kind != "payment":
        raise KnownError(f"Entry {action_id} is not a patient payment.",
                         "Pick a payment in the account.")
    person = pl.patient_person(db, action.patient_id)
    assert person is not None
    rows = pl.claim_rows_of(db, action_id)
    sums = {c.claim_id: c for c in pl.claim_sums(db, claim_ids=[r[1] for r in rows])}
    applied = [(sums[r[1]].pcn, sums[r[1]].service_date, from_cents(r[4])) for r in rows]
    credit = sum(c for _, _, c in pl.credit_rows_of(db, action_id))
    return Receipt(action_id, f"{person[1]} {person[0]}".title(), person[2], action.on_date,
                   from_cents(action.amount_cents), Method(action.method).label,
                   action.reference, action.paid_by, action.note, applied, from_cents(credit),
                   pl.undo_of(db, action_id) is not None)
