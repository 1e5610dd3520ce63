"""Remittances (835 ERAs): their claims, provider-level adjustments, notes and queries.

The writes of a posting live in ``services/posting.py``; this module stores what was
imported and answers the screens' questions in SQL.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, fields
from decimal import Decimal
from typing import Any

import sqlite_utils

from oa_desktop.domain.money import from_cents
from oa_desktop.store.db import Store, chunks_of, insert_many, inserted_id, marks, utc_now
from oa_desktop.store.era_detail import ClaimDetail, NewEraClaim, NewPlb, NewRemittance

STATUS_LABELS = {
    "ready": "Ready to post", "duplicate": "Suspected duplicate",
    "not_postable": "Cannot be posted", "dismissed": "Duplicate (set aside)",
    "posted": "Posted", "partly_posted": "Partly posted",
}
PLB_COLUMNS = ("remittance_id", "provider_id", "reason", "reference", "fiscal_date",
               "amount_cents")


@dataclass(frozen=True, slots=True)
class RemittanceSummary:
    """One row of the ERA list."""

    id: int
    payment_date: str | None
    payer_name: str
    payer_id: str
    trace_number: str  # TRN02
    method: str  # BPR04
    amount: Decimal  # BPR02
    claims_paid: Decimal
    plb_total: Decimal
    claim_count: int
    unmatched: int
    parked: int
    status: str
    notes: int
    source_name: str
    imported_at: str
    problems: tuple[str, ...]
    payee_name: str = ""
    payee_npi: str = ""
    duplicate_of: int | None = None
    unposted: int = 0  # claims not posted (not matched, or matched since the last posting)
    our_payer_name: str = ""  # the payer record whose 835 (or 837P) id the ERA's payer has

    @property
    def payer(self) -> str:
        """The payer as the practice names it ("Blue Cross Blue Shield of Texas"), else as
        the 835 does ("BLUE CROSS BLUE SHIELD OF TEXAS")."""
        return self.our_payer_name or self.payer_name

    @property
    def left(self) -> int:
        """Claims of a posted ERA still waiting: not posted yet, or a reversal parked."""
        return self.unposted + self.parked

    @property
    def matched(self) -> bool:
        """True when every claim of the ERA is tied to one of ours."""
        return self.unmatched == 0

    @property
    def posted_label(self) -> str:
        """Fully, partly or not posted, in the list's words."""
        if self.status == "partly_posted":
            return f"Partly ({self.left} left)" if self.left else "Partly"
        return {"posted": "Posted"}.get(self.status, "Not posted")

    @property
    def status_label(self) -> str:
        """The status in a biller's words."""
        return STATUS_LABELS.get(self.status, self.status)


@dataclass(frozen=True, slots=True)
class RemittanceClaim:
    """One CLP of an ERA with its match."""

    id: int
    remittance_id: int
    seq: int
    pcn: str  # CLP01
    status_code: str  # CLP02
    charge: Decimal
    paid: Decimal
    patient_responsibility: Decimal
    payer_claim_number: str
    patient_last: str
    patient_first: str
    member_id: str
    first_date: str | None
    claim_id: int | None
    match_method: str
    post_state: str
    detail_json: str
    notes: int = 0
    our_pcn: str = ""  # the PCN of the claim of ours it is matched to

    @property
    def detail(self) -> ClaimDetail:
        """Adjustments, remarks and lines (decoded when asked for)."""
        return ClaimDetail.from_json(self.detail_json)

    @property
    def patient_name(self) -> str:
        """``LAST, FIRST`` as the payer sent it."""
        return ", ".join(p for p in (self.patient_last, self.patient_first) if p)


@dataclass(frozen=True, slots=True)
class ProviderAdjustmentRow:
    """One PLB row of an ERA: a provider-level adjustment (interest, recoupment, ...)."""

    id: int
    provider_id: str
    fiscal_date: str | None
    reason: str
    reference: str
    amount: Decimal  # PLB04: positive reduces the payment


@dataclass(frozen=True, slots=True)
class Note:
    """A biller's note on an ERA or on one of its claims."""

    id: int
    remittance_claim_id: int | None
    author: str
    at: str
    text: str


_CLAIM_INSERT = ("remittance_id", "seq", "pcn", "status_code", "charge_cents", "paid_cents",
                 "patient_resp_cents", "payer_claim_number", "patient_last", "patient_first",
                 "member_id", "first_date", "detail", "claim_id", "match_method")


def insert_remittance(db: sqlite_utils.Database, header: NewRemittance,
                      claims: Sequence[NewEraClaim], plb: Sequence[NewPlb]) -> int:
    """Store one imported remittance with its claims and PLB rows (caller's transaction)."""
    row = {f.name: getattr(header, f.name) for f in fields(header)}
    row["problems"] = json.dumps(list(header.problems))
    remittance_id = inserted_id(db.table("remittances").insert(row))
    insert_many(db, "remittance_claims", _CLAIM_INSERT, [
        (remittance_id, c.seq, c.pcn, c.status_code, c.charge_cents, c.paid_cents,
         c.patient_resp_cents, c.payer_claim_number, c.patient_last, c.patient_first,
         c.member_id, c.first_date, c.detail.to_json(), c.claim_id, c.match_method)
        for c in claims])
    insert_many(db, "remittance_plb", PLB_COLUMNS, [
        (remittance_id, p.provider_id, p.reason, p.reference, p.fiscal_date, p.amount_cents)
        for p in plb])
    return remittance_id


def imported_on(store: Store, sha256: str) -> str | None:
    """When an 835 with exactly these bytes was imported, or None."""
    row = store.read.execute(
        "SELECT MIN(imported_at) FROM remittances WHERE source_sha256 = ?", [sha256]
    ).fetchone()
    return None if row is None or row[0] is None else str(row[0])


def same_payment(
    db: sqlite_utils.Database, payer_id: str, trace: str, amount_cents: int, day: str | None
) -> int | None:
    """An earlier remittance with the same payer, TRN02, amount and date, if any."""
    row = db.execute(
        "SELECT id FROM remittances WHERE payer_id = ? AND trace_number = ? AND amount_cents = ? "
        "AND payment_date IS ? AND status != 'dismissed' ORDER BY id LIMIT 1",
        [payer_id, trace, amount_cents, day],
    ).fetchone()
    return None if row is None else int(row[0])


_SUMMARY_SQL = """
SELECT r.id, r.payment_date, r.payer_name, r.payer_id, r.trace_number, r.method,
       r.amount_cents, r.claims_paid_cents, r.plb_cents, r.claim_count,
       (SELECT COUNT(*) FROM remittance_claims c WHERE c.remittance_id = r.id
                                                  AND c.claim_id IS NULL),
       (SELECT COUNT(*) FROM remittance_claims c WHERE c.remittance_id = r.id
                                                  AND c.post_state = 'parked'),
       r.status, (SELECT COUNT(*) FROM era_notes n WHERE n.remittance_id = r.id),
       r.source_name, r.imported_at, r.problems, r.payee_name, r.payee_npi, r.duplicate_of,
       (SELECT COUNT(*) FROM remittance_claims c WHERE c.remittance_id = r.id
                                                  AND c.post_state = 'unposted'),
       COALESCE((SELECT p.name FROM payers p WHERE r.payer_id <> ''
                   AND json_extract(p.payer_ids, '$."835"') = r.payer_id ORDER BY p.id LIMIT 1),
                (SELECT p.name FROM payers p WHERE r.payer_id <> ''
                   AND json_extract(p.payer_ids, '$."837P"') = r.payer_id ORDER BY p.id LIMIT 1))
FROM remittances r
"""


def _summary(r: tuple[Any, ...]) -> RemittanceSummary:
    return RemittanceSummary(
        r[0], r[1], r[2], r[3], r[4], r[5], from_cents(r[6]), from_cents(r[7]), from_cents(r[8]),
        r[9], r[10], r[11], r[12], r[13], r[14], r[15], tuple(json.loads(r[16])), r[17], r[18],
        r[19], r[20], r[21] or "")


def list_remittances(store: Store, status: str | None = None) -> list[RemittanceSummary]:
    """Every remittance, newest payment first (only ``status`` when given)."""
    where, params = ("WHERE r.status = ?", [status]) if status else ("", [])
    rows = store.read.execute(
        f"{_SUMMARY_SQL} {where} ORDER BY r.payment_date DESC, r.id DESC", params)
    return [_summary(r) for r in rows]


def get_remittance(store: Store, remittance_id: int) -> RemittanceSummary:
    """One remittance's summary."""
    return summary_in(store.read, remittance_id)


def summary_in(db: sqlite_utils.Database, remittance_id: int) -> RemittanceSummary:
    """One remittance's summary read on ``db`` (inside a write: what the write sees)."""
    row = db.execute(f"{_SUMMARY_SQL} WHERE r.id = ?", [remittance_id]).fetchone()
    if row is None:
        raise KeyError(remittance_id)
    return _summary(row)


_CLAIM_COLUMNS = """
SELECT c.id, c.remittance_id, c.seq, c.pcn, c.status_code, c.charge_cents, c.paid_cents,
       c.patient_resp_cents, c.payer_claim_number, c.patient_last, c.patient_first,
       c.member_id, c.first_date, c.claim_id, c.match_method, c.post_state, c.detail"""
_CLAIM_SQL = f"""{_CLAIM_COLUMNS},
       (SELECT COUNT(*) FROM era_notes n WHERE n.remittance_claim_id = c.id),
       COALESCE((SELECT o.pcn FROM claims o WHERE o.id = c.claim_id), '')
FROM remittance_claims c
"""
_CLAIM_SQL_FOR_POSTING = f"{_CLAIM_COLUMNS}, 0, '' FROM remittance_claims c "  # no notes, PCN


def _claim(r: tuple[Any, ...]) -> RemittanceClaim:
    return RemittanceClaim(
        r[0], r[1], r[2], r[3], r[4], from_cents(r[5]), from_cents(r[6]), from_cents(r[7]),
        r[8], r[9], r[10], r[11], r[12], r[13], r[14], r[15], r[16], r[17], r[18])


def remittance_claims(
    db: sqlite_utils.Database | Store, remittance_id: int
) -> list[RemittanceClaim]:
    """The claims of one remittance in file order."""
    conn = db.read if isinstance(db, Store) else db
    rows = conn.execute(f"{_CLAIM_SQL} WHERE c.remittance_id = ? ORDER BY c.seq",
                        [remittance_id])
    return [_claim(r) for r in rows]


def claims_to_post(db: sqlite_utils.Database, remittance_id: int) -> list[RemittanceClaim]:
    """The claims of one remittance not posted yet (not matched, matched since, or a
    reversal parked; not those set aside as duplicates), in file order (without their
    notes count and our PCN)."""
    rows = db.execute(f"{_CLAIM_SQL_FOR_POSTING} WHERE c.remittance_id = ? AND "
                      "c.post_state NOT IN ('posted', 'duplicate') ORDER BY c.seq",
                      [remittance_id])
    return [_claim(r) for r in rows]


@dataclass(frozen=True, slots=True)
class ParkedReversal:
    """A reversal (CLP02 = 22) another ERA parked, with that ERA's payment."""

    claim: RemittanceClaim
    trace_number: str
    payment_date: str | None
    source_name: str


def parked_reversals(db: sqlite_utils.Database, claim_ids: Sequence[int],
                     other_than: int) -> list[ParkedReversal]:
    """Parked reversals on these claims in ERAs other than ``other_than``, oldest first."""
    found: list[ParkedReversal] = []
    for chunk in chunks_of(claim_ids):
        for row in db.execute(
            f"SELECT r.trace_number, r.payment_date, r.source_name, q.* FROM remittances r "
            f"JOIN ({_CLAIM_SQL} WHERE c.post_state = 'parked' AND c.claim_id IN "
            f"({marks(chunk)})) q ON r.id = q.remittance_id WHERE r.id <> ?",
            [*chunk, other_than]
        ):
            found.append(ParkedReversal(_claim(row[3:]), row[0], row[1], row[2]))
    found.sort(key=lambda p: (p.payment_date or "", p.claim.remittance_id, p.claim.seq))
    return found


def get_remittance_claim(store: Store, remittance_claim_id: int) -> RemittanceClaim:
    """One claim of a remittance."""
    row = store.read.execute(f"{_CLAIM_SQL} WHERE c.id = ?", [remittance_claim_id]).fetchone()
    if row is None:
        raise KeyError(remittance_claim_id)
    return _claim(row)


def provider_adjustments(
    db: sqlite_utils.Database | Store, remittance_id: int
) -> list[ProviderAdjustmentRow]:
    """The PLB rows of one remittance."""
    conn = db.read if isinstance(db, Store) else db
    rows = conn.execute(
        f"SELECT {PLB_SELECT} FROM remittance_plb b WHERE b.remittance_id = ? ORDER BY b.id",
        [remittance_id])
    return [plb_row(r) for r in rows]


PLB_SELECT = "b.id, b.provider_id, b.fiscal_date, b.reason, b.reference, b.amount_cents"


def plb_row(r: Sequence[Any]) -> ProviderAdjustmentRow:
    """A PLB row from the columns of ``PLB_SELECT``."""
    return ProviderAdjustmentRow(r[0], r[1], r[2], r[3], r[4], from_cents(r[5]))


def add_note(
    store: Store, remittance_id: int, text: str, *, author: str,
    remittance_claim_id: int | None = None, at: str | None = None,
) -> int:
    """Append a note on an ERA (or one of its claims)."""
    with store.write() as db:
        return inserted_id(db.table("era_notes").insert({
            "remittance_id": remittance_id, "remittance_claim_id": remittance_claim_id,
            "author": author, "at": at or utc_now(), "text": text.strip()}))


def notes(store: Store, remittance_id: int) -> list[Note]:
    """The notes of an ERA and its claims, oldest first."""
    rows = store.read.execute(
        "SELECT id, remittance_claim_id, author, at, text FROM era_notes "
        "WHERE remittance_id = ? ORDER BY id", [remittance_id])
    return [Note(*r) for r in rows]


def set_status(db: sqlite_utils.Database, remittance_id: int, status: str,
               posted_at: str | None = None) -> None:
    """Change a remittance's status inside the caller's transaction."""
    db.execute("UPDATE remittances SET status = ?, posted_at = ? WHERE id = ?",
               [status, posted_at, remittance_id])


def set_match(store: Store, remittance_claim_id: int, claim_id: int | None, method: str) -> None:
    """Tie a remittance claim to one of our claims (or untie it with ``None``)."""
    with store.write() as db:
        db.execute("UPDATE remittance_claims SET claim_id = ?, match_method = ? WHERE id = ?",
                   [claim_id, method if claim_id is not None else "", remittance_claim_id])


def set_pcn_match(db: sqlite_utils.Database, remittance_claim_id: int, claim_id: int) -> None:
    """Tie an ERA claim to ours by its CLP01, inside the caller's write transaction."""
    db.execute("UPDATE remittance_claims SET claim_id = ?, match_method = 'pcn' "
               "WHERE id = ?", [claim_id, remittance_claim_id])


def status_counts(store: Store) -> dict[str, int]:
    """How many remittances are in each status."""
    rows = store.read.execute("SELECT status, COUNT(*) FROM remittances GROUP BY status")
    return {status: count for status, count in rows}


def unmatched_claim_count(store: Store) -> int:
    """Remittance claims not tied to any claim of ours, in ERAs that are not set aside."""
    row = store.read.execute(
        "SELECT COUNT(*) FROM remittance_claims c JOIN remittances r ON r.id = c.remittance_id "
        "WHERE c.claim_id IS NULL AND r.status NOT IN ('dismissed')").fetchone()
    return int(row[0])


def last_posted_claim_payment(
    store: Store, claim_id: int
) -> tuple[RemittanceClaim, str | None] | None:
    """The latest posted, unreversed ERA claim (CLP) for a claim, with its payment date."""
    row = store.read.execute(
        f"""{_CLAIM_SQL} WHERE c.claim_id = ? AND c.post_state = 'posted'
            AND c.status_code <> '22' ORDER BY c.remittance_id DESC, c.seq DESC LIMIT 1""",
        [claim_id],
    ).fetchone()
    if row is None:
        return None
    claim = _claim(row)
    paid_on = store.read.execute(
        "SELECT payment_date FROM remittances WHERE id = ?", [claim.remittance_id]
    ).fetchone()[0]
    return claim, paid_on


@dataclass(frozen=True, slots=True)
class PostedClaimPayment:
    """An ERA claim payment (CLP) posted before, with the check that carried it."""

    claim: RemittanceClaim
    trace_number: str  # TRN02
    payment_date: str | None


def posted_payments_of(db: sqlite_utils.Database, claim_ids: Sequence[int], payer_id: str,
                       other_than: int) -> list[PostedClaimPayment]:
    """The posted claim payments (not reversals) of these claims by this payer, on ERAs
    other than ``other_than``, oldest first."""
    found: list[PostedClaimPayment] = []
    for chunk in chunks_of(list(claim_ids)):
        rows = db.execute(
            f"""SELECT r.trace_number, r.payment_date, {_CLAIM_COLUMNS.split("SELECT", 1)[1]},
                0, '' FROM remittance_claims c JOIN remittances r ON r.id = c.remittance_id
                WHERE c.claim_id IN ({marks(chunk)}) AND c.post_state = 'posted'
                AND c.status_code <> '22' AND r.payer_id = ? AND r.id <> ?
                ORDER BY r.payment_date, c.id""", [*chunk, payer_id, other_than])
        found += [PostedClaimPayment(_claim(row[2:]), row[0], row[1]) for row in rows]
    return found
