"""Batches: one uploaded 837P file, its control numbers and its claims."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from decimal import Decimal

import sqlite_utils

from oa_desktop.domain import batch_status
from oa_desktop.domain.money import from_cents, to_cents
from oa_desktop.errors import InputError
from oa_desktop.store import counters
from oa_desktop.store.db import Store, inserted_id, utc_now

# The statuses and their sets live in the domain (one source of truth for every query).
UNCERTAIN = batch_status.UNCERTAIN
WAITING = batch_status.WAITING
BATCH_STATUS_LABELS = batch_status.LABELS


def status_list(statuses: tuple[str, ...]) -> str:
    """``('a', 'b')`` for an SQL ``IN``: only the domain's status names, never user input."""
    assert all(s in batch_status.ALL for s in statuses), statuses
    return "(" + ", ".join(f"'{s}'" for s in statuses) + ")"


@dataclass(frozen=True, slots=True)
class Batch:
    """One file sent (or to be sent) to Office Ally, with its control numbers."""
    id: int
    name: str
    interchange_control_number: int  # ISA13
    group_control_number: int  # GS06
    transaction_control_number: str  # ST02
    file_name: str
    test_mode: bool
    status: str
    claim_count: int
    charge_amount: Decimal
    created_at: str
    sent_at: str | None
    failure: str = ""  # why the upload failed (status ``failed``)
    local_path: str = ""  # the archived 837P, relative to the data folder
    ack_status: str = ""  # the 999's verdict: A, E, P, R (empty: no 999 yet)
    ack_at: str | None = None
    oa_file_id: str = ""  # Office Ally's FileID, from its File Summary
    first_277_at: str | None = None

    @property
    def waiting(self) -> bool:
        """True while the file is built but not (successfully) uploaded."""
        return self.status in WAITING


@dataclass(frozen=True, slots=True)
class BatchClaim:
    """A claim as it goes into a batch, with what the Office Ally fee counts at send time."""

    claim_id: int
    pcn: str  # CLM01
    charge_amount: Decimal
    tax_id: str = ""  # the practice's EIN
    npi: str = ""  # the rendering NPI, else the billing NPI
    payer_id: int | None = None
    non_par: bool = False  # the payer's Office Ally status when sent


def create_batch(
    store: Store,
    claims: list[BatchClaim],
    *,
    test_mode: bool = False,
    at: str | None = None,
) -> Batch:
    """Record a new batch of claims with fresh control numbers (ISA13, GS06, ST02).

    A claim already waiting in another unsent batch is refused by the database (schema
    13), so the same claim is never uploaded in two files; nothing is recorded then.
    """
    try:
        return _create_batch(store, claims, test_mode=test_mode, at=at)
    except sqlite3.IntegrityError as exc:
        if "waiting to be sent" not in str(exc):
            raise
        raise InputError("Some of these claims are already in a batch waiting to be sent, "
                         "so no new batch was made.",
                         "Send (or retry) that batch from Batches, or choose other claims.",
                         str(exc)) from exc


def _create_batch(
    store: Store, claims: list[BatchClaim], *, test_mode: bool, at: str | None
) -> Batch:
    now = at or utc_now()
    with store.write() as db:
        isa13 = counters.next_value(db, "isa13")
        gs06 = counters.next_value(db, "gs06")
        st02 = f"{counters.next_value(db, 'st02'):04d}"
        name = f"B-{now[:4]}-{isa13:04d}"
        batch_id = inserted_id(db.table("batches").insert({
            "name": name, "interchange_control_number": isa13, "group_control_number": gs06,
            "transaction_control_number": st02, "test_mode": int(test_mode), "status": "built",
            "claim_count": len(claims),
            "charge_cents": sum(to_cents(c.charge_amount) for c in claims),
            "created_at": now,
        }))
        db.table("batch_claims").insert_all(
            {"batch_id": batch_id, "claim_id": c.claim_id, "pcn": c.pcn, "tax_id": c.tax_id,
             "npi": c.npi, "payer_id": c.payer_id, "non_par": int(c.non_par),
             "charge_cents": to_cents(c.charge_amount)}
            for c in claims
        )
    return get_batch(store, batch_id)


def mark_batch(
    store: Store, batch_id: int, status: str, *, file_name: str = "", at: str | None = None
) -> None:
    """Change a batch's status (built → sent → accepted / rejected)."""
    fields: dict[str, object] = {"status": status}
    if file_name:
        fields["file_name"] = file_name
    if status == "sent":
        fields["sent_at"] = at or utc_now()
    with store.write() as db:
        db.table("batches").update(batch_id, fields)


def set_answers(store: Store, batch_id: int, *, ack_status: str = "", ack_at: str = "",
                first_277_at: str = "") -> None:
    """Record when the batch's 999 (and its verdict) and first 277 came (the demo's
    history; a real sync records them as it reads the answers)."""
    fields: dict[str, object] = {}
    if ack_status:
        fields.update(ack_status=ack_status, ack_at=ack_at or utc_now())
    if first_277_at:
        fields["first_277_at"] = first_277_at
    if fields:
        with store.write() as db:
            db.table("batches").update(batch_id, fields)


def get_batch(store: Store, batch_id: int) -> Batch:
    """One batch by id."""
    r = store.read.table("batches").get(batch_id)
    return Batch(
        id=r["id"], name=r["name"], interchange_control_number=r["interchange_control_number"],
        group_control_number=r["group_control_number"],
        transaction_control_number=r["transaction_control_number"], file_name=r["file_name"],
        test_mode=bool(r["test_mode"]), status=r["status"], claim_count=r["claim_count"],
        charge_amount=from_cents(r["charge_cents"]), created_at=r["created_at"],
        sent_at=r["sent_at"], failure=r["failure"], local_path=r["local_path"],
        ack_status=r["ack_status"], ack_at=r["ack_at"], oa_file_id=r["oa_file_id"],
        first_277_at=r["first_277_at"],
    )


def batch_status_counts(store: Store) -> dict[str, int]:
    """How many batches are in each status."""
    rows = store.read.execute("SELECT status, COUNT(*) FROM batches GROUP BY status")
    return {status: int(count) for status, count in rows}


def set_batch_file(
    store: Store, batch_id: int, *, file_name: str, local_path: str, sha256: str
) -> None:
    """Remember the batch's archived 837P (before it is uploaded)."""
    with store.write() as db:
        db.table("batches").update(batch_id, {
            "file_name": file_name, "local_path": local_path, "file_sha256": sha256,
        })


def mark_sent_in(db: sqlite_utils.Database, batch_id: int, at: str) -> None:
    """The upload is confirmed: the batch is ``sent`` (inside the caller's transaction)."""
    db.table("batches").update(batch_id, {"status": "sent", "sent_at": at, "failure": ""})


def fail_batch(store: Store, batch_id: int, reason: str) -> None:
    """The upload failed: the batch waits for a retry, with the reason in plain words."""
    with store.write() as db:
        db.table("batches").update(batch_id, {"status": "failed", "failure": reason})


def mark_uncertain(store: Store, batch_id: int, status: str, reason: str = "") -> None:
    """``sending`` before an upload starts; ``unconfirmed`` when its outcome is unknown."""
    assert status in UNCERTAIN
    with store.write() as db:
        db.table("batches").update(batch_id, {"status": status, "failure": reason})


def batch_claim_ids(store: Store, batch_id: int) -> list[int]:
    """The claims of one batch, in the order they were written."""
    rows = store.read.execute(
        "SELECT claim_id FROM batch_claims WHERE batch_id = ? ORDER BY rowid", [batch_id]
    )
    return [int(r[0]) for r in rows]


def list_batches(store: Store, statuses: tuple[str, ...] = ()) -> list[Batch]:
    """Batches, newest first (only those in ``statuses`` when given)."""
    where = f"WHERE status IN ({', '.join('?' for _ in statuses)})" if statuses else ""
    rows = store.read.execute(f"SELECT id FROM batches {where} ORDER BY id DESC", list(statuses))
    return [get_batch(store, int(r[0])) for r in rows]


def waiting_claim_ids(store: Store) -> set[int]:
    """Claims that sit in a batch that is built or failed (they must not go out twice)."""
    rows = store.read.execute(
        "SELECT bc.claim_id FROM batch_claims bc JOIN batches b ON b.id = bc.batch_id "
        f"WHERE b.status IN ({', '.join('?' for _ in WAITING)})", WAITING
    )
    return {int(r[0]) for r in rows}


@dataclass(frozen=True, slots=True)
class OutcomeCounts:
    """How a batch's claims came back: accepted, rejected, waiting."""
    claims: int
    accepted: int
    rejected: int


def outcome_counts(store: Store) -> dict[int, OutcomeCounts]:
    """Per batch: how many claims, how many accepted and how many rejected so far."""
    rows = store.read.execute(
        "SELECT batch_id, COUNT(*), SUM(outcome = 'accepted'), SUM(outcome = 'rejected') "
        "FROM batch_claims GROUP BY batch_id"
    )
    return {int(r[0]): OutcomeCounts(int(r[1]), int(r[2] or 0), int(r[3] or 0)) for r in rows}


def batch_for_group(store: Store, group_control_number: int) -> Batch | None:
    """The batch sent with this GS06 (a 999's AK102 points back by it)."""
    row = store.read.execute(
        "SELECT id FROM batches WHERE group_control_number = ? AND status NOT IN "
        f"({', '.join('?' for _ in WAITING)}) ORDER BY id DESC LIMIT 1",
        [group_control_number, *WAITING],
    ).fetchone()
    return None if row is None else get_batch(store, int(row[0]))


def batch_for_interchange(store: Store, interchange_control_number: int) -> Batch | None:
    """The batch sent with this ISA13 (a TA1's TA101 points back by it)."""
    row = store.read.execute(
        "SELECT id FROM batches WHERE interchange_control_number = ? AND status NOT IN "
        f"{WAITING} ORDER BY id DESC LIMIT 1", [interchange_control_number],
    ).fetchone()
    return None if row is None else get_batch(store, int(row[0]))


def batch_for_file_name(store: Store, file_name: str) -> Batch | None:
    """The batch uploaded under ``file_name`` (Office Ally's reports quote it)."""
    row = store.read.execute(
        "SELECT id FROM batches WHERE file_name = ? ORDER BY id DESC LIMIT 1", [file_name]
    ).fetchone()
    return None if row is None else get_batch(store, int(row[0]))


def batch_for_oa_file_id(store: Store, oa_file_id: str) -> Batch | None:
    """The batch Office Ally knows by its FileID."""
    row = store.read.execute(
        "SELECT id FROM batches WHERE oa_file_id = ? ORDER BY id DESC LIMIT 1", [oa_file_id]
    ).fetchone()
    return None if row is None else get_batch(store, int(row[0]))


def batches_without_277(store: Store, batch_ids: set[int]) -> list[int]:
    """Those of ``batch_ids`` that have had no 277 yet (``first_277_at`` unset)."""
    rows = store.read.execute(
        f"SELECT id FROM batches WHERE first_277_at IS NULL AND id IN "
        f"({', '.join(str(b) for b in batch_ids)})"
    ).fetchall()
    return [int(r[0]) for r in rows]


def pcn_was_sent(db: sqlite_utils.Database, pcn: str) -> bool:
    """True if some batch already carried this CLM01 (``db``: reader or write transaction)."""
    return db.execute("SELECT 1 FROM batch_claims WHERE pcn = ?", [pcn]).fetchone() is not None
