"""The windows' audited actions: opening a patient or a claim, exporting and printing a
report — each row names the person signed in; the Audit screen says settings in words."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from oa_desktop.services.safety import audit
from oa_desktop.services.workspace import Workspace
from oa_desktop.store import audit as audit_store
from oa_desktop.store import settings
from oa_desktop.store.audit import AuditFilter
from oa_desktop.ui.claims.claim_page import ClaimDialog
from oa_desktop.ui.records.patients_view import PatientsView
from oa_desktop.ui.reports.reports_view import ReportsView
from oa_desktop.ui.safety.audit_view import AuditView, object_label


def _views(workspace: Workspace, kind: str) -> list[tuple[str, str]]:
    rows = audit_store.entries(workspace.store, AuditFilter(action=audit.VIEW, object_type=kind))
    return [(e.actor, e.object_id) for e in rows]


def test_opening_records_and_exporting_are_recorded_with_the_person(
    qtbot: QtBot, demo_workspace: Workspace, tmp_path: Path
) -> None:
    store = demo_workspace.store
    store.actor = "ana"
    dialog = ClaimDialog(store, 12)
    qtbot.addWidget(dialog)
    assert _views(demo_workspace, "claim") == [("ana", "12")]
    patients = PatientsView(store)
    qtbot.addWidget(patients)
    shown = patients.patient_form.patient_id()
    assert shown is not None and ("ana", str(shown)) in _views(demo_workspace, "patient")
    before = len(_views(demo_workspace, "patient"))
    patients.patient_form.fill(patients.patient_form.record)  # the same patient again
    assert len(_views(demo_workspace, "patient")) == before
    reports = ReportsView(store)
    qtbot.addWidget(reports)
    reports.export_csv(tmp_path / "report.csv")
    reports.export_pdf(tmp_path / "report.pdf")
    [export] = audit_store.entries(store, AuditFilter(action=audit.EXPORT))
    assert export.actor == "ana" and "as CSV" in export.detail and "rows, to " in export.detail
    assert str(tmp_path / "report.csv") in export.detail
    [printed] = audit_store.entries(store, AuditFilter(action=audit.PRINT))
    assert printed.actor == "ana" and "as PDF" in printed.detail and "rows, to " in printed.detail


def test_the_audit_screen_says_settings_in_words(qtbot: QtBot, demo_workspace: Workspace) -> None:
    store = demo_workspace.store
    settings.GATEWAY_HOST.set(store, "sftp.example.test")
    [entry] = audit_store.entries(store, AuditFilter(object_type="setting",
                                                     object_id="gateway.host"))
    assert object_label(entry) == "Setting: Office Ally SFTP host"
    view = AuditView(store)
    qtbot.addWidget(view)
    shown = {view.model.data(view.model.index(r, 3)) for r in range(view.model.rowCount())}
    assert "Setting: Office Ally SFTP host" in shown
    assert "Setting app.demo" not in shown


def test_without_named_users_the_window_acts_as_the_computer_user(
    qtbot: QtBot, demo_workspace: Workspace
) -> None:
    import getpass

    from oa_desktop.ui.shell.main_window import MainWindow

    window = MainWindow(demo_workspace)
    qtbot.addWidget(window)
    assert demo_workspace.store.actor == getpass.getuser()
    dialog = ClaimDialog(demo_workspace.store, 3, window)
    qtbot.addWidget(dialog)
    [viewed] = audit_store.entries(demo_workspace.store,
                                   AuditFilter(action=audit.VIEW, object_type="claim"))
    assert viewed.actor == getpass.getuser()
