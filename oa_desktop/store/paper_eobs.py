"""The SQL of paper EOBs: remittances a biller typed in, and the later ERA's twin check."""

from __future__ import annotations

from collections.abc import Sequence

import sqlite_utils

from oa_desktop.store.db import marks


def mark_paper(db: sqlite_utils.Database, remittance_id: int, at: str, actor: str) -> None:
    """Record that this remittance was typed in from paper."""
    db.execute("INSERT INTO paper_eobs (remittance_id, entered_at, actor) VALUES (?, ?, ?)",
               [remittance_id, at, actor])


def is_paper(db: sqlite_utils.Database, remittance_id: int | None) -> bool:
    """Whether the remittance was typed in from a paper EOB."""
    if remittance_id is None:
        return False
    return db.execute("SELECT 1 FROM paper_eobs WHERE remittance_id = ?",
                      [remittance_id]).fetchone() is not None


def paper_twin(db: sqlite_utils.Database, trace: str, amount_cents: int,
               pcns: Sequence[str]) -> int | None:
    """A paper EOB, not set aside, for the same check/EFT number and amount that paid at
    least one of the same claims (CLM01) — the payment an arriving ERA reports again."""
    if not trace or not pcns:
        return None
    row = db.execute(
        "SELECT r.id FROM remittances r JOIN paper_eobs p ON p.remittance_id = r.id WHERE "
        "upper(r.trace_number) = upper(?) AND r.amount_cents = ? AND r.status != 'dismissed' "
        "AND EXISTS (SELECT 1 FROM remittance_claims c WHERE c.remittance_id = r.id AND "
        f"upper(c.pcn) IN ({marks(pcns)})) ORDER BY r.id LIMIT 1",
        [trace.strip(), amount_cents, *[p.upper() for p in pcns]]).fetchone()
    return None if row is None else int(row[0])


def era_for_check(db: sqlite_utils.Database, trace: str, amount_cents: int) -> int | None:
    """An ERA (not typed in, not set aside) already imported for this check/EFT and amount."""
    row = db.execute(
        "SELECT r.id FROM remittances r WHERE upper(r.trace_number) = upper(?) AND "
        "r.amount_cents = ? AND r.status != 'dismissed' AND NOT EXISTS (SELECT 1 FROM "
        "paper_eobs p WHERE p.remittance_id = r.id) ORDER BY r.id LIMIT 1",
        [trace.strip(), amount_cents]).fetchone()
    return None if row is None else int(row[0])


def claim_facts(db: sqlite_utils.Database, claim_id: int) -> tuple[str, str, str, str] | None:
    """``(CLM01, patient last, first, member id)`` of one of our claims."""
    row = db.execute(
        "SELECT c.pcn, p.last_name, p.first_name, cv.member_id FROM claims c JOIN patients p "
        "ON p.id = c.patient_id JOIN coverages cv ON cv.id = c.coverage_id WHERE c.id = ?",
        [claim_id]).fetchone()
    return None if row is None else (row[0], row[1], row[2], row[3])


def claim_lines(db: sqlite_utils.Database,
                claim_id: int) -> list[tuple[int, str, str, str, int, str, str]]:
    """``(id, procedure, modifiers JSON, service date, charge cents, units, control)``."""
    return db.execute(
        "SELECT id, procedure_code, modifiers, service_date, charge_cents, units, control_number "
        "FROM service_lines WHERE claim_id = ? ORDER BY line_number", [claim_id]).fetchall()


def practice_payee(db: sqlite_utils.Database) -> tuple[str, str, str]:
    """``(name, NPI, Tax ID)`` of the practice (empty before it is set up)."""
    row = db.execute("SELECT name, npi, ein FROM practice").fetchone()
    return ("", "", "") if row is None else (row[0], row[1], row[2])


def accepted_claim_without_era(db: sqlite_utils.Database) -> tuple[int, str] | None:
    """``(claim id, payer name)`` of the last claim (by CLM01) a payer accepted that no ERA
    names: the demo's paper EOB pays it."""
    row = db.execute(
        "SELECT c.id, py.name FROM claims c JOIN coverages cv ON cv.id = c.coverage_id JOIN "
        "payers py ON py.id = cv.payer_id WHERE c.status = 'accepted_by_payer' AND NOT EXISTS "
        "(SELECT 1 FROM remittance_claims r WHERE r.claim_id = c.id) "
        "ORDER BY c.pcn DESC LIMIT 1").fetchone()
    return None if row is None else (int(row[0]), str(row[1]))


def checks_of_day(db: sqlite_utils.Database, day: str) -> list[tuple[str, str, int]]:
    """``(check number, payer, cents)`` of the paper EOB checks dated ``day`` that stand
    posted (in whole or part): insurance money that goes to the bank by hand."""
    return db.execute(
        "SELECT r.trace_number, r.payer_name, r.amount_cents FROM remittances r JOIN paper_eobs "
        "p ON p.remittance_id = r.id WHERE r.payment_date = ? AND r.status IN ('posted', "
        "'partly_posted') ORDER BY r.trace_number", [day]).fetchall()
