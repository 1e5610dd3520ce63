"""Sessions (timesheets, appointments, weekly patterns) and the claims they became."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import sqlite_utils

from oa_desktop.store.db import Store, chunks_of, marks


@dataclass(frozen=True, slots=True)
class SessionRecord:
    """One session as stored."""

    patient_id: int
    coverage_id: int | None
    rendering_provider_id: int | None
    service_date: date
    start_time: str
    minutes: int
    procedure_code: str
    modifiers: tuple[str, ...]
    units: Decimal
    place_of_service: str
    source: str  # "import" or "recurring"
    source_key: str | None  # identifies an imported session; None for others
    claim_id: int | None = None
    id: int | None = None


def _row(s: SessionRecord, claim_id: int | None, at: str) -> dict[str, object]:
    return {
        "patient_id": s.patient_id, "coverage_id": s.coverage_id,
        "rendering_provider_id": s.rendering_provider_id,
        "service_date": s.service_date.isoformat(), "start_time": s.start_time,
        "minutes": s.minutes, "procedure_code": s.procedure_code,
        "modifiers": json.dumps(list(s.modifiers)), "units": str(s.units),
        "place_of_service": s.place_of_service, "source": s.source,
        "source_key": s.source_key, "claim_id": claim_id, "created_at": at,
    }


def insert_sessions(db: sqlite_utils.Database, sessions: Iterable[tuple[SessionRecord, int | None]],
                    at: str) -> None:
    """Store sessions with the claim each became, inside the caller's write."""
    rows = [_row(s, claim_id, at) for s, claim_id in sessions]
    if rows:
        db.table("sessions").insert_all(rows, batch_size=500)


def known_keys(store: Store, keys: Sequence[str]) -> set[str]:
    """Which of ``keys`` were imported before."""
    found: set[str] = set()
    for chunk in chunks_of(list(dict.fromkeys(keys))):
        found |= {r[0] for r in store.read.execute(
            f"SELECT source_key FROM sessions WHERE source_key IN ({marks(chunk)})", chunk)}
    return found


def unbilled(store: Store, patient_id: int | None = None) -> list[SessionRecord]:
    """Sessions not on a claim yet (recurring drafts), by date."""
    sql = "SELECT * FROM sessions WHERE claim_id IS NULL"
    params: list[object] = []
    if patient_id is not None:
        sql += " AND patient_id = ?"
        params.append(patient_id)
    return [_record(r) for r in store.read.query(sql + " ORDER BY service_date, id", params)]


def _record(r: dict[str, object]) -> SessionRecord:
    return SessionRecord(
        patient_id=int(str(r["patient_id"])),
        coverage_id=int(str(r["coverage_id"])) if r["coverage_id"] is not None else None,
        rendering_provider_id=(int(str(r["rendering_provider_id"]))
                               if r["rendering_provider_id"] is not None else None),
        service_date=date.fromisoformat(str(r["service_date"])), start_time=str(r["start_time"]),
        minutes=int(str(r["minutes"])), procedure_code=str(r["procedure_code"]),
        modifiers=tuple(json.loads(str(r["modifiers"]))), units=Decimal(str(r["units"])),
        place_of_service=str(r["place_of_service"]), source=str(r["source"]),
        source_key=str(r["source_key"]) if r["source_key"] is not None else None,
        claim_id=int(str(r["claim_id"])) if r["claim_id"] is not None else None,
        id=int(str(r["id"])),
    )


def attach_to_claim(db: sqlite_utils.Database, session_ids: Sequence[int], claim_id: int) -> None:
    """Mark stored sessions as billed on ``claim_id``, inside the caller's write."""
    for chunk in chunks_of(list(session_ids)):
        db.execute(f"UPDATE sessions SET claim_id = ? WHERE id IN ({marks(chunk)})",
                   [claim_id, *chunk])


def count(store: Store) -> int:
    """How many sessions are stored."""
    return int(store.read.execute("SELECT COUNT(*) FROM sessions").fetchone()[0])
