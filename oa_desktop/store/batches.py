"""Batches: one uploaded 837P file, its control numbers and its claims."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from oa_desktop.domain.money import from_cents, to_cents
from oa_desktop.store import counters
from oa_desktop.store.db import Store, inserted_id, utc_now


@dataclass(frozen=True, slots=True)
class Batch:
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
    """Record a new batch of claims with fresh control numbers (ISA13, GS06, ST02)."""
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


def get_batch(store: Store, batch_id: int) -> Batch:
    """One batch by id."""
    r = store.read.table("batches").get(batch_id)
    return Batch(
        id=r["id"], name=r["name"], interchange_control_number=r["interchange_control_number"],
        group_control_number=r["group_control_number"],
        transaction_control_number=r["transaction_control_number"], file_name=r["file_name"],
        test_mode=bool(r["test_mode"]), status=r["status"], claim_count=r["claim_count"],
        charge_amount=from_cents(r["charge_cents"]), created_at=r["created_at"],
        sent_at=r["sent_at"],
    )


def batch_status_counts(store: Store) -> dict[str, int]:
    """How many batches are in each status."""
    rows = store.read.execute("SELECT status, COUNT(*) FROM batches GROUP BY status")
    return {status: int(count) for status, count in rows}
