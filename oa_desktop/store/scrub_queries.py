"""Store queries the scrubber needs: which records exist, and possible duplicate claims."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from oa_desktop.store.db import Store, chunks_of, marks

_TABLES = frozenset({"patients", "coverages", "payers", "rendering_providers", "facilities"})


def exists(store: Store, table: str, row_id: int | None) -> bool:
    """True if ``table`` holds a row with id ``row_id`` (an unsaved claim may point nowhere)."""
    if row_id is None:
        return False
    if table not in _TABLES:
        raise ValueError(f"unknown table {table}")
    row = store.read.execute(f"SELECT 1 FROM {table} WHERE id = ?", [row_id]).fetchone()
    return row is not None


def duplicate_claims(
    store: Store,
    *,
    patient_id: int,
    payer_id: int,
    services: Iterable[tuple[date, str]],
    exclude_claim_id: int | None = None,
) -> tuple[str, ...]:
    """PCNs of other claims with the same patient and payer and a line on the same
    date of service with the same procedure code (the duplicate-claim warning).

    ``services`` are the (date of service, procedure code) pairs of the claim checked.
    """
    pairs = sorted({(day.isoformat(), code.strip().upper()) for day, code in services})
    if not pairs:
        return ()
    matches = " OR ".join("(l.service_date = ? AND l.procedure_code = ?)" for _ in pairs)
    params: list[object] = [patient_id, payer_id, exclude_claim_id or -1]
    params += [value for pair in pairs for value in pair]
    rows = store.read.execute(
        "SELECT DISTINCT c.pcn FROM claims c "
        "JOIN coverages cv ON cv.id = c.coverage_id "
        "JOIN service_lines l ON l.claim_id = c.id "
        f"WHERE c.patient_id = ? AND cv.payer_id = ? AND c.id != ? AND ({matches}) "
        "ORDER BY c.pcn",
        params,
    ).fetchall()
    return tuple(str(r[0]) for r in rows)


ServiceKey = tuple[int, int, str, str]  # patient id, payer id, date of service, procedure


def service_index(
    store: Store, patient_ids: Iterable[int]
) -> dict[ServiceKey, set[tuple[int, str]]]:
    """Every (patient, payer, date, procedure) of these patients' claims → (claim id, PCN).

    One query for a whole batch, instead of one :func:`duplicate_claims` query per claim.
    """
    ids = sorted(set(patient_ids))
    index: dict[ServiceKey, set[tuple[int, str]]] = {}
    for chunk in chunks_of(ids):
        rows = store.read.execute(
            "SELECT c.patient_id, cv.payer_id, l.service_date, l.procedure_code, c.id, c.pcn "
            "FROM claims c JOIN coverages cv ON cv.id = c.coverage_id "
            "JOIN service_lines l ON l.claim_id = c.id "
            f"WHERE c.patient_id IN ({marks(chunk)})",
            chunk,
        )
        for patient, payer, day, code, claim_id, pcn in rows:
            key = (int(patient), int(payer), str(day), str(code).strip().upper())
            index.setdefault(key, set()).add((int(claim_id), str(pcn)))
    return index
