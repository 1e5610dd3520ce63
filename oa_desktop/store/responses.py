"""What downloaded files matched: claims by CLM01, batches, and the events they added.

Every answer a file gives is applied in one transaction together with its
``response_matches`` rows, so a file is applied all at once or not at all, and a file
already applied is recognised and never applied twice.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

import sqlite_utils

from oa_desktop.domain.batch_status import NEVER_SENT
from oa_desktop.domain.status import EventKind
from oa_desktop.store import claims
from oa_desktop.store.batches import status_list
from oa_desktop.store.db import Store, chunks_of, marks, utc_now

_CHUNK = 500
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class SentClaim:
    """A claim as it was sent: the batch it went out in under this CLM01."""

    claim_id: int
    batch_id: int | None  # None: no batch carried it (the claim's current CLM01, unbatched)
    pcn: str  # CLM01 of that submission


def pcn_key(pcn: str) -> str:
    """A CLM01 as answers are compared: exactly, but for case and surrounding spaces."""
    return pcn.strip().upper()


@dataclass(frozen=True, slots=True)
class SentAs:
    """Which claim we sent under each CLM01 asked about (see :func:`sent_claims`)."""

    found: Mapping[str, SentClaim]  # by pcn_key

    def get(self, pcn: str) -> SentClaim | None:
        """The claim sent as ``pcn`` (case and surrounding spaces ignored), or None."""
        return self.found.get(pcn_key(pcn))

    def claim_id(self, pcn: str) -> int | None:
        """Our claim id for ``pcn``, or None."""
        sent = self.get(pcn)
        return None if sent is None else sent.claim_id


@dataclass(frozen=True, slots=True)
class Answer:
    """One thing a file says about one claim, ready to become a timeline event."""

    claim_id: int
    kind: EventKind
    codes: str
    text: str
    batch_id: int | None = None
    reference: str = ""  # what in the file pointed at the claim (TRN02, ACCNT#, GS06/ST02)
    outcome: str = ""  # accepted / rejected in that batch, '' when it says neither
    payer_claim_number: str = ""  # REF*1K
    reported_on: str | None = None  # the date the answer gives (277 STC02), ISO


def sent_claims(db: Store | sqlite_utils.Database, pcns: Iterable[str], *,
                unbatched: bool = False) -> SentAs:
    """The one answer to "which claim did we send as CLM01 X?", for every answer file.

    From the batch history: the latest batch (built, failed and cancelled ones never went
    out; an unconfirmed one may have) that carried each CLM01, so the older CLM01s of a
    resent claim still match. With ``unbatched`` (the 835: a claim may have been sent from
    an exported 837 file), a CLM01 no batch carried falls back to the claim whose current
    CLM01 it is.
    Comparison is exact but for case and surrounding spaces (never a pattern).
    """
    conn = db.read if isinstance(db, Store) else db
    wanted = sorted({pcn_key(p) for p in pcns if p.strip()})
    found: dict[str, SentClaim] = {}
    for chunk in chunks_of(wanted, _CHUNK):
        rows = conn.execute(
            "SELECT upper(trim(bc.pcn)), bc.claim_id, bc.batch_id, bc.pcn FROM batch_claims bc "
            "JOIN batches b ON b.id = bc.batch_id "
            f"WHERE upper(trim(bc.pcn)) IN ({marks(chunk)}) "
            f"AND b.status NOT IN {status_list(NEVER_SENT)} ORDER BY bc.batch_id", chunk,
        )
        for key, claim_id, batch_id, pcn in rows:
            found[key] = SentClaim(int(claim_id), int(batch_id), pcn)
    rest = [p for p in wanted if p not in found] if unbatched else []
    for chunk in chunks_of(rest, _CHUNK):
        for key, claim_id, pcn in conn.execute(
            f"SELECT upper(trim(pcn)), id, pcn FROM claims WHERE upper(trim(pcn)) IN "
            f"({marks(chunk)})", chunk,
        ):
            found[key] = SentClaim(int(claim_id), None, pcn)
    return SentAs(found)


def match_each(db: Store | sqlite_utils.Database, items: Sequence[T],
               keys: Callable[[T], Sequence[str]], *, unbatched: bool = False,
               ) -> tuple[list[tuple[T, SentClaim]], list[T]]:
    """Each item of an answer file with the claim sent under the first of its CLM01s
    (``keys``) that :func:`sent_claims` knows, and the items that name none of ours."""
    sent = sent_claims(db, [k for item in items for k in keys(item)], unbatched=unbatched)
    matched: list[tuple[T, SentClaim]] = []
    missing: list[T] = []
    for item in items:
        found = next((s for s in map(sent.get, keys(item)) if s is not None), None)
        if found is None:
            missing.append(item)
        else:
            matched.append((item, found))
    return matched, missing


def batch_members(store: Store, batch_id: int) -> list[SentClaim]:
    """Every claim of one batch with the CLM01 it carried there."""
    rows = store.read.execute(
        "SELECT claim_id, pcn FROM batch_claims WHERE batch_id = ? ORDER BY rowid", [batch_id]
    )
    return [SentClaim(int(r[0]), batch_id, r[1]) for r in rows]


def already_applied(store: Store, file_id: int) -> bool:
    """True if this received file's answers were applied before."""
    row = store.read.execute(
        "SELECT 1 FROM response_matches WHERE file_id = ? LIMIT 1", [file_id]
    ).fetchone()
    return row is not None


def apply_answers(
    store: Store,
    file_id: int,
    source: str,
    source_file: str,
    answers: Sequence[Answer],
    *,
    batch_updates: dict[int, dict[str, object]] | None = None,
    at: str | None = None,
) -> None:
    """Append every answer's event, the outcomes and the match rows in one transaction.

    ``batch_updates`` maps batch ids to columns to set (999 verdict, Office Ally file id).
    A batch matched without claim answers still gets its match row.
    """
    now = at or utc_now()
    updates = batch_updates or {}
    with store.write() as db:
        for batch_id, fields in updates.items():
            if fields:
                db.table("batches").update(batch_id, fields)
        matches = [{"file_id": file_id, "batch_id": batch_id, "claim_id": None,
                    "reference": "batch"} for batch_id in updates]
        for answer in answers:
            claims.append_event(
                db, answer.claim_id, answer.kind, now, source=source, source_file=source_file,
                batch_id=answer.batch_id, codes=answer.codes, text=answer.text,
                reported_on=answer.reported_on,
            )
            if answer.outcome and answer.batch_id is not None:
                db.execute(
                    "UPDATE batch_claims SET outcome = ?, outcome_text = ? "
                    "WHERE batch_id = ? AND claim_id = ?",
                    [answer.outcome, answer.text, answer.batch_id, answer.claim_id],
                )
            if answer.payer_claim_number:
                db.execute(
                    "INSERT OR IGNORE INTO claim_references (claim_id, kind, value, pcn, file_id) "
                    "SELECT ?, 'payer_claim_number', ?, pcn, ? FROM claims WHERE id = ?",
                    [answer.claim_id, answer.payer_claim_number, file_id, answer.claim_id],
                )
            matches.append({"file_id": file_id, "batch_id": answer.batch_id,
                            "claim_id": answer.claim_id, "reference": answer.reference})
        if matches:
            db.table("response_matches").insert_all(matches)


def payer_status_facts(store: Store, claim_ids: Sequence[int], moving_kinds: Sequence[str],
                       ) -> tuple[dict[int, str], set[int]]:
    """For a 277's claims: the latest date a status that moved the claim was reported on
    (``moving_kinds``), and the claims an 835 denied (an 835 outranks a 277)."""
    latest: dict[int, str] = {}
    denied: set[int] = set()
    kinds = sorted(moving_kinds)
    for chunk in chunks_of(sorted(set(claim_ids)), _CHUNK):
        for claim_id, day in store.read.execute(
            f"SELECT claim_id, MAX(reported_on) FROM claim_events WHERE claim_id IN "
            f"({marks(chunk)}) AND kind IN ({marks(kinds)}) AND reported_on IS NOT NULL "
            "GROUP BY claim_id", [*chunk, *kinds],
        ):
            latest[int(claim_id)] = str(day)
        denied |= {int(r[0]) for r in store.read.execute(
            f"SELECT c.id FROM claims c WHERE c.id IN ({marks(chunk)}) AND c.status = 'denied' "
            "AND (SELECT kind FROM claim_events e WHERE e.claim_id = c.id AND e.kind IN "
            "('denied', 'payer_denied') ORDER BY e.id DESC LIMIT 1) = 'denied'", chunk)}
    return latest, denied


@dataclass(frozen=True, slots=True)
class MatchSummary:
    """Which batches and how many claims an answer file matched."""
    batch_names: tuple[str, ...]
    claim_count: int


def match_summaries(store: Store) -> dict[int, MatchSummary]:
    """Per received file: the batches it matched and how many claims."""
    names: dict[int, list[str]] = {}
    for file_id, name in store.read.execute(
        "SELECT DISTINCT m.file_id, b.name FROM response_matches m "
        "JOIN batches b ON b.id = m.batch_id ORDER BY b.id"
    ):
        names.setdefault(int(file_id), []).append(name)
    counts = {
        int(r[0]): int(r[1]) for r in store.read.execute(
            "SELECT file_id, COUNT(DISTINCT claim_id) FROM response_matches "
            "WHERE claim_id IS NOT NULL GROUP BY file_id"
        )
    }
    return {
        file_id: MatchSummary(tuple(names.get(file_id, ())), counts.get(file_id, 0))
        for file_id in set(names) | set(counts)
    }


def payer_claim_number(store: Store, claim_id: int) -> str:
    """The latest payer claim number known for a claim (REF*1K, CLP07), or ''."""
    row = store.read.execute(
        "SELECT value FROM claim_references WHERE claim_id = ? AND kind = 'payer_claim_number' "
        "ORDER BY id DESC LIMIT 1", [claim_id],
    ).fetchone()
    return "" if row is None else str(row[0])


def pcn_history(store: Store, claim_id: int) -> list[tuple[str, str]]:
    """Every CLM01 the claim was sent under, oldest first, with its batch name."""
    rows = store.read.execute(
        "SELECT bc.pcn, b.name FROM batch_claims bc JOIN batches b ON b.id = bc.batch_id "
        "WHERE bc.claim_id = ? ORDER BY b.id", [claim_id],
    )
    return [(r[0], r[1]) for r in rows]


def rejected_and_denied(store: Store, reason_kinds: Sequence[str]) -> list[tuple[Any, ...]]:
    """Rejected and denied claims with their latest event of ``reason_kinds``, oldest first.

    Each row: claim id, CLM01, "Last, First", payer name, status, the event's text, codes
    and time (the last three None when no such event was recorded).
    """
    marks = ", ".join(f"'{k}'" for k in reason_kinds)
    return store.read.execute(
        f"""SELECT c.id, c.pcn, p.last_name || ', ' || p.first_name, py.name, c.status,
            e.text, e.codes, e.at
        FROM claims c JOIN patients p ON p.id = c.patient_id
        JOIN coverages cv ON cv.id = c.coverage_id JOIN payers py ON py.id = cv.payer_id
        LEFT JOIN claim_events e ON e.id = (
            SELECT MAX(id) FROM claim_events WHERE claim_id = c.id AND kind IN ({marks}))
        WHERE c.status IN ('rejected', 'denied') ORDER BY e.at, c.id"""
    ).fetchall()
