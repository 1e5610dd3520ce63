"""The SQL of posting ERAs: what a posting writes, what a reversal can take back, what an
undo reverses, and the figures of the reconciliation.

``services/posting.py`` decides; this module reads and writes, always inside the
caller's ``Store.write()`` (one posting, one transaction). Rows are tuples written
several per statement (``insert_many``): a 5,000-claim ERA writes ~40,000 ledger rows.

A posting is *live* while no undo points at it. An ERA claim is posted, parked or
unposted according to the latest live posting that acted on it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, TypeVar

import sqlite_utils

from oa_desktop.domain.money import from_cents
from oa_desktop.domain.status import ClaimStatus
from oa_desktop.store.db import Store, chunks_of, insert_many, marks
from oa_desktop.store.remittances import PLB_SELECT, ProviderAdjustmentRow, plb_row

LEDGER_COLUMNS = ("id", "claim_id", "line_id", "kind", "amount_cents", "group_code",
                  "reason_code", "source", "source_ref", "reverses_id", "posted_at", "note",
                  "posting_id", "remittance_claim_id")
PROVIDER_COLUMNS = ("remittance_id", "posting_id", "plb_id", "kind", "reason", "reference",
                    "amount_cents", "reverses_id", "posted_at")
_LIVE_POSTING = ("{p}.kind = 'post' AND NOT EXISTS "
                 "(SELECT 1 FROM postings u WHERE u.undoes_id = {p}.id)")
# A ledger row of an ERA posting that stands: not itself a reversal, and not taken back
# by a reversal that still stands (an undone reversal gives the row back).
_LEDGER_ROW = ("{t}.id, {t}.claim_id, {t}.line_id, {t}.kind, {t}.amount_cents, {t}.group_code, "
               "{t}.reason_code, {t}.remittance_claim_id")  # a LedgerRow
_LIVE_ROW = ("{t}.posting_id IS NOT NULL AND {t}.reverses_id IS NULL AND NOT EXISTS "
             "(SELECT 1 FROM ledger r WHERE r.reverses_id = {t}.id AND NOT EXISTS "
             "(SELECT 1 FROM ledger rr WHERE rr.reverses_id = r.id))")


# -- writing a posting ------------------------------------------------------------------

def insert_posting(db: sqlite_utils.Database, remittance_id: int, kind: str, at: str, actor: str,
                   *, undoes_id: int | None = None, caused_by_id: int | None = None) -> int:
    """A new row of ``postings`` (audited by its trigger); returns its id."""
    cursor = db.conn.execute(
        "INSERT INTO postings (remittance_id, kind, undoes_id, caused_by_id, at, actor) "
        "VALUES (?, ?, ?, ?, ?, ?)", [remittance_id, kind, undoes_id, caused_by_id, at, actor])
    return int(cursor.lastrowid or 0)


def next_ledger_id(db: sqlite_utils.Database) -> int:
    """The id the next ledger row gets (rows of one posting are numbered before writing,
    so a reversal in the same posting can name the row it takes back)."""
    return int(db.execute("SELECT COALESCE(MAX(id), 0) FROM ledger").fetchone()[0]) + 1


def add_ledger_rows(db: sqlite_utils.Database, rows: Sequence[Sequence[Any]]) -> None:
    """Append ledger rows given as tuples in ``LEDGER_COLUMNS`` order."""
    insert_many(db, "ledger", LEDGER_COLUMNS, rows)


def add_posting_claims(db: sqlite_utils.Database,
                       rows: Sequence[tuple[int, int, int | None, str, str]]) -> None:
    """``(posting_id, remittance_claim_id, claim_id, action, status_before)`` rows."""
    insert_many(db, "posting_claims", ("posting_id", "remittance_claim_id", "claim_id",
                                       "action", "status_before"), rows)


def add_denials(db: sqlite_utils.Database,
                rows: Sequence[tuple[int, int, int, str, int, str]]) -> None:
    """``(remittance_claim_id, posting_id, claim_id, reasons, amount_cents, created_at)``."""
    insert_many(db, "denials", ("remittance_claim_id", "posting_id", "claim_id", "reasons",
                                "amount_cents", "created_at"), rows)


def add_provider_rows(db: sqlite_utils.Database, rows: Sequence[Sequence[Any]]) -> None:
    """Provider-level rows (interest, recoupments) in ``PROVIDER_COLUMNS`` order."""
    insert_many(db, "provider_ledger", PROVIDER_COLUMNS, rows)


def set_post_state(db: sqlite_utils.Database, remittance_claim_ids: Sequence[int],
                   state: str) -> None:
    """Mark ERA claims ``posted`` or ``parked`` by the posting being written."""
    for chunk in chunks_of(remittance_claim_ids):
        db.execute(f"UPDATE remittance_claims SET post_state = ? WHERE id IN ({marks(chunk)})",
                   [state, *chunk])


def refresh_post_states(db: sqlite_utils.Database, remittance_claim_ids: Iterable[int]) -> None:
    """Set ``post_state`` of these ERA claims from the latest live posting that acted on
    each: ``parked`` or ``posted``; ``unposted`` when no live posting did."""
    ids = sorted(set(remittance_claim_ids))
    for chunk in chunks_of(ids):
        db.execute(
            "UPDATE remittance_claims SET post_state = COALESCE((SELECT CASE pc.action WHEN "
            "'parked' THEN 'parked' ELSE 'posted' END FROM posting_claims pc JOIN postings p "
            f"ON p.id = pc.posting_id WHERE pc.remittance_claim_id = remittance_claims.id AND "
            f"{_LIVE_POSTING.format(p='p')} ORDER BY pc.posting_id DESC LIMIT 1), 'unposted') "
            f"WHERE id IN ({marks(chunk)})", chunk)


def refresh_remittance_status(db: sqlite_utils.Database, remittance_id: int) -> str:
    """Set a posted (or no longer posted) remittance's status from its claims and live
    postings: ``posted`` (every claim posted or set aside as a duplicate),
    ``partly_posted``, or ``ready`` (none). An ERA whose every claim the biller set aside
    as a duplicate, with no PLB row, is handled too (``posted``, with nothing posted)."""
    count, last = db.execute(
        "SELECT COUNT(*), MAX(at) FROM postings p WHERE p.remittance_id = ? AND "
        f"{_LIVE_POSTING.format(p='p')}", [remittance_id]).fetchone()
    left = db.execute("SELECT EXISTS (SELECT 1 FROM remittance_claims WHERE remittance_id "
                      "= ? AND post_state NOT IN ('posted', 'duplicate'))",
                      [remittance_id]).fetchone()[0]
    if count:
        status = "partly_posted" if left else "posted"
    else:
        handled = not left and db.execute(
            "SELECT EXISTS (SELECT 1 FROM remittance_claims WHERE remittance_id = ?) AND NOT "
            "EXISTS (SELECT 1 FROM remittance_plb WHERE remittance_id = ?)",
            [remittance_id, remittance_id]).fetchone()[0]
        status = "posted" if handled else "ready"
    db.execute("UPDATE remittances SET status = ?, posted_at = ? WHERE id = ?",
               [status, last if count else None, remittance_id])
    return status


# -- what posting reads -----------------------------------------------------------------

def claim_states(db: sqlite_utils.Database,
                 claim_ids: Sequence[int]) -> tuple[dict[int, ClaimStatus], dict[int, int]]:
    """The status and balance (cents) of each claim."""
    status: dict[int, ClaimStatus] = {}
    balance: dict[int, int] = {}
    for chunk in chunks_of(claim_ids):
        for claim_id, state, cents in db.execute(
                f"SELECT id, status, balance_cents FROM claims WHERE id IN ({marks(chunk)})",
                chunk):
            status[claim_id] = ClaimStatus(state)
            balance[claim_id] = cents
    return status, balance


@dataclass(frozen=True, slots=True)
class OurLine:
    """One of our service lines as ERA line matching reads it."""

    id: int
    procedure_code: str
    service_date: str
    charge_cents: int
    control_number: str  # REF*6R


def service_lines(db: sqlite_utils.Database,
                  claim_ids: Sequence[int]) -> dict[int, list[OurLine]]:
    """Service lines of many claims, by claim id, in line order, as matching reads them."""
    found: dict[int, list[OurLine]] = {}
    for chunk in chunks_of(claim_ids):
        for line_id, claim_id, code, day, charge, control in db.execute(
            "SELECT id, claim_id, procedure_code, service_date, charge_cents, control_number "
            f"FROM service_lines WHERE claim_id IN ({marks(chunk)}) "
            "ORDER BY claim_id, line_number", chunk
        ):
            found.setdefault(claim_id, []).append(OurLine(line_id, code, day, charge, control))
    return found


@dataclass(frozen=True, slots=True)
class LedgerRow:
    """One row an ERA posting wrote on the ledger."""

    id: int
    claim_id: int
    line_id: int | None
    kind: str  # payment, adjustment, patient_responsibility, ...
    amount_cents: int
    group_code: str  # CAS group ('' for a payment)
    reason_code: str  # CAS reason
    remittance_claim_id: int | None


@dataclass(frozen=True, slots=True)
class LivePosting:
    """What stands of one ERA claim's posting on one claim: what a reversal takes back."""

    remittance_claim_id: int
    remittance_id: int
    seq: int
    payment_date: str | None
    trace_number: str
    action: str  # paid or denied
    denial: bool  # a denial was recorded (lines paid nothing)
    rows: tuple[LedgerRow, ...]

    @property
    def payment_cents(self) -> int:
        """The payer's payment in these rows."""
        return sum(r.amount_cents for r in self.rows if r.kind == "payment")

    @property
    def patient_cents(self) -> int:
        """Patient responsibility in these rows."""
        return sum(r.amount_cents for r in self.rows if r.kind == "patient_responsibility")


def live_postings(db: sqlite_utils.Database,
                  claim_ids: Sequence[int]) -> dict[int, list[LivePosting]]:
    """Per claim, each ERA claim posted to it whose rows stand, in payment order."""
    grouped: dict[tuple[int, int], tuple[tuple[Any, ...], list[LedgerRow]]] = {}
    for chunk in chunks_of(claim_ids):
        for row in db.execute(
            "SELECT l.claim_id, l.remittance_claim_id, rc.remittance_id, rc.seq, "
            "r.payment_date, r.trace_number, COALESCE(pc.action, 'paid'), EXISTS (SELECT 1 "
            "FROM denials d WHERE d.claim_id = l.claim_id AND d.posting_id = l.posting_id AND "
            "d.remittance_claim_id = l.remittance_claim_id), "
            f"{_LEDGER_ROW.format(t='l')} FROM ledger l "
            "JOIN remittance_claims rc ON rc.id = l.remittance_claim_id "
            "JOIN remittances r ON r.id = rc.remittance_id LEFT JOIN posting_claims pc ON "
            "pc.posting_id = l.posting_id AND pc.remittance_claim_id = l.remittance_claim_id "
            f"WHERE l.claim_id IN ({marks(chunk)}) AND {_LIVE_ROW.format(t='l')} "
            "ORDER BY l.id", chunk
        ):
            key = (row[0], row[1])
            if key not in grouped:
                grouped[key] = (row[:8], [])
            grouped[key][1].append(LedgerRow(*row[8:]))
    found: dict[int, list[LivePosting]] = {}
    for (claim_id, _), (head, rows) in grouped.items():
        found.setdefault(claim_id, []).append(LivePosting(
            head[1], head[2], head[3], head[4], head[5], head[6], bool(head[7]), tuple(rows)))
    for postings in found.values():
        postings.sort(key=lambda p: (p.payment_date or "", p.remittance_claim_id))
    return found


def pending_plb(db: sqlite_utils.Database, remittance_id: int) -> list[ProviderAdjustmentRow]:
    """PLB rows of a remittance not on the provider ledger (posted once, with the first
    posting of the ERA; an undone posting gives them back)."""
    rows = db.execute(
        f"SELECT {PLB_SELECT} FROM remittance_plb b WHERE b.remittance_id = ? AND NOT EXISTS "
        "(SELECT 1 FROM provider_ledger l WHERE l.plb_id = b.id AND l.reverses_id IS NULL "
        "AND NOT EXISTS (SELECT 1 FROM provider_ledger u WHERE u.reverses_id = l.id)) "
        "ORDER BY b.id", [remittance_id])
    return [plb_row(r) for r in rows]


# -- undo -------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class PostingRow:
    """One live posting of an ERA, as undo reads it."""

    id: int
    remittance_id: int
    caused_by_id: int | None
    trace_number: str
    source_name: str


def live_posts(db: sqlite_utils.Database, remittance_id: int) -> list[PostingRow]:
    """The live postings of one remittance, and the live postings they caused (parked
    reversals of other ERAs applied by them), oldest first."""
    own = [r for r in _posting_rows(db, "p.remittance_id = ?", [remittance_id])]
    ids = [p.id for p in own]
    caused = _posting_rows(db, f"p.caused_by_id IN ({marks(ids)})", ids) if ids else []
    return sorted({p.id: p for p in [*own, *caused]}.values(), key=lambda p: p.id)


def _posting_rows(db: sqlite_utils.Database, where: str, params: list[Any]) -> list[PostingRow]:
    rows = db.execute(
        "SELECT p.id, p.remittance_id, p.caused_by_id, r.trace_number, r.source_name "
        f"FROM postings p JOIN remittances r ON r.id = p.remittance_id WHERE {where} AND "
        f"{_LIVE_POSTING.format(p='p')} ORDER BY p.id", params)
    return [PostingRow(*r) for r in rows]


def later_posting(db: sqlite_utils.Database, posting_ids: Sequence[int]) -> str | None:
    """The check/EFT number of a live posting, not among ``posting_ids`` and newer than
    one of them, that changed one of the same claims (undo that one first)."""
    places = marks(posting_ids)
    row = db.execute(
        "SELECT r.trace_number FROM posting_claims a JOIN posting_claims b "
        "ON b.claim_id = a.claim_id AND b.posting_id > a.posting_id "
        "JOIN postings p ON p.id = b.posting_id JOIN remittances r ON r.id = p.remittance_id "
        f"WHERE a.posting_id IN ({places}) AND b.posting_id NOT IN ({places}) "
        "AND a.action <> 'parked' AND b.action <> 'parked' AND "
        f"{_LIVE_POSTING.format(p='p')} LIMIT 1", [*posting_ids, *posting_ids]).fetchone()
    return None if row is None else str(row[0])


def ledger_rows_of(db: sqlite_utils.Database, posting_id: int) -> list[LedgerRow]:
    """The ledger rows one posting wrote."""
    rows = db.execute(f"SELECT {_LEDGER_ROW.format(t='ledger')} FROM ledger "
                      "WHERE posting_id = ? ORDER BY id", [posting_id])
    return [LedgerRow(*r) for r in rows]


@dataclass(frozen=True, slots=True)
class ProviderLedgerRow:
    """One provider-level row (interest, recoupment) a posting wrote."""

    id: int
    kind: str
    reason: str
    reference: str
    amount_cents: int


def provider_rows_of(db: sqlite_utils.Database, posting_id: int) -> list[ProviderLedgerRow]:
    """The provider-level rows one posting wrote."""
    rows = db.execute("SELECT id, kind, reason, reference, amount_cents FROM provider_ledger "
                      "WHERE posting_id = ? ORDER BY id", [posting_id])
    return [ProviderLedgerRow(*r) for r in rows]


@dataclass(frozen=True, slots=True)
class PostingClaim:
    """What one posting did to one ERA claim: the claim it acted on and its status before."""

    remittance_claim_id: int
    claim_id: int | None
    status_before: str  # '' for a parked reversal


def claims_of(db: sqlite_utils.Database, posting_id: int) -> list[PostingClaim]:
    """What one posting acted on, in file order."""
    rows = db.execute("SELECT remittance_claim_id, claim_id, status_before FROM posting_claims "
                      "WHERE posting_id = ? ORDER BY remittance_claim_id", [posting_id])
    return [PostingClaim(*r) for r in rows]


def record_denial_action(db: sqlite_utils.Database, denial_id: int, action: str, at: str,
                         actor: str, note: str = "") -> None:
    """What the biller chose for a denial (write_off, appeal, resubmit): it leaves the
    worklist. Inside the caller's write transaction."""
    db.table("denial_actions").insert({"denial_id": denial_id, "action": action, "at": at,
                                       "actor": actor, "note": note})


def undo_denials(db: sqlite_utils.Database, posting_id: int, at: str, actor: str) -> None:
    """Take the denials one posting put on the worklist off it."""
    ids = [r[0] for r in db.execute("SELECT id FROM denials WHERE posting_id = ?",
                                    [posting_id]).fetchall()]
    insert_many(db, "denial_actions", ("denial_id", "action", "at", "actor", "note"),
                [(d, "undone", at, actor, "ERA posting undone") for d in ids])


# -- reconciliation ---------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class PostedFigures:
    """What of one remittance is on the ledger, and what of it waits (cents)."""

    payments: int
    provider: int
    unmatched: tuple[int, int]  # count, CLP04 sum: not matched, not posted
    matched_waiting: tuple[int, int]  # matched since the last posting, not posted yet
    parked: tuple[int, int]  # reversals parked
    parked_claims: tuple[tuple[str, int], ...]  # (PCN, CLP04) of the first parked ones


def posted_figures(db: sqlite_utils.Database, remittance_id: int) -> PostedFigures:
    """Sums for the reconciliation view, in SQL (a 5,000-claim ERA is not read whole)."""
    payments = db.execute(
        "SELECT COALESCE(SUM(l.amount_cents), 0) FROM ledger l JOIN postings p "
        "ON p.id = l.posting_id WHERE p.remittance_id = ? AND l.kind = 'payment'",
        [remittance_id]).fetchone()[0]
    provider = db.execute(
        "SELECT COALESCE(SUM(amount_cents), 0) FROM provider_ledger WHERE remittance_id = ?",
        [remittance_id]).fetchone()[0]
    groups = {(state, unmatched): (count, cents) for state, unmatched, count, cents in db.execute(
        "SELECT post_state, claim_id IS NULL, COUNT(*), SUM(paid_cents) FROM remittance_claims "
        "WHERE remittance_id = ? AND post_state NOT IN ('posted', 'duplicate') GROUP BY 1, 2",
        [remittance_id])}
    parked = [(str(p), int(c)) for p, c in db.execute(
        "SELECT pcn, paid_cents FROM remittance_claims WHERE remittance_id = ? AND "
        "post_state = 'parked' ORDER BY seq LIMIT 6", [remittance_id])]
    return PostedFigures(int(payments), int(provider), groups.get(("unposted", 1), (0, 0)),
                         groups.get(("unposted", 0), (0, 0)), groups.get(("parked", 0), (0, 0)),
                         tuple(parked))


@dataclass(frozen=True)
class OpenDenial:
    """A denial the biller has not acted on yet."""

    id: int
    claim_id: int
    remittance_id: int
    remittance_claim_id: int
    pcn: str  # CLM01
    patient: str  # "Last, First"
    payer: str
    payment_date: str | None
    reasons: str  # "CO-16, CO-50"
    amount: Decimal
    payer_claim_number: str
    has_secondary: bool


D = TypeVar("D", bound=OpenDenial)


def open_denials(store: Store, kind: type[D]) -> list[D]:
    """Denials the biller has not acted on yet, newest payment first, as ``kind``
    (``OpenDenial`` or the services' subclass that explains the reasons)."""
    rows = store.read.execute(
        "SELECT d.id, d.claim_id, rc.remittance_id, rc.id, c.pcn, p.last_name || ', ' || "
        "p.first_name, r.payer_name, r.payment_date, d.reasons, d.amount_cents, "
        "rc.payer_claim_number, c.secondary_coverage_id IS NOT NULL "
        "FROM denials d JOIN remittance_claims rc ON rc.id = d.remittance_claim_id "
        "JOIN remittances r ON r.id = rc.remittance_id JOIN claims c ON c.id = d.claim_id "
        "JOIN patients p ON p.id = c.patient_id "
        "WHERE NOT EXISTS (SELECT 1 FROM denial_actions a WHERE a.denial_id = d.id) "
        "ORDER BY r.payment_date DESC, d.id")
    return [kind(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], from_cents(r[9]), r[10],
                 bool(r[11])) for r in rows]
