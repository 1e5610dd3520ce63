"""Store queries the submit wizard and batching need: candidates and this month's counts."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from oa_desktop.domain.batch_status import NEVER_SENT
from oa_desktop.store.batches import status_list
from oa_desktop.store.db import Store


def candidate_rows(store: Store, claim_ids: Iterable[int]) -> list[tuple[Any, ...]]:
    """The Choose page's columns for these claims, by first date of service then CLM01.

    Each row: claim id, CLM01, "Last, First", payer id, payer name, payer non-par flag,
    rendering provider id, "Last, First" of the rendering provider ('' without one), its
    NPI, first date ('' if none), charge in cents, number of service lines.
    """
    return store.read.execute(
        f"""SELECT c.id, c.pcn, p.last_name || ', ' || p.first_name, py.id, py.name, py.non_par,
            rp.id, COALESCE(rp.last_name || ', ' || rp.first_name, ''), rp.npi,
            COALESCE(c.first_date, ''), c.charge_cents,
            (SELECT COUNT(*) FROM service_lines s WHERE s.claim_id = c.id)
        FROM claims c JOIN patients p ON p.id = c.patient_id
        JOIN coverages cv ON cv.id = c.coverage_id JOIN payers py ON py.id = cv.payer_id
        LEFT JOIN rendering_providers rp ON rp.id = c.rendering_provider_id
        WHERE c.id IN ({', '.join(str(i) for i in claim_ids)}) ORDER BY c.first_date, c.pcn"""
    ).fetchall()


def month_counts(store: Store, month: str) -> dict[tuple[str, str], tuple[int, int]]:
    """Claims sent in ``month`` (YYYY-MM) per (Tax ID, NPI): (all, non-par).

    Batches that never went out (built, failed, cancelled) do not count, nor do uploads
    not yet confirmed (sending, unconfirmed: no send time until /inbound shows the file).
    """
    rows = store.read.execute(
        "SELECT bc.tax_id, bc.npi, COUNT(*), SUM(bc.non_par) FROM batch_claims bc "
        "JOIN batches b ON b.id = bc.batch_id WHERE substr(b.sent_at, 1, 7) = ? "
        f"AND b.status NOT IN {status_list(NEVER_SENT)} GROUP BY bc.tax_id, bc.npi",
        [month],
    )
    return {(r[0], r[1]): (int(r[2]), int(r[3] or 0)) for r in rows}


def batch_claim_row(store: Store, claim_id: int) -> tuple[Any, ...]:
    """What a batch records of a claim: CLM01, charge in cents, rendering provider id, payer id."""
    row: tuple[Any, ...] = store.read.execute(
        "SELECT c.pcn, c.charge_cents, c.rendering_provider_id, cv.payer_id "
        "FROM claims c JOIN coverages cv ON cv.id = c.coverage_id WHERE c.id = ?",
        [claim_id],
    ).fetchone()
    return row
