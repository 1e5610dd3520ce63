"""The reads behind a sync's one-line report (services/office_ally/sync_report.py)."""

from __future__ import annotations

from oa_desktop.domain.status import ClaimStatus
from oa_desktop.store.db import Store
from oa_desktop.store.era_queries import TO_POST


def high_water(store: Store) -> tuple[int, int]:
    """The newest claim event id and remittance id (0 when none)."""
    event, remittance = store.read.execute(
        "SELECT (SELECT COALESCE(MAX(id), 0) FROM claim_events), "
        "(SELECT COALESCE(MAX(id), 0) FROM remittances)").fetchone()
    return int(event), int(remittance)


def answers_since(store: Store, event_id: int) -> dict[int, list[str]]:
    """Each claim's answers from outside after ``event_id``: their kinds, in order."""
    kinds: dict[int, list[str]] = {}
    for claim_id, kind in store.read.execute(
            "SELECT claim_id, kind FROM claim_events WHERE id > ? AND source != 'user' "
            "ORDER BY id", [event_id]):
        kinds.setdefault(int(claim_id), []).append(str(kind))
    return kinds


def eras_to_post_since(store: Store, remittance_id: int) -> tuple[int, int]:
    """ERAs imported after ``remittance_id`` that wait to be posted: count and cents."""
    marks = ", ".join(f"'{s}'" for s in TO_POST)
    count, cents = store.read.execute(
        f"SELECT COUNT(*), COALESCE(SUM(amount_cents), 0) FROM remittances "
        f"WHERE id > ? AND status IN ({marks})", [remittance_id]).fetchone()
    return int(count), int(cents)


def claims_awaiting_first_answer(store: Store) -> int:
    """Claims sent to Office Ally with no answer at all yet."""
    return int(store.read.execute(
        "SELECT COUNT(*) FROM claims WHERE status = 'submitted'").fetchone()[0])


# the sidebar's "Sent, waiting" (ui/claims/queues.py): sent, and no payer's decision yet
SENT_WAITING = (ClaimStatus.SUBMITTED, ClaimStatus.ACCEPTED_BY_CLEARINGHOUSE,
                ClaimStatus.ACCEPTED_BY_PAYER)


def claims_sent_waiting(store: Store) -> int:
    """Claims the sidebar counts as "Sent, waiting" (some answered by Office Ally already)."""
    marks = ", ".join("?" for _ in SENT_WAITING)
    return int(store.read.execute(
        f"SELECT COUNT(*) FROM claims WHERE status IN ({marks})",
        [s.value for s in SENT_WAITING]).fetchone()[0])
