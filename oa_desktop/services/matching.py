"""Tie the claims of an ERA to ours: CLP01 → PCN, REF*6R → line control number.

Automatic matches need our own identifiers. When the payer mangled them, the fallbacks
(patient, dates, procedure, charge) are only *suggested*; the biller matches by hand.
Payers that drop modifiers, split or bundle lines are matched on what is there: a line
that fits none of ours is posted on the claim without a line.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import sqlite_utils

from oa_desktop.domain.money import from_cents, to_cents
from oa_desktop.errors import KnownError
from oa_desktop.store import remittances
from oa_desktop.store.db import Store

Row = dict[str, Any]


def claim_ids_for_pcns(db: sqlite_utils.Database, pcns: list[str]) -> dict[str, int]:
    """Our claim id for each CLP01 found: exact PCN first, then a unique PCN it starts
    (payers truncate long CLM01s)."""
    wanted = sorted({p.upper() for p in pcns if p})
    found: dict[str, int] = {}
    for start in range(0, len(wanted), 500):
        chunk = wanted[start:start + 500]
        for pcn, claim_id in db.execute(
            f"SELECT pcn, id FROM claims WHERE pcn IN ({','.join('?' * len(chunk))})", chunk
        ):
            found[pcn] = int(claim_id)
    for pcn in wanted:
        if pcn not in found and len(pcn) >= 8:
            rows = db.execute("SELECT id FROM claims WHERE pcn LIKE ? || '%' LIMIT 2",
                              [pcn]).fetchall()
            if len(rows) == 1:
                found[pcn] = int(rows[0][0])
    return found


def auto_match(db: sqlite_utils.Database, claim_rows: list[Row]) -> int:
    """Fill ``claim_id``/``match_method`` of ERA claim rows by PCN; return how many matched."""
    ids = claim_ids_for_pcns(db, [r["pcn"] for r in claim_rows])
    matched = 0
    for row in claim_rows:
        claim_id = ids.get(row["pcn"].upper())
        row["claim_id"], row["match_method"] = claim_id, "pcn" if claim_id else ""
        matched += claim_id is not None
    return matched


def rematch(store: Store, remittance_id: int) -> int:
    """Try the automatic match again for the unmatched claims of one ERA (new claims may
    have been imported since); returns how many were matched now."""
    with store.write() as db:
        rows = [{"id": c.id, "pcn": c.pcn} for c in remittances.remittance_claims(db, remittance_id)
                if c.claim_id is None]
        matched = auto_match(db, rows)
        for row in rows:
            if row["claim_id"] is not None:
                db.execute("UPDATE remittance_claims SET claim_id = ?, match_method = 'pcn' "
                           "WHERE id = ?", [row["claim_id"], row["id"]])
    return matched


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A claim of ours that may be the one the payer meant, and why."""

    claim_id: int
    pcn: str
    patient: str
    first_date: str | None
    charge: Decimal
    reasons: tuple[str, ...]


def suggestions(store: Store, rc: remittances.RemittanceClaim, limit: int = 5) -> list[Suggestion]:
    """Claims with the same patient, dates, procedures or charge, best first."""
    detail = rc.detail
    procedures = {line["procedure"] for line in detail.get("lines", [])}
    rows = store.read.execute(
        "SELECT c.id, c.pcn, p.last_name, p.first_name, c.first_date, c.charge_cents, "
        "(SELECT group_concat(procedure_code) FROM service_lines s WHERE s.claim_id = c.id) "
        "FROM claims c JOIN patients p ON p.id = c.patient_id "
        "WHERE upper(p.last_name) = upper(?) OR c.charge_cents = ? OR c.first_date = ? "
        "LIMIT 400", [rc.patient_last, to_cents(rc.charge), rc.first_date]).fetchall()
    scored: list[tuple[int, Suggestion]] = []
    for claim_id, pcn, last, first, first_date, charge_cents, codes in rows:
        reasons = []
        if rc.patient_last and last.upper() == rc.patient_last.upper():
            reasons.append("same patient" if first.upper() == rc.patient_first.upper()
                           else "same last name")
        if rc.first_date and first_date == rc.first_date:
            reasons.append("same date of service")
        if procedures and procedures <= set((codes or "").split(",")):
            reasons.append("same procedures")
        if charge_cents == to_cents(rc.charge):
            reasons.append("same charge")
        if len(reasons) >= 2:
            scored.append((len(reasons), Suggestion(claim_id, pcn, f"{last}, {first}", first_date,
                                                    from_cents(charge_cents), tuple(reasons))))
    scored.sort(key=lambda s: (-s[0], s[1].claim_id))
    return [s for _, s in scored[:limit]]


def _refuse_if_posted(rc: remittances.RemittanceClaim) -> None:
    if rc.post_state != "unposted":
        raise KnownError("This claim of the ERA is already posted, so its match cannot change.",
                         "Undo the ERA's posting first, then change the match.")


def match_manually(store: Store, remittance_claim_id: int, claim_id: int) -> None:
    """The biller ties an ERA claim to one of ours."""
    _refuse_if_posted(remittances.get_remittance_claim(store, remittance_claim_id))
    remittances.set_match(store, remittance_claim_id, claim_id, "manual")


def unmatch(store: Store, remittance_claim_id: int) -> None:
    """The biller unties an ERA claim from ours."""
    _refuse_if_posted(remittances.get_remittance_claim(store, remittance_claim_id))
    remittances.set_match(store, remittance_claim_id, None, "")


def match_lines(era_lines: list[dict[str, Any]], our_lines: list[Row]) -> list[int | None]:
    """Our service line id for each ERA line (``None`` when nothing fits).

    REF*6R control number first; then procedure + date + charge; then procedure + charge;
    then procedure alone (modifiers dropped, units changed). Each of our lines once.
    """
    free = list(our_lines)
    result: list[int | None] = [None] * len(era_lines)

    def take(index: int, test: Callable[[Row], bool]) -> None:
        for ours in free:
            if test(ours):
                result[index] = int(ours["id"])
                free.remove(ours)
                return

    tests: tuple[Callable[[Row], Callable[[Row], bool]], ...] = (
        lambda e: lambda o: bool(e.get("control")) and o["control_number"] == e["control"],
        lambda e: lambda o: (o["procedure_code"] == e["procedure"] and o["service_date"]
                             == e.get("date") and o["charge_cents"] == to_cents(e["charge"])),
        lambda e: lambda o: (o["procedure_code"] == e["procedure"]
                             and o["charge_cents"] == to_cents(e["charge"])),
        lambda e: lambda o: o["procedure_code"] == e["procedure"],
    )
    for test in tests:
        for index, line in enumerate(era_lines):
            if result[index] is None:
                take(index, test(line))
    return result


def our_lines(db: sqlite_utils.Database, claim_ids: list[int]) -> dict[int, list[Row]]:
    """Service lines of many claims, by claim id, in line order."""
    found: dict[int, list[Row]] = {}
    for start in range(0, len(claim_ids), 500):
        chunk = claim_ids[start:start + 500]
        for row in db.execute(
            "SELECT id, claim_id, procedure_code, service_date, charge_cents, control_number, "
            f"modifiers FROM service_lines WHERE claim_id IN ({','.join('?' * len(chunk))}) "
            "ORDER BY claim_id, line_number", chunk
        ):
            found.setdefault(row[1], []).append({
                "id": row[0], "procedure_code": row[2], "service_date": row[3],
                "charge_cents": row[4], "control_number": row[5],
                "modifiers": json.loads(row[6])})
    return found
