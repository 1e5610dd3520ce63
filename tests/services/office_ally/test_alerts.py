"""Alerts: a batch with no 999 after a day, no 277CA after two, a failed upload or sync."""

from __future__ import annotations

from datetime import datetime, timedelta

from oa_desktop.services.office_ally import alerts
from oa_desktop.services.submit import batches as submit
from oa_desktop.services.workspace import Workspace
from oa_desktop.store import batches
from tests.services.submit.helpers import ready_claims


def test_silent_batches_and_failed_uploads_raise_alerts(demo_workspace: Workspace) -> None:
    store = demo_workspace.store
    assert alerts.current_alerts(store) == []  # the demo's own history is not watched
    (batch,) = submit.prepare_batches(demo_workspace, ready_claims(demo_workspace, 3),
                                      test_mode=True)
    submit.record_sent(store, batch, at="2026-11-02T09:00:00+00:00")
    sent = datetime.fromisoformat("2026-11-02T09:00:00+00:00")
    assert alerts.current_alerts(store, sent + timedelta(hours=23)) == []
    (late,) = alerts.current_alerts(store, sent + timedelta(hours=25))
    assert late.kind == "no_999" and "turn on 999/277 files" in late.text
    with store.write() as db:
        db.table("batches").update(batch.id, {"ack_status": "A", "status": "accepted"})
    assert alerts.current_alerts(store, sent + timedelta(hours=47)) == []
    (no_277,) = alerts.current_alerts(store, sent + timedelta(hours=49))
    assert no_277.kind == "no_277"
    batches.fail_batch(store, batch.id, "The connection dropped.")
    kinds = {a.kind for a in alerts.current_alerts(store)}
    assert "upload_failed" in kinds
    alerts.LAST_SYNC_ERROR.set(store, "Office Ally did not answer.")
    assert alerts.current_alerts(store)[0].kind == "sync_failed"
