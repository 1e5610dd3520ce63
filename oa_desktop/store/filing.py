"""What timely filing reads: payers' own limits, open claims' dates, payers' decision dates."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from oa_desktop.domain.models import ClaimFilingIndicator
from oa_desktop.store.db import Store, chunks_of, marks


@dataclass(frozen=True, slots=True)
class PayerLimit:
    """A payer's own filing limit (None: the default) and what the default depends on."""

    payer_id: int
    name: str
    indicator: ClaimFilingIndicator
    own_days: int | None  # None: the default applies


def payer_limits(store: Store) -> dict[int, PayerLimit]:
    """Every payer's own filing limit (or None), with what the default depends on."""
    return {
        r[0]: PayerLimit(r[0], r[1], ClaimFilingIndicator(r[2]), r[3])
        for r in store.read.execute(
            "SELECT id, name, claim_filing_indicator, filing_limit_days FROM payers")
    }


def set_payer_limit(store: Store, payer_id: int, days: int | None) -> None:
    """Set (or, with None, clear) a payer's own filing limit in days."""
    with store.write() as db:
        db.execute("UPDATE payers SET filing_limit_days = ? WHERE id = ?", [days, payer_id])


@dataclass(frozen=True, slots=True)
class OpenClaim:
    """A claim the payer has not accepted yet, with what its deadline depends on."""

    claim_id: int
    pcn: str
    patient_name: str
    payer_id: int
    status: str
    frequency: str
    first_date: date
    charge_cents: int


def open_claims(store: Store, statuses: Sequence[str],
                claim_ids: Sequence[int] | None = None) -> list[OpenClaim]:
    """Claims in ``statuses`` (or those of ``claim_ids``) that have a date of service."""
    sql = (
        "SELECT c.id, c.pcn, p.last_name || ', ' || p.first_name, cv.payer_id, c.status, "
        "c.frequency, c.first_date, c.charge_cents FROM claims c "
        "JOIN patients p ON p.id = c.patient_id JOIN coverages cv ON cv.id = c.coverage_id "
        "WHERE c.first_date IS NOT NULL AND "
    )
    found = []
    keys: list[object] = list(claim_ids) if claim_ids is not None else list(statuses)
    column = "c.id" if claim_ids is not None else "c.status"
    for chunk in chunks_of(keys):
        found += [
            OpenClaim(r[0], r[1], r[2], r[3], r[4], r[5], date.fromisoformat(r[6]), r[7])
            for r in store.read.execute(f"{sql}{column} IN ({marks(chunk)})", chunk)
        ]
    return found


def decision_dates(store: Store, claim_ids: Sequence[int]) -> dict[int, date]:
    """The latest date a payer decided each claim (its last ERA event), where there is one."""
    found: dict[int, date] = {}
    for chunk in chunks_of(list(claim_ids)):
        for claim_id, at in store.read.execute(
            "SELECT claim_id, MAX(at) FROM claim_events WHERE source = '835' "
            f"AND claim_id IN ({marks(chunk)}) GROUP BY claim_id", chunk,
        ):
            found[claim_id] = date.fromisoformat(at[:10])
    return found
