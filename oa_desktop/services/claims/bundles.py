"""Gather what an 837P needs for stored claims: the X12 writer's input, from the store."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from oa_desktop.domain.status import ClaimStatus
from oa_desktop.errors import InputError
from oa_desktop.services.claims.loading import ClaimLoader
from oa_desktop.store import counters
from oa_desktop.store.claims_list import ClaimColumn, ClaimQuery, claim_ids
from oa_desktop.store.db import Store
from oa_desktop.x12.model_837 import ClaimBundle, Submission837
from oa_desktop.x12.write_837p import ControlNumbers, write_837p


def claim_bundle(store: Store, claim_id: int) -> ClaimBundle:
    """One stored claim with its patient, coverage, payer, subscriber, providers and COB."""
    loader = ClaimLoader(store)
    return loader.bundle(loader.load_id(claim_id))


def submission(store: Store, claim_ids: Iterable[int]) -> Submission837:
    """The claims to write, under the practice as billing provider."""
    loader = ClaimLoader(store)
    return loader.submission(loader.load_id(i) for i in claim_ids)


def take_control_numbers(store: Store) -> ControlNumbers:
    """Fresh ISA13, GS06 and ST02 from the store's counters (never from the clock)."""
    with store.write() as db:
        return ControlNumbers(
            interchange=counters.next_value(db, "isa13"),
            group=counters.next_value(db, "gs06"),
            transaction=counters.next_value(db, "st02"),
        )


def ready_claim_ids(store: Store) -> list[int]:
    """Every claim that is ready to send, oldest first."""
    query = ClaimQuery(statuses=frozenset({ClaimStatus.READY}), sort=ClaimColumn.PCN,
                       descending=False)
    return claim_ids(store, query)


def export_837(store: Store, claim_ids: list[int] | None = None) -> tuple[str, int]:
    """The 837P text for the given claims (default: every ready one), and how many it holds.

    No claim changes status; only the control-number counters move.
    """
    ids = ready_claim_ids(store) if claim_ids is None else claim_ids
    if not ids:
        raise InputError("There are no ready claims to export.",
                         "Mark claims ready, or name them with --claims.")
    data = submission(store, ids)
    text = write_837p(data, take_control_numbers(store), datetime.now(UTC))
    return text, len(ids)
