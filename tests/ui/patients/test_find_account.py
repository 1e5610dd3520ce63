"""Find (Ctrl+F) finds a patient by name, account # or date of birth and opens the
account; the read-only claim page has a Patient account button."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from oa_desktop.services.workspace import Workspace
from oa_desktop.store import records
from oa_desktop.ui.claims import claim_page
from oa_desktop.ui.patients import actions as account_actions
from oa_desktop.ui.patients.account_dialog import PatientAccountDialog


def _window(qtbot: QtBot, workspace: Workspace):  # type: ignore[no-untyped-def]
    from oa_desktop.ui.shell.main_window import MainWindow

    window = MainWindow(workspace)
    qtbot.addWidget(window)
    return window


def _spy(window) -> list[PatientAccountDialog]:  # type: ignore[no-untyped-def]
    opened: list[PatientAccountDialog] = []
    original = window.patient_accounts.open_account

    def spy(patient_id: int, claim: int | None = None) -> PatientAccountDialog:
        opened.append(original(patient_id, claim))
        return opened[-1]

    window.patient_accounts.open_account = spy
    return opened


def _a_patient_born(workspace: Workspace) -> records.PatientRow:
    return next(r for r in records.list_patients(workspace.store)
                if r.patient.person.birth_date is not None)


@pytest.mark.parametrize("typed", ["name", "account", "dob", "dob_iso"])
def test_ctrl_f_finds_a_patient_and_opens_the_account(
        qtbot: QtBot, demo_workspace: Workspace, monkeypatch: pytest.MonkeyPatch,
        typed: str) -> None:
    window = _window(qtbot, demo_workspace)
    assert window.find_action.shortcut() == QKeySequence(QKeySequence.StandardKey.Find)
    row = _a_patient_born(demo_workspace)
    person = row.patient.person
    born = person.birth_date
    assert born is not None
    text = {"name": f"{person.last_name} {person.first_name}",
            "account": row.patient.account_number,
            "dob": born.strftime("%m/%d/%Y"), "dob_iso": born.isoformat()}[typed]
    shown: list[list[int]] = []

    def answer(dialog: account_actions.FindPatientDialog) -> int:
        dialog.search.setText(text)
        found = [int(dialog.list.item(i).data(Qt.ItemDataRole.UserRole))
                 for i in range(dialog.list.count())]
        shown.append(found)
        dialog.list.setCurrentRow(found.index(row.patient.id))
        return QDialog.DialogCode.Accepted.value

    monkeypatch.setattr(account_actions.FindPatientDialog, "exec", answer)
    opened = _spy(window)
    window.pages.setCurrentWidget(window.claims)
    window.find_action.trigger()
    assert shown and row.patient.id in shown[0]
    assert len(shown[0]) < len(records.list_patients(demo_workspace.store))  # it filters
    assert opened and opened[0].patient_id == row.patient.id
    opened[0].close()


def test_ctrl_f_cancelled_opens_nothing(
        qtbot: QtBot, demo_workspace: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    window = _window(qtbot, demo_workspace)
    monkeypatch.setattr(account_actions.FindPatientDialog, "exec",
                        lambda _d: QDialog.DialogCode.Rejected.value)
    opened = _spy(window)
    window.find_action.trigger()
    assert opened == []


def test_ctrl_f_on_a_records_screen_keeps_its_own_find_box(
        qtbot: QtBot, demo_workspace: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    window = _window(qtbot, demo_workspace)
    patients = window.show_section("patients")
    window.pages.setCurrentWidget(patients)
    focused: list[bool] = []
    monkeypatch.setattr(patients, "focus_find", lambda: focused.append(True))
    monkeypatch.setattr(account_actions.FindPatientDialog, "exec",
                        lambda _d: pytest.fail("the patient finder opened"))
    window.find_action.trigger()
    assert focused == [True]


def test_the_claim_page_opens_the_patients_account(
        qtbot: QtBot, demo_workspace: Workspace) -> None:
    store = demo_workspace.store
    window = _window(qtbot, demo_workspace)
    claim_id, patient_id = store.read.execute(
        "SELECT id, patient_id FROM claims WHERE status = 'partially_paid' LIMIT 1").fetchone()
    dialog = claim_page.ClaimDialog(store, claim_id, window, commands=window)
    qtbot.addWidget(dialog)
    button = dialog.action_buttons["account"]
    assert button.text() == "Patient account" and button.isEnabled()
    opened = _spy(window)
    button.click()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert opened and opened[0].patient_id == patient_id
    assert opened[0].focus_claim == claim_id
    selected = opened[0].selected_claim()
    assert selected is not None and selected.claim_id == claim_id
    model = opened[0].claims_model
    statuses = {model.index(row, 2).data() for row in range(model.rowCount())}
    assert "Partially paid" in statuses  # the status's words, as the claims list shows them
    opened[0].close()
