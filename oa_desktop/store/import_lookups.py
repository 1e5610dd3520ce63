"""Lookups the CSV import uses to tie rows to records the practice already has."""

from __future__ import annotations

import json

from oa_desktop.store.db import Store


def patient_ids_by_account(store: Store) -> dict[str, int]:
    """``{account number (upper case): patient id}`` for patients that have one."""
    rows = store.read.execute(
        "SELECT UPPER(account_number), id FROM patients WHERE account_number != '' ORDER BY id"
    )
    found: dict[str, int] = {}
    for account, patient_id in rows:
        found.setdefault(str(account), int(patient_id))
    return found


def payer_ids_by_claim_id(store: Store) -> dict[str, int]:
    """``{837P payer id (upper case): practice payer id}``."""
    found: dict[str, int] = {}
    for payer_id, ids in store.read.execute("SELECT id, payer_ids FROM payers ORDER BY id"):
        claim_id = str(json.loads(ids).get("837P", "")).upper()
        if claim_id:
            found.setdefault(claim_id, int(payer_id))
    return found


def coverage_ids(store: Store) -> dict[tuple[int, int], int]:
    """``{(patient id, rank): coverage id}``."""
    rows = store.read.execute("SELECT patient_id, rank, id FROM coverages ORDER BY id")
    found: dict[tuple[int, int], int] = {}
    for patient_id, rank, coverage_id in rows:
        found.setdefault((int(patient_id), int(rank)), int(coverage_id))
    return found


def rendering_ids_by_npi(store: Store) -> dict[str, int]:
    """``{NPI: rendering provider id}`` of active providers."""
    rows = store.read.execute("SELECT npi, id FROM rendering_providers WHERE active = 1")
    return {str(npi): int(provider_id) for npi, provider_id in rows}
