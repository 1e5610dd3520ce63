"""Things the biller should know about without looking: silent batches, failed syncs.

A batch with no 999 a day after it was sent, or no 277CA two days after, usually means
Office Ally has not turned those files on for the SFTP account.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from oa_desktop.errors import KnownError
from oa_desktop.services.progress import Cancelled
from oa_desktop.store import batches
from oa_desktop.store.db import Store
from oa_desktop.store.settings import Setting

NO_999_AFTER = timedelta(hours=24)
NO_277_AFTER = timedelta(hours=48)
ASK_OA = "Ask Office Ally to turn on 999/277 files for your SFTP account."

LAST_SYNC_ERROR = Setting("sync.last_error", "", "What went wrong in the last sync, if it failed")
DEMO_HISTORY_LAST_BATCH = Setting(
    "demo.history_last_batch", 0,
    "The last batch of the demo's made-up history (its files are kept, but never watched)",
)
SYNC_EVERY_MINUTES = Setting(
    "sync.every_minutes", 0, "Sync with Office Ally every N minutes while the app is open (0: off)"
)


@dataclass(frozen=True)
class Alert:
    """Something about the Office Ally connection the biller should know."""
    kind: str  # no_999, no_277, upload_failed, sync_failed
    text: str
    batch_id: int | None = None


def remember_sync_error(store: Store, error: BaseException) -> None:
    """Keep a failed sync's reason for the status bar (a cancel is not a failure)."""
    if isinstance(error, Cancelled):
        return
    if isinstance(error, KnownError):
        text = f"{error.message} {error.next_step}".strip()
    else:
        text = "The last sync stopped on an unexpected problem; see Help → Show log."
    LAST_SYNC_ERROR.set(store, text)


def _hours(delta: timedelta) -> int:
    return int(delta.total_seconds() // 3600)


def current_alerts(store: Store, now: datetime | None = None) -> list[Alert]:
    """Every alert that holds now, most urgent first."""
    moment = now or datetime.now(UTC)
    found: list[Alert] = []
    error = LAST_SYNC_ERROR.get(store)
    if error:
        found.append(Alert("sync_failed", f"The last sync failed: {error}"))
    history = DEMO_HISTORY_LAST_BATCH.get(store)
    for batch in batches.list_batches(store):
        if batch.status == "failed":
            found.append(Alert("upload_failed", f"Batch {batch.name} was not sent: "
                               f"{batch.failure} Open Batches and choose Retry upload.", batch.id))
            continue
        if batch.status in batches.UNCERTAIN:
            found.append(Alert("upload_unconfirmed", f"Batch {batch.name}: upload unconfirmed. "
                               "Choose Sync with Office Ally (F5) to check whether Office "
                               "Ally has it; it is sent again only if Office Ally does not.",
                               batch.id))
            continue
        if not batch.sent_at or not batch.local_path or batch.status in ("built", "cancelled"):
            continue  # only files this app uploaded are watched for answers
        if batch.id <= history:
            continue  # the demo's history: made up, never uploaded
        waited = moment - datetime.fromisoformat(batch.sent_at)
        if batch.status == "sent" and not batch.ack_status and waited >= NO_999_AFTER:
            found.append(Alert("no_999", f"Batch {batch.name} was sent {_hours(waited)} hours "
                               f"ago and no 999 has come back. {ASK_OA}", batch.id))
        elif (batch.ack_status in ("A", "E", "P") and batch.first_277_at is None
              and waited >= NO_277_AFTER):
            found.append(Alert("no_277", f"Batch {batch.name} was sent {_hours(waited)} hours "
                               f"ago and no 277CA has come back. {ASK_OA}", batch.id))
    return found
