"""Screens of authorizations, filing deadlines and the sessions import, for `screenshot`."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtWidgets import QApplication, QWidget

from oa_desktop.services.auth.usage import usage_rows
from oa_desktop.services.workspace import Workspace
from oa_desktop.store import authorizations as store_auth
from oa_desktop.store import claims
from oa_desktop.store.records import PatientRow

Saver = Callable[[QWidget, Path], Path]


def _settle() -> None:
    for _ in range(3):
        QApplication.processEvents()


def _patient_with_alert(workspace: Workspace, today: date) -> tuple[int | None, int | None]:
    """(a patient whose authorization is nearly used up, one whose has expired)."""
    rows = usage_rows(workspace.store)
    low = [r for r in rows if r.usage.authorization.to_date >= today
           and r.usage.remaining < r.usage.authorization.approved / 10]
    gone = [r for r in rows if r.usage.authorization.to_date < today]
    return (low[0].patient_id if low else None), (gone[0].patient_id if gone else None)


def _is_patient(patient_id: int) -> Callable[[PatientRow], bool]:
    return lambda row: row.patient.id == patient_id


def auth_screens(window: QWidget, workspace: Workspace, out: Path, save: Saver) -> list[Path]:
    """The patient's authorization bars, the editor's warning, both worklists, the import."""
    from oa_desktop.services.demo.auth_demo import write_demo_timesheets
    from oa_desktop.ui.claims.claim_editor.editor import ClaimEditor
    from oa_desktop.ui.records.patients_view import PatientsView
    from oa_desktop.ui.sessions.import_dialog import SessionsImportDialog

    written: list[Path] = []
    today = date.today()
    low, gone = _patient_with_alert(workspace, today)
    nav = window.navigation  # type: ignore[attr-defined]
    patients = window.show_section("patients")  # type: ignore[attr-defined]
    for name, patient_id in (("nearly_used", low), ("expired", gone)):
        if patient_id is None or not isinstance(patients, PatientsView):
            continue
        nav.select_section("patients")
        patients.pane.find_box.clear()
        patients.pane.select(_is_patient(patient_id))
        _settle()
        written.append(save(window, out / f"patient_authorizations_{name}.png"))
    unsent = store_auth.claim_ids_in(workspace.store, ("draft", "ready"), gone or 0)
    if unsent:
        editor = ClaimEditor(workspace.store, claims.get_claim(workspace.store, unsent[0]),
                             window)
        editor.show()
        editor.refresh_findings()
        _settle()
        written.append(save(editor, out / "claim_editor_authorization_warning.png"))
        editor.dirty = False
        editor.close()
    for claim_id in store_auth.claim_ids_with_line_authorizations(workspace.store)[:1]:
        editor = ClaimEditor(workspace.store, claims.get_claim(workspace.store, claim_id),
                             window)
        editor.show()
        editor.refresh_findings()
        _settle()
        written.append(save(editor, out / "claim_editor_line_authorization.png"))
        editor.dirty = False
        editor.close()
    for key in ("filing_deadlines", "auth_worklist"):
        nav.select_section(key)
        _settle()
        written.append(save(window, out / f"section_{key}.png"))
    sheet = workspace.folder.root / "Demo timesheets (CentralReach export).csv"
    if not sheet.exists():
        write_demo_timesheets(workspace.store, sheet, today)
    dialog = SessionsImportDialog(workspace.store, sheet, window)
    dialog.show()
    dialog.settle()  # the preview runs in the background
    _settle()
    written.append(save(dialog, out / "sessions_import_preview.png"))
    dialog.close()
    return written
