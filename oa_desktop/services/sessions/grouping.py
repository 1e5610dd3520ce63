"""Sessions grouped into claims: per patient, coverage, provider, place and billing period,
at most 50 lines each."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from oa_desktop.domain.models import MAX_SERVICE_LINES
from oa_desktop.domain.sessions import UnitRule, period_start
from oa_desktop.store.sessions import SessionRecord

if TYPE_CHECKING:
    from oa_desktop.services.sessions.lookups import Lookups


@dataclass(frozen=True, slots=True)
class PlannedLine:
    """A session as the line it will be, with its charge and authorization."""

    session: SessionRecord
    row: int  # the file's row (0 for sessions not from a file)
    charge: Decimal
    authorization: str  # the covering authorization's number, '' for none
    rule: UnitRule | None  # how minutes became units; None when the file gave units
    diagnoses: tuple[str, ...]
    payer_name: str


@dataclass(frozen=True, slots=True)
class PlannedClaim:
    """The draft claim a group of sessions will become."""

    patient_id: int
    patient_name: str
    coverage_id: int
    payer_name: str
    provider_id: int | None
    provider_name: str
    place_of_service: str
    period_start: date
    diagnoses: tuple[str, ...]
    lines: tuple[PlannedLine, ...]

    @property
    def box23(self) -> str:
        """The first line's authorization number; a line under another carries its own
        (2400 REF*G1)."""
        return next((ln.authorization for ln in self.lines if ln.authorization), "")

    @property
    def charge(self) -> Decimal:
        """The claim's total charge."""
        return sum((ln.charge for ln in self.lines), Decimal("0.00"))

    @property
    def units(self) -> Decimal:
        """The claim's total units."""
        return sum((ln.session.units for ln in self.lines), Decimal("0"))


def group(lines: Iterable[PlannedLine], look: Lookups,
          max_lines: int = MAX_SERVICE_LINES) -> list[PlannedClaim]:
    """Claims for ``lines``; a group of more than ``max_lines`` becomes several claims."""
    groups: dict[tuple[int, int, int, str, date], list[PlannedLine]] = {}
    for line in lines:
        s = line.session
        key = (s.patient_id, s.coverage_id or 0, s.rendering_provider_id or 0,
               s.place_of_service, period_start(s.service_date, look.period))
        groups.setdefault(key, []).append(line)
    planned = []
    for (patient_id, coverage_id, provider_id, place, start), members in groups.items():
        members.sort(key=lambda ln: (ln.session.service_date, ln.session.start_time, ln.row))
        for first in range(0, len(members), max_lines):
            chunk = tuple(members[first:first + max_lines])
            planned.append(PlannedClaim(
                patient_id, look.patient_names.get(patient_id, ""), coverage_id,
                chunk[0].payer_name, provider_id or None,
                look.provider_names.get(provider_id, ""), place, start,
                _diagnoses(chunk), chunk))
    planned.sort(key=lambda c: (c.patient_name, c.period_start, c.provider_name))
    return planned


def _diagnoses(lines: tuple[PlannedLine, ...]) -> tuple[str, ...]:
    """Every diagnosis the lines bill under, first seen first, at most 12 (box 21)."""
    return tuple(dict.fromkeys(d for ln in lines for d in ln.diagnoses))[:12]
