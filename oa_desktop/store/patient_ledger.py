"""The SQL of the patient account: desk actions, their ledger and credit rows, balances.

``services/patients`` decides; this module reads and writes, writes always inside the
caller's ``Store.write()`` (one action, one transaction). Every amount is in cents and
summed over the append-only ``ledger`` and ``patient_credit`` (never the claims cache).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import sqlite_utils

from oa_desktop.domain.status import ClaimStatus
from oa_desktop.store.db import chunks_of, insert_many, marks

_DESK_LEDGER = ("claim_id", "line_id", "kind", "amount_cents", "group_code", "reason_code",
                "source", "source_ref", "reverses_id", "posted_at", "note", "action_id")

# One claim's money from the ledger: charge, payer paid, patient paid, adjusted, PR.
_CLAIM_SUMS = """
SELECT c.id, c.pcn, c.patient_id, c.status, COALESCE(c.first_date, substr(c.created_at, 1, 10)),
       c.charge_cents, c.rendering_provider_id,
       COALESCE(SUM(CASE WHEN l.kind = 'payment' THEN l.amount_cents END), 0),
       COALESCE(SUM(CASE WHEN l.kind = 'patient_payment' THEN l.amount_cents END), 0),
       COALESCE(SUM(CASE WHEN l.kind IN ('adjustment', 'write_off') THEN l.amount_cents END), 0),
       COALESCE(SUM(CASE WHEN l.kind = 'patient_responsibility' THEN l.amount_cents END), 0)
FROM claims c LEFT JOIN ledger l ON l.claim_id = c.id
"""


@dataclass(frozen=True, slots=True)
class ClaimSums:
    """One claim's money as the ledger has it (cents)."""

    claim_id: int
    pcn: str
    patient_id: int
    status: str
    service_date: str  # first date of service (or the day it was entered)
    charge_cents: int
    provider_id: int | None
    payer_paid_cents: int
    patient_paid_cents: int
    adjusted_cents: int
    patient_resp_cents: int

    @property
    def balance_cents(self) -> int:
        """Charge less everything paid and adjusted."""
        return (self.charge_cents - self.payer_paid_cents - self.patient_paid_cents
                - self.adjusted_cents)

    @property
    def patient_cents(self) -> int:
        """The part of the balance the patient owes: what payers said is the patient's
        (PR) less what the patient paid, within the balance."""
        owed = self.patient_resp_cents - self.patient_paid_cents
        return max(0, min(self.balance_cents, owed))

    @property
    def insurance_cents(self) -> int:
        """The rest of the balance: still expected from the payer."""
        return self.balance_cents - self.patient_cents


def claim_sums(db: sqlite_utils.Database, *, patient_id: int | None = None,
               claim_ids: Sequence[int] | None = None) -> list[ClaimSums]:
    """The money of a patient's claims (or of ``claim_ids``), oldest service first."""
    if claim_ids is not None:
        found: list[ClaimSums] = []
        for chunk in chunks_of(list(claim_ids)):
            found += [ClaimSums(*r) for r in db.execute(
                _CLAIM_SUMS + f" WHERE c.id IN ({marks(chunk)}) GROUP BY c.id", chunk)]
        return sorted(found, key=lambda c: (c.service_date, c.claim_id))
    rows = db.execute(_CLAIM_SUMS + " WHERE c.patient_id = ? GROUP BY c.id ORDER BY 5, c.id",
                      [patient_id])
    return [ClaimSums(*r) for r in rows]


def claim_patients(db: sqlite_utils.Database, claim_ids: Sequence[int]) -> dict[int, int]:
    """The patient of each claim that exists."""
    found: dict[int, int] = {}
    for chunk in chunks_of(list(claim_ids)):
        found.update(db.execute(f"SELECT id, patient_id FROM claims WHERE id IN ({marks(chunk)})",
                                chunk).fetchall())
    return found


def line_claims(db: sqlite_utils.Database, line_ids: Sequence[int]) -> dict[int, int]:
    """The claim of each service line that exists."""
    found: dict[int, int] = {}
    for chunk in chunks_of(list(line_ids)):
        found.update(db.execute(
            f"SELECT id, claim_id FROM service_lines WHERE id IN ({marks(chunk)})",
            chunk).fetchall())
    return found


def patient_exists(db: sqlite_utils.Database, patient_id: int) -> bool:
    """Whether the patient exists."""
    return db.execute("SELECT 1 FROM patients WHERE id = ?", [patient_id]).fetchone() is not None


def credit_cents(db: sqlite_utils.Database, patient_id: int) -> int:
    """The patient's unapplied credit."""
    return int(db.execute("SELECT COALESCE(SUM(amount_cents), 0) FROM patient_credit "
                          "WHERE patient_id = ?", [patient_id]).fetchone()[0])


def status_before_close(db: sqlite_utils.Database,
                        claim_ids: Sequence[int]) -> dict[int, ClaimStatus]:
    """For each closed claim of ``claim_ids``: its status just before it last closed."""
    found: dict[int, ClaimStatus] = {}
    for chunk in chunks_of(list(claim_ids)):
        found.update((int(c), ClaimStatus(s)) for c, s in db.execute(
            "SELECT e.claim_id, (SELECT p.status_after FROM claim_events p WHERE p.claim_id = "
            "e.claim_id AND p.id < e.id ORDER BY p.id DESC LIMIT 1) FROM claim_events e "
            "WHERE e.id IN (SELECT MAX(id) FROM claim_events WHERE kind = 'closed' AND "
            f"claim_id IN ({marks(chunk)}) GROUP BY claim_id)", chunk) if s)
    return found


def patients_with_credit(db: sqlite_utils.Database) -> dict[int, int]:
    """Patient id → unapplied credit (cents), of the patients who have some."""
    return {int(p): int(c) for p, c in db.execute(
        "SELECT patient_id, SUM(amount_cents) FROM patient_credit GROUP BY patient_id "
        "HAVING SUM(amount_cents) > 0")}


# -- writing an action ------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class ActionRow:
    """One desk action as stored."""

    id: int
    patient_id: int
    kind: str
    on_date: str
    amount_cents: int
    method: str
    reference: str
    paid_by: str
    reason: str
    note: str
    undoes_id: int | None
    created_at: str
    actor: str


_ACTION_COLUMNS = ("id", "patient_id", "kind", "on_date", "amount_cents", "method", "reference",
                   "paid_by", "reason", "note", "undoes_id", "created_at", "actor")


def insert_action(db: sqlite_utils.Database, row: ActionRow) -> int:
    """A new ``account_actions`` row (audited by its trigger); returns its id."""
    values = [getattr(row, c) for c in _ACTION_COLUMNS[1:]]
    cursor = db.conn.execute(
        f"INSERT INTO account_actions ({', '.join(_ACTION_COLUMNS[1:])}) "
        f"VALUES ({marks(values)})", values)
    return int(cursor.lastrowid or 0)


def add_claim_rows(db: sqlite_utils.Database, rows: Sequence[Sequence[Any]]) -> None:
    """Ledger rows ``(claim_id, line_id, kind, amount_cents, group_code, reason_code, source,
    source_ref, reverses_id, posted_at, note, action_id)``."""
    insert_many(db, "ledger", _DESK_LEDGER, rows)


def add_credit_rows(db: sqlite_utils.Database,
                    rows: Sequence[tuple[int, int, int, str, int | None]]) -> None:
    """Credit rows ``(patient_id, action_id, amount_cents, on_date, reverses_id)``."""
    insert_many(db, "patient_credit", ("patient_id", "action_id", "amount_cents", "on_date",
                                       "reverses_id"), rows)


def get_action(db: sqlite_utils.Database, action_id: int) -> ActionRow | None:
    """One action, or None."""
    row = db.execute(f"SELECT {', '.join(_ACTION_COLUMNS)} FROM account_actions WHERE id = ?",
                     [action_id]).fetchone()
    return None if row is None else ActionRow(*row)


def undo_of(db: sqlite_utils.Database, action_id: int) -> int | None:
    """The action that undid this one, if any."""
    row = db.execute("SELECT id FROM account_actions WHERE undoes_id = ?",
                     [action_id]).fetchone()
    return None if row is None else int(row[0])


def posting_credit_actions(db: sqlite_utils.Database, posting_refs: Sequence[str],
                           reason: str) -> list[ActionRow]:
    """The ``apply_credit`` actions that name one of ``posting_refs`` and stand (not undone)."""
    if not posting_refs:
        return []
    rows = db.execute(
        f"SELECT {', '.join(_ACTION_COLUMNS)} FROM account_actions a WHERE kind = "
        f"'apply_credit' AND reason = ? AND reference IN ({marks(posting_refs)}) AND NOT "
        "EXISTS (SELECT 1 FROM account_actions u WHERE u.undoes_id = a.id) ORDER BY id",
        [reason, *posting_refs])
    return [ActionRow(*r) for r in rows]


def claim_rows_of(db: sqlite_utils.Database, action_id: int) -> list[tuple[Any, ...]]:
    """``(id, claim_id, line_id, kind, amount_cents, group_code, reason_code, source,
    source_ref, note)`` of the ledger rows one action wrote."""
    return db.execute(
        "SELECT id, claim_id, line_id, kind, amount_cents, group_code, reason_code, source, "
        "source_ref, note FROM ledger WHERE action_id = ? ORDER BY id", [action_id]).fetchall()


def credit_rows_of(db: sqlite_utils.Database, action_id: int) -> list[tuple[int, int, int]]:
    """``(id, patient_id, amount_cents)`` of the credit rows one action wrote."""
    return db.execute("SELECT id, patient_id, amount_cents FROM patient_credit "
                      "WHERE action_id = ? ORDER BY id", [action_id]).fetchall()


def paid_by_payer(db: sqlite_utils.Database, claim_id: int) -> int:
    """What payers paid on a claim, net of reversals and recoupments (cents)."""
    return int(db.execute("SELECT COALESCE(SUM(amount_cents), 0) FROM ledger WHERE claim_id = ? "
                          "AND kind = 'payment'", [claim_id]).fetchone()[0])


# -- reasons ------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Reason:
    """An adjustment or write-off reason the practice uses."""

    code: str
    label: str
    kind: str  # adjustment or write_off
    needs_note: bool
    builtin: bool
    active: bool


def reasons(db: sqlite_utils.Database) -> list[Reason]:
    """Every reason, built-in ones first."""
    rows = db.execute("SELECT code, label, kind, needs_note, builtin, active FROM "
                      "adjustment_reasons ORDER BY builtin DESC, rowid")
    return [Reason(r[0], r[1], r[2], bool(r[3]), bool(r[4]), bool(r[5])) for r in rows]


def add_reason(db: sqlite_utils.Database, code: str, label: str, kind: str) -> None:
    """A practice's own reason."""
    db.execute("INSERT INTO adjustment_reasons (code, label, kind) VALUES (?, ?, ?)",
               [code, label, kind])


def set_reason_active(db: sqlite_utils.Database, code: str, active: bool) -> None:
    """Switch a reason on or off (reasons are never deleted: old rows name them)."""
    db.execute("UPDATE adjustment_reasons SET active = ? WHERE code = ?", [int(active), code])


# -- the account's history ----------------------------------------------------------------

def patient_ledger_rows(db: sqlite_utils.Database, patient_id: int) -> list[tuple[Any, ...]]:
    """Every ledger row of the patient's claims: ``(id, claim_id, line_id, kind,
    amount_cents, group_code, reason_code, source, source_ref, posted_at, note, action_id,
    reverses_id)``, in ledger order."""
    return db.execute(
        "SELECT l.id, l.claim_id, l.line_id, l.kind, l.amount_cents, l.group_code, "
        "l.reason_code, l.source, l.source_ref, l.posted_at, l.note, l.action_id, l.reverses_id "
        "FROM ledger l JOIN claims c ON c.id = l.claim_id WHERE c.patient_id = ? "
        "ORDER BY l.id", [patient_id]).fetchall()


def claim_rows_without_remittance(db: sqlite_utils.Database,
                                  claim_id: int) -> list[tuple[Any, ...]]:
    """The claim's ledger rows no ERA or paper EOB posting wrote (desk payments,
    adjustments, write-offs, recoupments, their undos, and payments recorded with no
    remittance behind them): ``(kind, amount_cents, group_code, reason_code, source,
    source_ref, posted_at, note, reverses_id)``, in ledger order."""
    return db.execute(
        "SELECT kind, amount_cents, group_code, reason_code, source, source_ref, posted_at, "
        "note, reverses_id FROM ledger WHERE claim_id = ? AND posting_id IS NULL "
        "ORDER BY id", [claim_id]).fetchall()


def patient_credit_rows(db: sqlite_utils.Database,
                        patient_id: int) -> list[tuple[int, int, int, str, int | None]]:
    """``(id, action_id, amount_cents, on_date, reverses_id)`` of the patient's credit."""
    return db.execute("SELECT id, action_id, amount_cents, on_date, reverses_id FROM "
                      "patient_credit WHERE patient_id = ? ORDER BY id",
                      [patient_id]).fetchall()


def patient_actions(db: sqlite_utils.Database, patient_id: int) -> list[ActionRow]:
    """The patient's desk actions, oldest first."""
    rows = db.execute(f"SELECT {', '.join(_ACTION_COLUMNS)} FROM account_actions "
                      "WHERE patient_id = ? ORDER BY id", [patient_id])
    return [ActionRow(*r) for r in rows]


def actions_between(db: sqlite_utils.Database, start: str, end: str,
                    kinds: Sequence[str]) -> list[ActionRow]:
    """Actions of ``kinds`` dated ``start``..``end`` (inclusive), in date order."""
    rows = db.execute(
        f"SELECT {', '.join(_ACTION_COLUMNS)} FROM account_actions WHERE on_date BETWEEN ? AND ? "
        f"AND kind IN ({marks(kinds)}) ORDER BY on_date, id", [start, end, *kinds])
    return [ActionRow(*r) for r in rows]


def undone_ids(db: sqlite_utils.Database, action_ids: Sequence[int]) -> set[int]:
    """Those of ``action_ids`` an undo points at."""
    found: set[int] = set()
    for chunk in chunks_of(list(action_ids)):
        found.update(r[0] for r in db.execute(
            f"SELECT undoes_id FROM account_actions WHERE undoes_id IN ({marks(chunk)})", chunk))
    return found


# -- month-end ----------------------------------------------------------------------------

_PAID = "('payment', 'patient_payment')"
_ADJUSTED = "('adjustment', 'write_off')"


@dataclass(frozen=True, slots=True)
class PeriodSums:
    """The practice's money over ``start``..``end`` (cents), and A/R and credit on the eve
    of ``start`` and at the end of ``end``. A/R is every claim's balance."""

    ar_start: int
    charges: int
    payer_payments: int
    patient_payments: int
    adjustments: int
    ar_end: int
    credit_start: int
    credit_received: int  # patient money left as credit (and credit given back by undos)
    credit_used: int  # credit applied to claims or refunded (positive)
    credit_end: int


def period_sums(db: sqlite_utils.Database, start: str, end: str) -> PeriodSums:
    """Month-end figures in three aggregate queries (a claim's charge counts on its first
    date of service; a ledger row on the day it was posted)."""
    charge_before, charge_in = db.execute(
        "SELECT COALESCE(SUM(CASE WHEN d < :s THEN charge_cents END), 0), "
        "COALESCE(SUM(CASE WHEN d BETWEEN :s AND :e THEN charge_cents END), 0) FROM "
        "(SELECT COALESCE(first_date, substr(created_at, 1, 10)) AS d, charge_cents FROM claims)",
        {"s": start, "e": end}).fetchone()
    taken_before, payer_in, patient_in, adjusted_in = db.execute(
        "SELECT COALESCE(SUM(CASE WHEN d < :s THEN amount_cents END), 0), "
        "COALESCE(SUM(CASE WHEN d BETWEEN :s AND :e AND kind = 'payment' THEN amount_cents END),"
        " 0), COALESCE(SUM(CASE WHEN d BETWEEN :s AND :e AND kind = 'patient_payment' "
        "THEN amount_cents END), 0), COALESCE(SUM(CASE WHEN d BETWEEN :s AND :e AND kind IN "
        f"{_ADJUSTED} THEN amount_cents END), 0) FROM (SELECT substr(posted_at, 1, 10) AS d, "
        f"kind, amount_cents FROM ledger WHERE kind IN {_PAID} OR kind IN {_ADJUSTED})",
        {"s": start, "e": end}).fetchone()
    credit_before, received, used = db.execute(
        "SELECT COALESCE(SUM(CASE WHEN on_date < :s THEN amount_cents END), 0), "
        "COALESCE(SUM(CASE WHEN on_date BETWEEN :s AND :e AND amount_cents > 0 "
        "THEN amount_cents END), 0), COALESCE(SUM(CASE WHEN on_date BETWEEN :s AND :e AND "
        "amount_cents < 0 THEN -amount_cents END), 0) FROM patient_credit",
        {"s": start, "e": end}).fetchone()
    ar_start = int(charge_before) - int(taken_before)
    ar_end = (ar_start + int(charge_in) - int(payer_in) - int(patient_in) - int(adjusted_in))
    return PeriodSums(ar_start, int(charge_in), int(payer_in), int(patient_in),
                      int(adjusted_in), ar_end, int(credit_before), int(received), int(used),
                      int(credit_before) + int(received) - int(used))


def ar_as_of(db: sqlite_utils.Database, day: str) -> int:
    """A/R at the end of ``day``, counted directly: charges to date less ledger rows to
    date (the month-end's own check of itself)."""
    charges = db.execute("SELECT COALESCE(SUM(charge_cents), 0) FROM claims WHERE "
                         "COALESCE(first_date, substr(created_at, 1, 10)) <= ?",
                         [day]).fetchone()[0]
    taken = db.execute(f"SELECT COALESCE(SUM(amount_cents), 0) FROM ledger WHERE (kind IN {_PAID} "
                       f"OR kind IN {_ADJUSTED}) AND substr(posted_at, 1, 10) <= ?",
                       [day]).fetchone()[0]
    return int(charges) - int(taken)


# -- what the money reports read ----------------------------------------------------------

def deposits(db: sqlite_utils.Database, day: str) -> list[tuple[str, str, str, int]]:
    """``(method, reference, patient "Last, First", cents)`` of the patient payments of one
    day that stand (an undone payment was never deposited), by method then reference."""
    return db.execute(
        "SELECT a.method, a.reference, p.last_name || ', ' || p.first_name, a.amount_cents "
        "FROM account_actions a JOIN patients p ON p.id = a.patient_id WHERE a.kind = "
        "'payment' AND a.on_date = ? AND NOT EXISTS (SELECT 1 FROM account_actions u WHERE "
        "u.undoes_id = a.id) ORDER BY a.method, a.reference, a.id", [day]).fetchall()


def collection_rows(db: sqlite_utils.Database, start: str,
                    end: str) -> list[tuple[int, int | None, str, int, int | None]]:
    """``(claim_id, line_id, kind, cents, rendering provider id)`` of every payment row
    (insurance and patient) posted ``start``..``end``."""
    return db.execute(
        "SELECT l.claim_id, l.line_id, l.kind, l.amount_cents, c.rendering_provider_id "
        "FROM ledger l JOIN claims c ON c.id = l.claim_id WHERE l.kind IN "
        f"{_PAID} AND substr(l.posted_at, 1, 10) BETWEEN ? AND ?", [start, end]).fetchall()


def line_charges(db: sqlite_utils.Database,
                 claim_ids: Sequence[int]) -> dict[int, list[tuple[int, str, int]]]:
    """``(line id, procedure, charge cents)`` of each claim's lines, in line order."""
    found: dict[int, list[tuple[int, str, int]]] = {}
    for chunk in chunks_of(list(claim_ids)):
        for line_id, claim_id, code, cents in db.execute(
                "SELECT id, claim_id, procedure_code, charge_cents FROM service_lines WHERE "
                f"claim_id IN ({marks(chunk)}) ORDER BY claim_id, line_number", chunk):
            found.setdefault(claim_id, []).append((line_id, code, cents))
    return found


def provider_labels(db: sqlite_utils.Database) -> dict[int, str]:
    """Rendering provider id → "Last, First, credential"."""
    return {r[0]: f"{r[1]}, {r[2]}" + (f", {r[3]}" if r[3] else "") for r in db.execute(
        "SELECT id, last_name, first_name, credential FROM rendering_providers")}


def adjustment_rows(db: sqlite_utils.Database, start: str,
                    end: str) -> list[tuple[str, str, str, str, int]]:
    """``(kind, source, group_code, reason_code, cents)`` of every adjustment and write-off
    row posted ``start``..``end`` (reversals included, so undos net out)."""
    return db.execute(
        "SELECT kind, source, group_code, reason_code, amount_cents FROM ledger WHERE kind IN "
        f"{_ADJUSTED} AND substr(posted_at, 1, 10) BETWEEN ? AND ?", [start, end]).fetchall()



# -- small look-ups for the account, the demo and the screenshots ------------------------

def patient_person(db: sqlite_utils.Database, patient_id: int) -> tuple[str, str, str] | None:
    """``(last name, first name, account number)`` of a patient, or None."""
    row = db.execute("SELECT last_name, first_name, account_number FROM patients WHERE id = ?",
                     [patient_id]).fetchone()
    return None if row is None else (row[0], row[1], row[2])


def claim_ids_with_status(db: sqlite_utils.Database, statuses: Sequence[str],
                          limit: int = -1) -> list[int]:
    """Claims in one of ``statuses``, by id (at most ``limit``; -1: all)."""
    return [int(r[0]) for r in db.execute(
        f"SELECT id FROM claims WHERE status IN ({marks(statuses)}) ORDER BY id LIMIT ?",
        [*statuses, limit])]


def patient_of_claim(db: sqlite_utils.Database, claim_id: int) -> int:
    """The patient of a claim."""
    return int(db.execute("SELECT patient_id FROM claims WHERE id = ?",
                          [claim_id]).fetchone()[0])


def busiest_patient(db: sqlite_utils.Database) -> int | None:
    """The patient with the most desk entries."""
    row = db.execute("SELECT patient_id FROM account_actions GROUP BY patient_id "
                     "ORDER BY COUNT(*) DESC, patient_id LIMIT 1").fetchone()
    return None if row is None else int(row[0])
