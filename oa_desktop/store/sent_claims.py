"""Claims as they were sent: the batch's send-time snapshot the Office Ally fee counts."""

from __future__ import annotations

from datetime import date, datetime

from oa_desktop.domain.fees import SentClaim
from oa_desktop.store.db import Store


def _next_month(start: date) -> date:
    return date(start.year + start.month // 12, start.month % 12 + 1, 1)


def sent_claims(store: Store, month: date) -> list[SentClaim]:
    """Claims in batches sent during ``month`` (UTC send time).

    Test batches (OATEST: Office Ally does not forward them) and batches whose file
    was rejected (no claims were created) do not count.
    """
    start = month.replace(day=1)
    rows = store.read.execute(
        "SELECT b.sent_at, bc.tax_id, bc.npi, bc.non_par FROM batch_claims bc "
        "JOIN batches b ON b.id = bc.batch_id "
        "WHERE b.sent_at >= ? AND b.sent_at < ? AND b.test_mode = 0 "
        "AND b.status != 'rejected' ORDER BY b.sent_at",
        [start.isoformat(), _next_month(start).isoformat()],
    ).fetchall()
    return [
        SentClaim(sent_on=datetime.fromisoformat(r[0]).date(), tax_id=r[1], rendering_npi=r[2],
                  non_par=bool(r[3]))
        for r in rows
    ]
