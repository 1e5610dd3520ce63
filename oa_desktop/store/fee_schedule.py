"""The practice's fee schedule: the usual charge for a procedure (and modifier)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from oa_desktop.domain.money import from_cents, to_cents
from oa_desktop.store.db import Store


@dataclass(frozen=True, slots=True)
class Fee:
    """The practice's price for a procedure code (with modifier)."""
    procedure_code: str
    modifier: str
    price: Decimal
    description: str


def set_fee(store: Store, fee: Fee) -> None:
    """Add or change the price of a procedure (and modifier)."""
    with store.write() as db:
        db.table("fee_schedule").upsert(
            {"procedure_code": fee.procedure_code.upper(), "modifier": fee.modifier.upper(),
             "price_cents": to_cents(fee.price), "description": fee.description},
            pk=("procedure_code", "modifier"),
        )


def delete_fee(store: Store, procedure_code: str, modifier: str = "") -> None:
    """Remove a procedure from the schedule."""
    with store.write() as db:
        db.execute(
            "DELETE FROM fee_schedule WHERE procedure_code = ? AND modifier = ?",
            [procedure_code.upper(), modifier.upper()],
        )


def list_fees(store: Store) -> list[Fee]:
    """The whole schedule, by procedure code."""
    rows = store.read.execute(
        "SELECT procedure_code, modifier, price_cents, description FROM fee_schedule "
        "ORDER BY procedure_code, modifier"
    )
    return [Fee(r[0], r[1], from_cents(r[2]), r[3]) for r in rows]


def price_for(store: Store, procedure_code: str, modifier: str = "") -> Decimal | None:
    """The unit price for a procedure: with the modifier if listed, else without."""
    for mod in dict.fromkeys((modifier.upper(), "")):
        row = store.read.execute(
            "SELECT price_cents FROM fee_schedule WHERE procedure_code = ? AND modifier = ?",
            [procedure_code.upper(), mod],
        ).fetchone()
        if row is not None:
            return from_cents(row[0])
    return None
