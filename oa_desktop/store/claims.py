"""Claims with their lines, their append-only events, and ledger rows.

The ``status``, ``last_event_*``, ``paid/adjusted/balance`` columns of ``claims`` are a
cache of the events and the ledger, written in the same transaction as the rows they
summarise; :func:`check_claim_caches` recomputes them to prove it.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import sqlite_utils

from oa_desktop.domain.models import Claim, Frequency, ServiceLine
from oa_desktop.domain.money import from_cents, to_cents
from oa_desktop.domain.status import ClaimStatus, EventKind, derive_status, next_status
from oa_desktop.store import counters
from oa_desktop.store.db import Store, chunks_of, insert_many, inserted_id, marks, utc_now

Row = dict[str, Any]


@dataclass(frozen=True, slots=True)
class ClaimEvent:
    """One entry of a claim's timeline."""

    id: int
    kind: EventKind
    status_after: ClaimStatus
    at: str
    source: str
    source_file: str
    codes: str
    text: str


def _claim_row(claim: Claim, now: str) -> Row:
    return {
        "pcn": claim.patient_control_number, "patient_id": claim.patient_id,
        "coverage_id": claim.coverage_id, "secondary_coverage_id": claim.secondary_coverage_id,
        "primary_claim_id": claim.primary_claim_id,
        "rendering_provider_id": claim.rendering_provider_id, "facility_id": claim.facility_id,
        "place_of_service": claim.place_of_service, "frequency": claim.frequency.value,
        "original_claim_number": claim.original_claim_number,
        "prior_authorization": claim.prior_authorization, "referring_name": claim.referring_name,
        "referring_npi": claim.referring_npi, "note": claim.note,
        "diagnoses": json.dumps(claim.diagnoses), "charge_cents": to_cents(claim.charge_amount),
        "first_date": claim.first_date.isoformat() if claim.first_date else None,
        "last_date": claim.last_date.isoformat() if claim.last_date else None,
        "updated_at": now,
    }


def _line_row(claim_id: int, number: int, line: ServiceLine) -> Row:
    return {
        "claim_id": claim_id, "line_number": number,
        "service_date": line.service_date.isoformat(),
        "service_date_to": line.service_date_to.isoformat() if line.service_date_to else None,
        "procedure_code": line.procedure_code, "modifiers": json.dumps(list(line.modifiers)),
        "units": str(line.units), "charge_cents": to_cents(line.charge_amount),
        "pointers": json.dumps(list(line.diagnosis_pointers)),
        "place_of_service": line.place_of_service, "control_number": line.control_number,
        "prior_authorization": line.prior_authorization,
    }


def save_claim(store: Store, claim: Claim, at: str | None = None) -> int:
    """Insert a new claim (event ``created``) or update a draft, ready or rejected one.

    Editing a ready or rejected claim sends it back to draft (event ``edited``).
    Lines are replaced whole; their control numbers are kept as given.
    """
    now = at or utc_now()
    with store.write() as db:
        row = _claim_row(claim, now)
        if claim.id is None:
            claim.id = inserted_id(db.table("claims").insert(
                {**row, "created_at": now, "balance_cents": row["charge_cents"]}
            ))
            append_event(db, claim.id, EventKind.CREATED, now, text="Claim created")
        else:
            current = ClaimStatus(db.table("claims").get(claim.id)["status"])
            next_status(current, EventKind.EDITED)  # refuses edits of sent claims
            db.table("claims").update(claim.id, row)
            append_event(db, claim.id, EventKind.EDITED, now, text="Claim edited")
            _refresh_money(db, claim.id)
            db.execute("DELETE FROM service_lines WHERE claim_id = ?", [claim.id])
        lines = [_line_row(claim.id, n, line) for n, line in enumerate(claim.lines, start=1)]
        if lines:
            db.table("service_lines").insert_all(lines)
    return claim.id


def next_pcn(db: sqlite_utils.Database) -> str:
    """A new patient control number (CLM01): ``C`` and seven digits, from a counter."""
    return f"C{counters.next_value(db, 'pcn'):07d}"


def new_pcn(store: Store) -> str:
    """Take a new patient control number in its own transaction."""
    with store.write() as db:
        return next_pcn(db)


def _line(r: Row) -> ServiceLine:
    return ServiceLine(
        service_date=date.fromisoformat(r["service_date"]),
        service_date_to=date.fromisoformat(r["service_date_to"]) if r["service_date_to"] else None,
        procedure_code=r["procedure_code"], modifiers=tuple(json.loads(r["modifiers"])),
        units=Decimal(r["units"]), charge_amount=from_cents(r["charge_cents"]),
        diagnosis_pointers=tuple(json.loads(r["pointers"])),
        place_of_service=r["place_of_service"], control_number=r["control_number"], id=r["id"],
        prior_authorization=r["prior_authorization"],
    )


def get_claim(store: Store, claim_id: int) -> Claim:
    """Load one claim with its lines."""
    db = store.read
    r = db.table("claims").get(claim_id)
    lines = db.table("service_lines").rows_where(
        "claim_id = ?", [claim_id], order_by="line_number"
    )
    return Claim(
        id=r["id"], patient_id=r["patient_id"], coverage_id=r["coverage_id"],
        patient_control_number=r["pcn"], diagnoses=json.loads(r["diagnoses"]),
        lines=[_line(line) for line in lines], place_of_service=r["place_of_service"],
        frequency=Frequency(r["frequency"]), original_claim_number=r["original_claim_number"],
        prior_authorization=r["prior_authorization"],
        rendering_provider_id=r["rendering_provider_id"], facility_id=r["facility_id"],
        referring_name=r["referring_name"], referring_npi=r["referring_npi"],
        secondary_coverage_id=r["secondary_coverage_id"], note=r["note"], status=r["status"],
        primary_claim_id=r["primary_claim_id"],
    )


def append_event(
    db: sqlite_utils.Database,
    claim_id: int,
    kind: EventKind,
    at: str,
    *,
    source: str = "user",
    source_file: str = "",
    batch_id: int | None = None,
    codes: str = "",
    text: str = "",
    reported_on: str | None = None,
) -> ClaimStatus:
    """Append one event inside the caller's ``Store.write()`` and move the status cache.

    ``reported_on`` is the date the answer gives for what it reports (a 277's STC02).

    The one place a single event is written (``add_event``, ingest of 999/277 answers);
    :func:`append_events` is its bulk form. Raises ``InvalidTransition`` for a user action
    the claim's status does not allow.
    """
    row = db.execute("SELECT status FROM claims WHERE id = ?", [claim_id]).fetchone()
    current = None if kind is EventKind.CREATED else ClaimStatus(row[0])
    status = next_status(current, kind)
    text = text or kind.label
    db.execute(
        "INSERT INTO claim_events (claim_id, kind, status_after, at, source, source_file, "
        "batch_id, codes, text, reported_on) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [claim_id, kind.value, status.value, at, source, source_file, batch_id, codes, text,
         reported_on],
    )
    db.execute(
        "UPDATE claims SET status = ?, last_event_at = ?, last_event_text = ? WHERE id = ?",
        [status.value, at, text, claim_id],
    )
    return status


def add_event(
    store: Store,
    claim_id: int,
    kind: EventKind,
    *,
    at: str | None = None,
    source: str = "user",
    source_file: str = "",
    batch_id: int | None = None,
    codes: str = "",
    text: str = "",
) -> ClaimStatus:
    """Append an event to a claim's timeline and return the claim's new status.

    Raises ``InvalidTransition`` for a user action the claim's status does not allow
    (nothing is written then).
    """
    with store.write() as db:
        return append_event(
            db, claim_id, kind, at or utc_now(), source=source, source_file=source_file,
            batch_id=batch_id, codes=codes, text=text,
        )


def timeline(store: Store, claim_id: int) -> list[ClaimEvent]:
    """A claim's events, oldest first."""
    rows = store.read.execute(
        "SELECT id, kind, status_after, at, source, source_file, codes, text "
        "FROM claim_events WHERE claim_id = ? ORDER BY id", [claim_id]
    ).fetchall()
    return [
        ClaimEvent(r[0], EventKind(r[1]), ClaimStatus(r[2]), r[3], r[4], r[5], r[6], r[7])
        for r in rows
    ]


# -- ledger ---------------------------------------------------------------------------

_PAID_KINDS = ("payment", "patient_payment")
_ADJUSTED_KINDS = ("adjustment", "write_off")


def _refresh_money(db: sqlite_utils.Database, claim_id: int) -> None:
    db.execute(
        f"""UPDATE claims SET
            paid_cents = (SELECT COALESCE(SUM(amount_cents), 0) FROM ledger
                          WHERE claim_id = :id AND kind IN {_PAID_KINDS}),
            adjusted_cents = (SELECT COALESCE(SUM(amount_cents), 0) FROM ledger
                              WHERE claim_id = :id AND kind IN {_ADJUSTED_KINDS})
            WHERE id = :id""",
        {"id": claim_id},
    )
    db.execute(
        "UPDATE claims SET balance_cents = charge_cents - paid_cents - adjusted_cents "
        "WHERE id = ?", [claim_id],
    )


def add_ledger_entry(
    db: sqlite_utils.Database,
    claim_id: int,
    kind: str,
    amount: Decimal,
    *,
    at: str,
    line_id: int | None = None,
    group_code: str = "",
    reason_code: str = "",
    source: str = "user",
    source_ref: str = "",
    note: str = "",
) -> int:
    """Append a ledger row inside the caller's ``Store.write()`` and refresh the balance."""
    entry_id = inserted_id(db.table("ledger").insert({
        "claim_id": claim_id, "line_id": line_id, "kind": kind, "amount_cents": to_cents(amount),
        "group_code": group_code, "reason_code": reason_code, "source": source,
        "source_ref": source_ref, "posted_at": at, "note": note,
    }))
    _refresh_money(db, claim_id)
    return entry_id


def balance(store: Store, claim_id: int) -> Decimal:
    """A claim's balance, summed over the ledger (not read from the cache)."""
    db = store.read
    charge = db.execute("SELECT charge_cents FROM claims WHERE id = ?", [claim_id]).fetchone()[0]
    kinds = _PAID_KINDS + _ADJUSTED_KINDS
    taken = db.execute(
        f"SELECT COALESCE(SUM(amount_cents), 0) FROM ledger WHERE claim_id = ? AND kind IN {kinds}",
        [claim_id],
    ).fetchone()[0]
    return from_cents(int(charge) - int(taken))


def check_claim_caches(store: Store) -> list[str]:
    """Recompute every claim's status and balance; list the claims whose cache differs."""
    problems: list[str] = []
    db = store.read
    events: dict[int, list[EventKind]] = {}
    for claim_id, kind in db.execute("SELECT claim_id, kind FROM claim_events ORDER BY id"):
        events.setdefault(claim_id, []).append(EventKind(kind))
    for claim_id, status, balance_cents in db.execute(
        "SELECT id, status, balance_cents FROM claims"
    ):
        if claim_id not in events or derive_status(events[claim_id]).value != status:
            problems.append(f"claim {claim_id}: status {status} does not follow its events")
        if to_cents(balance(store, claim_id)) != balance_cents:
            problems.append(f"claim {claim_id}: balance differs from its ledger")
    return problems


def negative_balances(store: Store) -> list[str]:
    """Every claim whose balance, summed over its ledger, is below zero, in words."""
    kinds = _PAID_KINDS + _ADJUSTED_KINDS
    rows = store.read.execute(
        f"""SELECT c.pcn, c.charge_cents, COALESCE(SUM(l.amount_cents), 0) AS taken
            FROM claims c JOIN ledger l ON l.claim_id = c.id AND l.kind IN {kinds}
            GROUP BY c.id HAVING c.charge_cents - taken < 0 ORDER BY c.id""")
    return [f"claim {pcn}: balance {from_cents(int(charge) - int(taken))} on a charge of "
            f"{from_cents(int(charge))}" for pcn, charge, taken in rows]


def posted_payments_total(store: Store) -> Decimal:
    """Every payer payment on the ledger, net of reversals."""
    cents = store.read.execute(
        "SELECT COALESCE(SUM(amount_cents), 0) FROM ledger WHERE kind = 'payment'"
    ).fetchone()[0]
    return from_cents(int(cents))


def claim_id_for_pcn(store: Store, pcn: str) -> int | None:
    """The claim with patient control number ``pcn`` (CLM01), if any."""
    row = store.read.execute("SELECT id FROM claims WHERE pcn = ?", [pcn.upper()]).fetchone()
    return None if row is None else int(row[0])


def claim_count(store: Store) -> int:
    """How many claims the database holds."""
    return int(store.read.execute("SELECT COUNT(*) FROM claims").fetchone()[0])


def first_draft_id(store: Store) -> int | None:
    """Some claim still in draft, if there is one (SQLite's first match)."""
    row = store.read.execute("SELECT id FROM claims WHERE status = 'draft' LIMIT 1").fetchone()
    return None if row is None else int(row[0])


def match_candidates(
    store: Store, last_name: str, charge_cents: int, first_date: str | None
) -> list[tuple[Any, ...]]:
    """Claims with this patient last name, charge or first date (at most 400).

    Each row: claim id, CLM01, last name, first name, first date, charge in cents, and
    the claim's procedure codes joined by commas.
    """
    return store.read.execute(
        "SELECT c.id, c.pcn, p.last_name, p.first_name, c.first_date, c.charge_cents, "
        "(SELECT group_concat(procedure_code) FROM service_lines s WHERE s.claim_id = c.id) "
        "FROM claims c JOIN patients p ON p.id = c.patient_id "
        "WHERE upper(p.last_name) = upper(?) OR c.charge_cents = ? OR c.first_date = ? "
        "LIMIT 400", [last_name, charge_cents, first_date]).fetchall()


def pcn_of(db: sqlite_utils.Database, claim_id: int) -> str:
    """The claim's current CLM01 (``db``: the reader, or the caller's write transaction)."""
    return str(db.execute("SELECT pcn FROM claims WHERE id = ?", [claim_id]).fetchone()[0])


def set_pcn(db: sqlite_utils.Database, claim_id: int, pcn: str) -> None:
    """Give the claim a new CLM01, inside the caller's write transaction."""
    db.execute("UPDATE claims SET pcn = ? WHERE id = ?", [pcn, claim_id])


def ready_claim_ids(store: Store) -> list[int]:
    """Claims in status ``ready``, by CLM01."""
    rows = store.read.execute("SELECT id FROM claims WHERE status = 'ready' ORDER BY pcn")
    return [int(r[0]) for r in rows]


def not_ready_among(store: Store, claim_ids: Sequence[int]) -> list[int]:
    """Those of ``claim_ids`` whose status is no longer ``ready``."""
    marks = ", ".join("?" for _ in claim_ids)
    rows = store.read.execute(
        f"SELECT id FROM claims WHERE id IN ({marks}) AND status != 'ready'", list(claim_ids)
    )
    return [int(r[0]) for r in rows]


def balance_cents_in(db: sqlite_utils.Database, claim_id: int) -> int:
    """The claim's cached open balance in cents, read inside the caller's transaction."""
    cents: int = db.execute("SELECT balance_cents FROM claims WHERE id = ?",
                            [claim_id]).fetchone()[0]
    return cents


def start_replacement(
    db: sqlite_utils.Database, claim_id: int, payer_claim_number: str, at: str
) -> None:
    """Make the claim a replacement (frequency 7) of the payer's claim (REF*F8), inside the
    caller's write transaction."""
    db.execute("UPDATE claims SET frequency = ?, original_claim_number = ?, updated_at = ? "
               "WHERE id = ?", [Frequency.REPLACEMENT.value, payer_claim_number, at, claim_id])


# -- helpers for the claim editor ---------------------------------------------------------

EDITABLE_STATUSES = frozenset({ClaimStatus.DRAFT, ClaimStatus.READY, ClaimStatus.REJECTED})


def last_claim_for_patient(store: Store, patient_id: int) -> Claim | None:
    """The patient's most recently created claim, or None."""
    row = store.read.execute(
        "SELECT id FROM claims WHERE patient_id = ? ORDER BY created_at DESC, id DESC LIMIT 1",
        [patient_id],
    ).fetchone()
    return get_claim(store, int(row[0])) if row else None


def copy_claim(store: Store, claim_id: int) -> Claim:
    """An unsaved copy of a claim: same patient, coverages, codes and lines.

    The copy is a new original claim (frequency 1, no payer claim number) with no PCN
    yet (it takes one when saved) and lines without ids or control numbers.
    """
    source = get_claim(store, claim_id)
    lines = [
        ServiceLine(
            service_date=line.service_date, procedure_code=line.procedure_code,
            charge_amount=line.charge_amount, units=line.units, modifiers=line.modifiers,
            diagnosis_pointers=line.diagnosis_pointers, service_date_to=line.service_date_to,
            place_of_service=line.place_of_service, prior_authorization=line.prior_authorization,
        )
        for line in source.lines
    ]
    return Claim(
        patient_id=source.patient_id, coverage_id=source.coverage_id,
        patient_control_number="", diagnoses=list(source.diagnoses), lines=lines,
        place_of_service=source.place_of_service, prior_authorization=source.prior_authorization,
        rendering_provider_id=source.rendering_provider_id, facility_id=source.facility_id,
        referring_name=source.referring_name, referring_npi=source.referring_npi,
        secondary_coverage_id=source.secondary_coverage_id, note=source.note,
    )


# -- bulk helpers for posting an ERA (one transaction, thousands of claims) -------------

def refresh_money(db: sqlite_utils.Database, claim_ids: set[int]) -> None:
    """Recompute the paid / adjusted / balance cache of ``claim_ids`` from the ledger."""
    for chunk in chunks_of(sorted(claim_ids)):
        places = marks(chunk)
        db.execute(
            f"""UPDATE claims SET
                paid_cents = (SELECT COALESCE(SUM(amount_cents), 0) FROM ledger
                              WHERE claim_id = claims.id AND kind IN {_PAID_KINDS}),
                adjusted_cents = (SELECT COALESCE(SUM(amount_cents), 0) FROM ledger
                                  WHERE claim_id = claims.id AND kind IN {_ADJUSTED_KINDS})
                WHERE id IN ({places})""", chunk)
        db.execute("UPDATE claims SET balance_cents = charge_cents - paid_cents - adjusted_cents "
                   f"WHERE id IN ({places})", chunk)


def append_events(
    db: sqlite_utils.Database, events: list[tuple[int, EventKind, str, str, str]], *,
    source: str, source_file: str = "", batch_id: int | None = None,
) -> dict[int, ClaimStatus]:
    """Append ``(claim_id, kind, at, codes, text)`` events in order; return new statuses.

    The same rules as :func:`add_event` (answers from outside always recorded), in bulk.
    """
    current = claim_statuses(db, sorted({e[0] for e in events}))
    rows = []
    last: dict[int, tuple[str, str]] = {}
    for claim_id, kind, at, codes, text in events:
        status = next_status(current[claim_id], kind)
        current[claim_id] = status
        text = text or kind.label
        rows.append((claim_id, kind.value, status.value, at, source, source_file, batch_id,
                     codes, text))
        last[claim_id] = (at, text)
    insert_many(db, "claim_events", ("claim_id", "kind", "status_after", "at", "source",
                                     "source_file", "batch_id", "codes", "text"), rows)
    db.conn.executemany(
        "UPDATE claims SET status = ?, last_event_at = ?, last_event_text = ? WHERE id = ?",
        [(current[c].value, at, text, c) for c, (at, text) in last.items()])
    return {c: current[c] for c in last}


def claim_statuses(db: sqlite_utils.Database, claim_ids: list[int]) -> dict[int, ClaimStatus]:
    """The current status of each claim in ``claim_ids``."""
    found: dict[int, ClaimStatus] = {}
    for chunk in chunks_of(claim_ids):
        for claim_id, status in db.execute(
            f"SELECT id, status FROM claims WHERE id IN ({marks(chunk)})", chunk
        ):
            found[claim_id] = ClaimStatus(status)
    return found


def patient_ids_of(store: Store, claim_ids: Sequence[int]) -> set[int]:
    """The patients of these claims."""
    found: set[int] = set()
    for chunk in chunks_of(list(claim_ids)):
        rows = store.read.execute(
            f"SELECT DISTINCT patient_id FROM claims WHERE id IN ({marks(chunk)})", chunk)
        found.update(int(r[0]) for r in rows)
    return found
