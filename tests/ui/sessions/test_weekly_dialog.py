"""Weekly sessions: a pattern makes draft sessions once; Make claims turns them into drafts."""

from __future__ import annotations

from datetime import date

from pytestqt.qtbot import QtBot

from oa_desktop.services.workspace import Workspace
from oa_desktop.store import claims, records
from oa_desktop.ui.sessions.weekly_dialog import WeeklySessionsDialog


def test_pattern_sessions_then_claims(qtbot: QtBot, demo_workspace: Workspace) -> None:
    store = demo_workspace.store
    patient_id = records.list_patients(store)[0].patient.id
    assert patient_id is not None
    dialog = WeeklySessionsDialog(store, patient_id, today=date(2026, 11, 2))  # a Monday
    qtbot.addWidget(dialog)
    assert dialog.to_date.text() == "11/29/2026"  # four weeks
    assert dialog.create_sessions() == 12  # Mon, Wed, Fri
    assert "12 draft sessions wait" in dialog.status.text()
    assert dialog.create_sessions() == 0  # the same days again: nothing new
    before = claims.claim_count(store)
    assert dialog.make_claims() == 4  # one claim a week
    assert claims.claim_count(store) == before + 4
    assert not dialog.bill_button.isEnabled()
    dialog.days[0].setChecked(False)
    dialog.days[2].setChecked(False)
    dialog.days[4].setChecked(False)
    assert dialog.create_sessions() == 0
    assert "Tick at least one day" in dialog.status.text()
