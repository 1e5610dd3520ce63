"""Recurring sessions: a weekly pattern makes draft sessions; billing them makes claims.

Draft sessions are sessions not on a claim yet. Making the same pattern's sessions twice
for the same days creates nothing new (each has a key of patient, date, code, provider
and start time).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from oa_desktop.domain.money import to_money
from oa_desktop.domain.sessions import weekly_dates
from oa_desktop.services.sessions.grouping import PlannedClaim, PlannedLine, group
from oa_desktop.services.sessions.importing import ImportResult, claim_for
from oa_desktop.services.sessions.lookups import Lookups
from oa_desktop.store import claims
from oa_desktop.store import sessions as store_sessions
from oa_desktop.store.db import Store, utc_now
from oa_desktop.store.sessions import SessionRecord


@dataclass(frozen=True, slots=True)
class WeeklyPattern:
    """Sessions on the same weekdays every week."""

    patient_id: int
    weekdays: frozenset[int]  # Monday 0 … Sunday 6
    procedure_code: str
    units: Decimal
    provider_id: int | None = None
    modifiers: tuple[str, ...] = ()
    start_time: str = ""  # "09:00"
    minutes: int = 0
    place_of_service: str = "11"


def create_sessions(store: Store, pattern: WeeklyPattern, start: date, end: date,
                    at: str | None = None) -> int:
    """Draft sessions for every matching day from ``start`` to ``end``; returns how many
    are new."""
    look = Lookups(store)
    coverage = look.coverage(pattern.patient_id, "")
    made = [
        SessionRecord(
            pattern.patient_id, coverage.coverage_id if coverage else None, pattern.provider_id,
            day, pattern.start_time, pattern.minutes, pattern.procedure_code.upper(),
            pattern.modifiers, pattern.units, pattern.place_of_service, "recurring",
            f"rec:{pattern.patient_id}|{day}|{pattern.procedure_code.upper()}|"
            f"{pattern.provider_id}|{pattern.start_time}")
        for day in weekly_dates(start, end, pattern.weekdays)
    ]
    known = store_sessions.known_keys(store, [s.source_key or "" for s in made])
    new = [s for s in made if s.source_key not in known]
    with store.write() as db:
        store_sessions.insert_sessions(db, [(s, None) for s in new], at or utc_now())
    return len(new)


def plan_drafts(store: Store, patient_id: int | None = None) -> list[PlannedClaim]:
    """The claims the draft sessions (of one patient, or all) would become."""
    look = Lookups(store)
    lines = []
    for s in store_sessions.unbilled(store, patient_id):
        if s.coverage_id is None:
            continue
        price = look.price(s.procedure_code, s.modifiers)
        payer = next((c.payer_name for c in look.coverages.get(s.patient_id, [])
                      if c.coverage_id == s.coverage_id), "")
        lines.append(PlannedLine(
            s, 0, to_money(price * s.units) if price is not None else Decimal("0.00"),
            look.authorization(s.coverage_id, s.rendering_provider_id, s.procedure_code,
                               s.modifiers, s.service_date),
            None, look.diagnoses(s.patient_id), payer))
    return group(lines, look)


def bill_drafts(store: Store, patient_id: int | None = None, at: str | None = None
                ) -> ImportResult:
    """Turn the draft sessions into draft claims, in one transaction."""
    planned = plan_drafts(store, patient_id)
    now = at or utc_now()
    ids: list[int] = []
    with store.write() as db:
        for item in planned:
            claim = claim_for(item, claims.next_pcn(db))
            claim_id = claims.save_claim(store, claim, at=now)
            ids.append(claim_id)
            store_sessions.attach_to_claim(
                db, [ln.session.id for ln in item.lines if ln.session.id is not None], claim_id)
    return ImportResult(len(ids), sum(len(p.lines) for p in planned), ids)
