"""Office Ally's payer list: replace it, link the practice's payers to it, search it.

How a re-import keeps the practice's own edits
----------------------------------------------
The list and the practice's payers are separate tables. A re-import deletes and
re-inserts every ``payer_list`` row but never deletes a ``payers`` row. A practice payer
is linked to the list by its 837P payer id (``payers.payer_ids["837P"]`` equals a list
row's ``payer_id`` for transaction 837P). For each linked payer, in the same
transaction as the new rows:

- Non-Par and the enrollment flags are refreshed from the list, *unless the practice
  overrode them*. ``payers.list_synced`` keeps the values last copied from the list; a
  field whose current value differs from that snapshot was changed by the practice
  (through the ordinary payer editor) and is left alone, and its snapshot is kept so
  it stays recognised as the practice's on the next import. A payer linked for the
  first time takes the list's values.
- Payer ids of other transactions (835, 270, ...) are filled in where the practice has
  none; ids the practice typed are never replaced.
- The name, address and claim filing indicator are always the practice's.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import sqlite_utils

from oa_desktop.domain.models import ClaimFilingIndicator, Payer
from oa_desktop.store import records
from oa_desktop.store.db import Store, like_contains, like_starts, utc_now

CLAIMS = "837P"
_TRANSACTION_NAMES = {"837P": "claims", "837I": "institutional claims", "835": "remits (ERA)",
                      "270": "eligibility", "276": "claim status"}


def _transaction_order(item: tuple[str, bool]) -> tuple[int, str]:
    order = list(_TRANSACTION_NAMES)
    return (order.index(item[0]) if item[0] in order else len(order), item[0])


@dataclass(frozen=True, slots=True)
class PayerListEntry:
    """One row of Office Ally's list: a payer for one transaction."""

    name: str
    payer_id: str
    transaction_type: str  # 837P, 837I, 835, 276, 270, ... (else the file's label)
    non_par: bool
    enrollment: bool
    source_row: int
    transaction_label: str = ""
    available: bool = True
    secondary: bool | None = None
    attachment: bool | None = None
    wc_auto: bool | None = None
    notes: str = ""


@dataclass(frozen=True)
class ListPayer:
    """A payer of the list with all its transactions (what a payer search shows)."""

    name: str
    payer_ids: dict[str, str]
    non_par: bool  # for claims (837P)
    enrollment_required: dict[str, bool]
    notes: str
    practice_payer_id: int | None = None  # the practice's payer linked to it

    @property
    def claim_payer_id(self) -> str:
        """The 837P payer id (empty when the payer takes no professional claims)."""
        return self.payer_ids.get(CLAIMS, "")

    @property
    def enrollment_text(self) -> str:
        """``Enrollment: claims, remits`` or ``No enrollment needed``."""
        needed = [_TRANSACTION_NAMES.get(t, t)
                  for t, flag in sorted(self.enrollment_required.items(), key=_transaction_order)
                  if flag]
        return f"Enrollment: {', '.join(needed)}" if needed else "No enrollment needed"


@dataclass(frozen=True)
class SyncCounts:
    """How the practice's payers changed when the payer list was imported."""
    linked: int = 0  # practice payers found on the list
    refreshed: int = 0  # of those, with a value changed from the list
    kept_overrides: int = 0  # fields left as the practice set them


@dataclass(frozen=True)
class ImportCounts:
    """How many rows and payers the payer list import stored."""
    rows: int
    payers: int
    non_par_payers: int
    sync: SyncCounts = field(default_factory=SyncCounts)


def _row(entry: PayerListEntry) -> dict[str, Any]:
    def flag(value: bool | None) -> int | None:
        return None if value is None else int(value)

    return {
        "name": entry.name, "payer_id": entry.payer_id,
        "transaction_type": entry.transaction_type,
        "transaction_label": entry.transaction_label, "available": int(entry.available),
        "non_par": int(entry.non_par), "enrollment": int(entry.enrollment),
        "secondary": flag(entry.secondary), "attachment": flag(entry.attachment),
        "wc_auto": flag(entry.wc_auto), "notes": entry.notes, "source_row": entry.source_row,
    }


def replace_payer_list(
    store: Store, entries: Sequence[PayerListEntry], *, file_name: str, file_format: str
) -> ImportCounts:
    """Replace the whole list and refresh the linked practice payers, in one transaction."""
    with store.write() as db:
        db.execute("DELETE FROM payer_list")
        db.conn.executemany(
            "INSERT INTO payer_list (name, payer_id, transaction_type, transaction_label, "
            "available, non_par, enrollment, secondary, attachment, wc_auto, notes, source_row) "
            "VALUES (:name, :payer_id, :transaction_type, :transaction_label, :available, "
            ":non_par, :enrollment, :secondary, :attachment, :wc_auto, :notes, :source_row)",
            (_row(e) for e in entries),
        )
        payers, non_par = db.execute(
            "SELECT COUNT(DISTINCT name), COUNT(DISTINCT CASE WHEN non_par = 1 "
            "AND transaction_type = ? THEN name END) FROM payer_list", [CLAIMS]
        ).fetchone()
        sync = _sync_practice_payers(db)
        db.table("payer_list_imports").insert({
            "imported_at": utc_now(), "file_name": file_name, "format": file_format,
            "rows": len(entries), "payers": payers, "non_par_payers": non_par,
        })
    return ImportCounts(len(entries), int(payers), int(non_par), sync)


def _list_values(db: sqlite_utils.Database, claim_payer_id: str) -> dict[str, Any] | None:
    """Non-Par, enrollment and ids of the list payer whose 837P id is ``claim_payer_id``."""
    first = db.execute(
        "SELECT name, non_par FROM payer_list WHERE payer_id = ? AND transaction_type = ? "
        "ORDER BY source_row LIMIT 1", [claim_payer_id, CLAIMS]
    ).fetchone()
    if first is None:
        return None
    rows = db.execute(
        "SELECT transaction_type, payer_id, enrollment FROM payer_list WHERE name = ? "
        "ORDER BY source_row", [first[0]]
    ).fetchall()
    ids: dict[str, str] = {}
    enrollment: dict[str, bool] = {}
    for transaction, payer_id, flag in rows:
        ids.setdefault(transaction, payer_id)
        enrollment.setdefault(transaction, bool(flag))
    return {"non_par": bool(first[1]), "enrollment_required": enrollment, "payer_ids": ids}


def _sync_one(db: sqlite_utils.Database, row: dict[str, Any], values: dict[str, Any]
              ) -> tuple[bool, int]:
    """Refresh one practice payer; returns (changed, overrides kept)."""
    current = {"non_par": bool(row["non_par"]),
               "enrollment_required": json.loads(row["enrollment_required"])}
    synced = json.loads(row["list_synced"]) if row["list_synced"] else None
    new_synced: dict[str, Any] = {}
    kept = 0
    updated = dict(current)
    for key in ("non_par", "enrollment_required"):
        if synced is None or current[key] == synced.get(key):
            updated[key] = values[key]
            new_synced[key] = values[key]
        else:
            kept += 1
            new_synced[key] = synced.get(key)
    ids = json.loads(row["payer_ids"])
    for transaction, payer_id in values["payer_ids"].items():
        ids.setdefault(transaction, payer_id)
    changed = updated != current or ids != json.loads(row["payer_ids"])
    db.execute(
        "UPDATE payers SET non_par = ?, enrollment_required = ?, payer_ids = ?, "
        "list_synced = ? WHERE id = ?",
        [int(updated["non_par"]), json.dumps(updated["enrollment_required"], sort_keys=True),
         json.dumps(ids, sort_keys=True), json.dumps(new_synced, sort_keys=True), row["id"]],
    )
    return changed, kept


def _sync_practice_payers(db: sqlite_utils.Database) -> SyncCounts:
    linked = refreshed = kept = 0
    for row in list(db.table("payers").rows):
        claim_id = json.loads(row["payer_ids"]).get(CLAIMS, "")
        values = _list_values(db, claim_id) if claim_id else None
        if values is None:
            continue
        linked += 1
        changed, overrides = _sync_one(db, row, values)
        refreshed += int(changed)
        kept += overrides
    return SyncCounts(linked, refreshed, kept)


def list_size(store: Store) -> int:
    """How many rows the stored list has."""
    return int(store.read.execute("SELECT COUNT(*) FROM payer_list").fetchone()[0])


def last_import(store: Store) -> dict[str, Any] | None:
    """When and from which file the list was last imported, with its counts."""
    rows = list(store.read.table("payer_list_imports").rows_where(order_by="id DESC", limit=1))
    return rows[0] if rows else None


def _group(rows: Iterable[tuple[Any, ...]], linked: dict[str, int]) -> list[ListPayer]:
    grouped: dict[str, list[tuple[Any, ...]]] = {}
    for row in rows:
        grouped.setdefault(row[0], []).append(row)
    result = []
    for name, group in grouped.items():
        ids: dict[str, str] = {}
        enrollment: dict[str, bool] = {}
        non_par = False
        notes: list[str] = []
        for _, payer_id, transaction, row_non_par, flag, note in group:
            ids.setdefault(transaction, payer_id)
            enrollment.setdefault(transaction, bool(flag))
            non_par = non_par or (transaction == CLAIMS and bool(row_non_par))
            if note and note not in notes:
                notes.append(note)
        result.append(ListPayer(name, ids, non_par, enrollment, "\n".join(notes),
                                linked.get(ids.get(CLAIMS, ""))))
    return result


def _linked_ids(store: Store) -> dict[str, int]:
    linked: dict[str, int] = {}
    for payer_id, ids in store.read.execute("SELECT id, payer_ids FROM payers"):
        claim_id = json.loads(ids).get(CLAIMS)
        if claim_id:
            linked.setdefault(claim_id, int(payer_id))
    return linked


def search_payer_list(store: Store, text: str, limit: int = 100) -> list[ListPayer]:
    """List payers whose name contains ``text`` or whose id (any transaction) starts with it.

    Names are matched case-insensitively; exact id matches come first, then by name.
    """
    query = text.strip()
    if not query:
        return []
    names = [r[0] for r in store.read.execute(
        "SELECT name FROM payer_list WHERE name LIKE ? ESCAPE '\\' OR payer_id LIKE ? ESCAPE '\\' "
        "GROUP BY name ORDER BY MAX(UPPER(payer_id) = UPPER(?)) DESC, name LIMIT ?",
        [like_contains(query), like_starts(query), query, limit],
    )]
    if not names:
        return []
    marks = ", ".join("?" for _ in names)
    rows = store.read.execute(
        "SELECT name, payer_id, transaction_type, non_par, enrollment, notes FROM payer_list "
        f"WHERE name IN ({marks}) ORDER BY source_row", names,
    ).fetchall()
    by_name = {p.name: p for p in _group(rows, _linked_ids(store))}
    return [by_name[n] for n in names]


def add_list_payer(
    store: Store,
    entry: ListPayer,
    claim_filing_indicator: ClaimFilingIndicator = ClaimFilingIndicator.COMMERCIAL,
) -> int:
    """Add a payer of the list to the practice's payers, linked to it; returns its id.

    If the practice already has a payer with that 837P id, that payer's id is returned.
    """
    if entry.practice_payer_id is not None:
        return entry.practice_payer_id
    existing = _linked_ids(store).get(entry.claim_payer_id)
    if existing is not None:
        return existing
    payer = Payer(name=entry.name, payer_ids=dict(entry.payer_ids), non_par=entry.non_par,
                  enrollment_required=dict(entry.enrollment_required),
                  claim_filing_indicator=claim_filing_indicator)
    synced = {"non_par": entry.non_par, "enrollment_required": entry.enrollment_required}
    with store.write() as db:
        payer_id = records.save_payer(store, payer)
        db.execute("UPDATE payers SET list_synced = ? WHERE id = ?",
                   [json.dumps(synced, sort_keys=True), payer_id])
    return payer_id
