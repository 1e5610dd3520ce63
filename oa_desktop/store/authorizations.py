"""Authorizations (rows ↔ domain objects) and the claim lines their usage is summed from."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from oa_desktop.domain.authorizations import (
    AuthCode,
    Authorization,
    AuthUnit,
    UsageLine,
    stage_of,
)
from oa_desktop.domain.status import ClaimStatus
from oa_desktop.store.db import Store, chunks_of, inserted_id, marks

Row = dict[str, Any]


def _row(auth: Authorization) -> Row:
    return {
        "coverage_id": auth.coverage_id, "number": auth.number.strip(),
        "codes": json.dumps([str(c) for c in auth.codes]), "unit": auth.unit.value,
        "approved": str(auth.approved), "from_date": auth.from_date.isoformat(),
        "to_date": auth.to_date.isoformat(),
        "rendering_provider_id": auth.rendering_provider_id, "note": auth.note,
    }


def _auth(r: Row) -> Authorization:
    return Authorization(
        coverage_id=r["coverage_id"], number=r["number"],
        codes=tuple(AuthCode.parse(c) for c in json.loads(r["codes"])),
        approved=Decimal(r["approved"]), from_date=date.fromisoformat(r["from_date"]),
        to_date=date.fromisoformat(r["to_date"]), unit=AuthUnit(r["unit"]),
        rendering_provider_id=r["rendering_provider_id"], note=r["note"], id=r["id"],
    )


def save_authorization(store: Store, auth: Authorization) -> int:
    """Insert or update an authorization; returns its id."""
    with store.write() as db:
        if auth.id is None:
            auth.id = inserted_id(db.table("authorizations").insert(_row(auth)))
        else:
            db.table("authorizations").update(auth.id, _row(auth))
    return auth.id


def delete_authorization(store: Store, auth_id: int) -> None:
    """Remove an authorization (claims keep the number they carry in box 23)."""
    with store.write() as db:
        db.execute("DELETE FROM authorizations WHERE id = ?", [auth_id])


def for_coverages(store: Store, coverage_ids: Sequence[int]) -> list[Authorization]:
    """The authorizations of these coverages, by start date."""
    found: list[Authorization] = []
    for chunk in chunks_of(list(coverage_ids)):
        found += [_auth(r) for r in store.read.query(
            f"SELECT * FROM authorizations WHERE coverage_id IN ({marks(chunk)}) "
            "ORDER BY from_date, id", chunk)]
    return found


def for_patient(store: Store, patient_id: int | None = None) -> list[Authorization]:
    """A patient's authorizations (every patient's when None), by start date."""
    sql = ("SELECT a.* FROM authorizations a JOIN coverages c ON c.id = a.coverage_id"
           + (" WHERE c.patient_id = ?" if patient_id is not None else "")
           + " ORDER BY c.patient_id, a.from_date, a.id")
    params = [patient_id] if patient_id is not None else []
    return [_auth(r) for r in store.read.query(sql, params)]


def get_authorization(store: Store, auth_id: int) -> Authorization:
    """One authorization by id."""
    return _auth(store.read.table("authorizations").get(auth_id))


def _paid_keys(store: Store, claim_ids: list[int]) -> tuple[set[int], set[int]]:
    """Lines with payments, and claims with claim-level payments (net of undos)."""
    lines: set[int] = set()
    claims: set[int] = set()
    for chunk in chunks_of(claim_ids):
        for claim_id, line_id, cents in store.read.execute(
            "SELECT claim_id, line_id, SUM(amount_cents) FROM ledger WHERE kind = 'payment' "
            f"AND claim_id IN ({marks(chunk)}) GROUP BY claim_id, line_id", chunk,
        ):
            if cents > 0 and line_id is not None:
                lines.add(line_id)
            elif cents > 0:
                claims.add(claim_id)
    return lines, claims


def usage_lines(
    store: Store, coverage_ids: Sequence[int], exclude_claim_id: int | None = None
) -> list[UsageLine]:
    """Every service line billed to these coverages that counts against authorizations."""
    raw: list[tuple[Any, ...]] = []
    for chunk in chunks_of(list(coverage_ids)):
        raw += store.read.execute(
            "SELECT c.id, c.coverage_id, c.rendering_provider_id, c.status, c.frequency, "
            "l.id, l.service_date, l.procedure_code, l.modifiers, l.units "
            "FROM claims c JOIN service_lines l ON l.claim_id = c.id "
            f"WHERE c.coverage_id IN ({marks(chunk)})", chunk,
        ).fetchall()
    paid_lines, paid_claims = _paid_keys(store, sorted({r[0] for r in raw}))
    found = []
    for claim_id, coverage_id, provider, status, frequency, line_id, day, code, mods, units in raw:
        stage = stage_of(ClaimStatus(status), frequency)
        if stage is None or claim_id == exclude_claim_id:
            continue
        found.append(UsageLine(
            claim_id, coverage_id, provider, date.fromisoformat(day), code,
            tuple(json.loads(mods)), Decimal(units), stage,
            paid=line_id in paid_lines or claim_id in paid_claims,
        ))
    return found


def coverage_ids_with_authorizations(store: Store) -> list[int]:
    """Coverages that have at least one authorization."""
    return [r[0] for r in store.read.execute(
        "SELECT DISTINCT coverage_id FROM authorizations ORDER BY coverage_id")]


def coverages_billed_for(store: Store, codes: Sequence[str]) -> list[tuple[int, int]]:
    """(patient id, coverage id) of claims with lines of any of ``codes``, by patient."""
    rows = store.read.execute(
        "SELECT DISTINCT c.patient_id, c.coverage_id FROM claims c JOIN service_lines l "
        f"ON l.claim_id = c.id WHERE l.procedure_code IN ({marks(codes)}) "
        "ORDER BY c.patient_id, c.coverage_id", list(codes))
    return [(int(p), int(c)) for p, c in rows]


def has_unsent_after(store: Store, coverage_id: int, after: date, codes: Sequence[str]) -> bool:
    """True if a draft or ready claim of the coverage has a line of ``codes`` after ``after``."""
    row = store.read.execute(
        "SELECT 1 FROM claims c JOIN service_lines l ON l.claim_id = c.id "
        "WHERE c.coverage_id = ? AND c.status IN ('draft', 'ready') AND l.service_date > ? "
        f"AND l.procedure_code IN ({marks(codes)}) LIMIT 1",
        [coverage_id, after.isoformat(), *codes]).fetchone()
    return row is not None


def claim_ids_in(store: Store, statuses: Sequence[str], patient_id: int | None = None
                 ) -> list[int]:
    """Claims in ``statuses`` (of one patient), the latest date of service first."""
    sql = f"SELECT id FROM claims WHERE status IN ({marks(statuses)})"
    params: list[object] = list(statuses)
    if patient_id is not None:
        sql += " AND patient_id = ?"
        params.append(patient_id)
    return [r[0] for r in store.read.execute(sql + " ORDER BY first_date DESC, id", params)]


def set_box23(store: Store, numbers: dict[int, str]) -> None:
    """Put authorization numbers in box 23 of claims not sent yet, as they are (no event:
    the demo's seeding only)."""
    with store.write() as db:
        for claim_id, number in numbers.items():
            db.execute("UPDATE claims SET prior_authorization = ? WHERE id = ?",
                       [number, claim_id])


def set_line_authorizations(store: Store, numbers: dict[int, str]) -> None:
    """Put authorization numbers on lines (2400 REF*G1) of claims not sent yet, by line id
    (no event: the demo's seeding only)."""
    with store.write() as db:
        for line_id, number in numbers.items():
            db.execute("UPDATE service_lines SET prior_authorization = ? WHERE id = ?",
                       [number, line_id])


def claim_ids_with_line_authorizations(store: Store) -> list[int]:
    """Claims with a line under its own authorization (2400 REF*G1), oldest first."""
    return [r[0] for r in store.read.execute(
        "SELECT DISTINCT claim_id FROM service_lines WHERE prior_authorization != '' "
        "ORDER BY claim_id")]
