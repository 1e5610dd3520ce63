"""Render every screen offscreen, for `oa-desktop screenshot` and for looking at them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QApplication, QWidget

from oa_desktop.errors import KnownError
from oa_desktop.services.safety.folder_lock import WINDOW, Holder, busy_error
from oa_desktop.services.workspace import Workspace
from oa_desktop.ui.auth.screenshots import auth_screens
from oa_desktop.ui.claims.claim_page import ClaimDialog
from oa_desktop.ui.claims.queues import QUEUES
from oa_desktop.ui.kit import fit
from oa_desktop.ui.kit.messages import known_error_box
from oa_desktop.ui.safety.passphrase_dialog import PassphraseDialog
from oa_desktop.ui.shell.crash import CrashDialog
from oa_desktop.ui.shell.log_view import LogDialog
from oa_desktop.ui.shell.main_window import MainWindow

Saver = Callable[[QWidget, Path], Path]


def _settle() -> None:
    for _ in range(3):
        QApplication.processEvents()


def _records_and_editor(
    window: MainWindow, workspace: Workspace, out: Path, save: Saver
) -> list[Path]:
    """The records screens, the coverage dialog and the claim editor with findings."""
    from oa_desktop.store import claims, records
    from oa_desktop.ui.claims.claim_editor.editor import ClaimEditor, claim_for_patient
    from oa_desktop.ui.records.patients_view import PatientsView

    written: list[Path] = []
    for key in ("patients", "payers", "providers", "practice", "fees"):
        window.navigation.select_section(key)
        _settle()
        written.append(save(window, out / f"records_{key}.png"))
    providers = window.show_section("providers")
    tabs = getattr(providers, "tabs", None)
    if tabs is not None:
        tabs.setCurrentIndex(1)
        _settle()
        written.append(save(window, out / "records_facilities.png"))
    patients = window.show_section("patients")
    if isinstance(patients, PatientsView):
        patients.pane.find_box.setText("smith")
        _settle()
        written.append(save(window, out / "records_patients_find.png"))
        form = patients.patient_form
        row = patients.pane.current()
        if row is not None and row.patient.id is not None and form.coverages.items:
            dialog = form.open_coverage(row.patient.id, form.coverages.items[0])
            _settle()
            written.append(save(dialog, out / "records_coverage.png"))
            dialog.close()
    store = workspace.store
    patient_id = records.list_patients(store)[0].patient.id
    if patient_id is not None:
        editor = ClaimEditor(store, claim_for_patient(store, patient_id), window)
        editor.show()
        row0 = editor.lines.rows[0]
        row0.from_date.setText("11/02/2026")
        row0.code.setText("90837")
        row0.code.editingFinished.emit()
        editor.lines.rows[1].from_date.setText("11/31/2026")
        editor.lines.rows[1].code.setText("97153")
        editor.lines.rows[1].units.setText("8")
        editor.lines.rows[1].code.editingFinished.emit()
        editor.lines.rows[1].pointers.setText("AC")
        editor.header.referring_name.setText("LEE, DANA")
        editor.header.referring_npi.setText("1234567890")
        for edit in (row0.from_date, row0.code, editor.lines.rows[1].from_date,
                     editor.lines.rows[1].pointers, editor.header.referring_npi.edit):
            edit.editingFinished.emit()  # the biller typed these and moved on
        editor.refresh_findings()
        _settle()
        written.append(save(editor, out / "claim_editor_new_findings.png"))
        editor.dirty = False
        editor.close()
    draft_id = claims.first_draft_id(store)
    if draft_id is not None:
        editor = ClaimEditor(store, claims.get_claim(store, draft_id), window)
        editor.show()
        _settle()
        written.append(save(editor, out / "claim_editor_draft.png"))
        editor.dirty = False
        editor.close()
    return written


SCREEN = QSize(1366, 768)


def render_all(workspace: Workspace, out: Path, save: Saver,
               size: QSize = SCREEN) -> list[Path]:
    """Write one PNG per screen, as on a screen of ``size``, and return their paths."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    was_installed = fit.installed()
    fit.install(app)
    fit.pretend_screen(size)
    try:
        return _render_all(workspace, out, save, size)
    finally:
        fit.pretend_screen(None)
        if not was_installed:
            fit.uninstall(app)


def _render_all(workspace: Workspace, out: Path, save: Saver, size: QSize) -> list[Path]:
    written: list[Path] = []
    window = MainWindow(workspace)
    window.resize(size)
    window.show()
    _settle()
    for queue in QUEUES:
        window.navigation.select_queue(queue.key)
        _settle()
        written.append(save(window, out / f"claims_{queue.key}.png"))
    window.navigation.select_queue("all")
    window.claims.search.setText("smith")
    window.claims.reload()
    _settle()
    written.append(save(window, out / "claims_search.png"))
    window.claims.search.setText("zzzz-no-such-claim")
    window.claims.reload()
    _settle()
    written.append(save(window, out / "claims_search_empty.png"))
    window.claims.search.clear()
    window.claims.reload()
    _settle()
    claim_id = window.claims.selected_claim_id()
    if claim_id is not None:
        dialog = ClaimDialog(workspace.store, claim_id, window, commands=window)
        dialog.show()
        _settle()
        written.append(save(dialog, out / "claim_detail.png"))
        dialog.close()
    log = LogDialog(workspace.log_file, window)
    log.show()
    _settle()
    written.append(save(log, out / "help_log.png"))
    log.close()
    error = known_error_box(window, KnownError(
        "The database file is damaged or is not an OA Desktop database.",
        "Nothing was changed. Restore your latest backup, or open another data folder.",
    ), "OA Desktop cannot start")
    error.show()
    _settle()
    written.append(save(error, out / "error_known.png"))
    error.close()
    busy = known_error_box(window, busy_error(workspace.folder.root, Holder(
        WINDOW, "ana", "front-desk", 4242, "2026-11-02T09:41:00"), command=False),
        "OA Desktop is already open")
    busy.show()
    _settle()
    written.append(save(busy, out / "error_already_open.png"))
    busy.close()

    crash = CrashDialog("ZeroDivisionError: division by zero",
                        "Traceback …\nZeroDivisionError: division by zero",
                        workspace.folder.logs, window)
    crash.show()
    _settle()
    written.append(save(crash, out / "error_crash.png"))
    crash.close()
    written += _setup_wizard_pages(window, out, save)
    written += _records_and_editor(window, workspace, out, save)
    written += _submission_screens(window, out, save)
    written += _era_screens(window, workspace, out, save)
    from oa_desktop.ui.patients.screenshots import patient_screens

    written += patient_screens(window, workspace, out, save)
    written += auth_screens(window, workspace, out, save)
    welcome = window.show_welcome()
    _settle()
    written.append(save(welcome, out / "welcome.png"))
    welcome.close()
    code_list = window.load_code_list()
    _settle()
    written.append(save(code_list, out / "code_list.png"))
    code_list.close()
    passphrase = PassphraseDialog(workspace.folder, window)
    passphrase.show()
    _settle()
    written.append(save(passphrase, out / "backup_passphrase.png"))
    passphrase.close()
    for key in ("reports", "costs", "audit"):
        window.navigation.select_section(key)
        window.show_section(key)
        _settle()
        written.append(save(window, out / f"section_{key}.png"))
    window.close()
    return written


def _setup_wizard_pages(window: MainWindow, out: Path, save: Saver) -> list[Path]:
    """Each page of the Office Ally setup wizard, as a new practice sees it."""
    wizard = window.office_ally.make_wizard()
    wizard.show()
    written: list[Path] = []
    for number in range(len(wizard.pageIds())):
        _settle()
        written.append(save(wizard, out / f"setup_wizard_{number + 1}.png"))
        if number + 1 < len(wizard.pageIds()):
            page_id = wizard.pageIds()[number + 1]
            wizard.setStartId(page_id)
            wizard.restart()
    wizard.close()
    return written


def _submission_screens(window: MainWindow, out: Path, save: Saver) -> list[Path]:
    """The Send batch wizard's pages and the Batches, Responses and Problems screens."""
    written: list[Path] = []
    wizard = window.submit_actions.open_wizard()
    for name in ("choose", "scrub", "summary", "send"):
        _settle()
        written.append(save(wizard, out / f"submit_wizard_{name}.png"))
        if name != "send":
            wizard.next()
    wizard.reject()
    for key in ("batches", "responses", "problems"):
        window.navigation.select_section(key)
        _settle()
        written.append(save(window, out / f"section_{key}.png"))
    return written


def _era_waiting_screens(window: MainWindow, workspace: Workspace, out: Path,
                         save: Saver) -> list[Path]:
    """An ERA with a claim not matched (its detail and the preview of a partial posting)
    and an ERA posted in part, when the data holds them (nothing is posted here)."""
    from oa_desktop.services.era import posting
    from oa_desktop.store import remittances
    from oa_desktop.ui.era.posting_preview import PostingPreviewDialog
    from oa_desktop.ui.kit.roles import ItemRole

    view = window.show_section("eras")
    written: list[Path] = []
    found = remittances.list_remittances(workspace.store)
    targets = (("era_detail_unmatched", [r for r in found if r.status == "ready" and r.unmatched]),
               ("era_detail_partly_posted", [r for r in found if r.status == "partly_posted"]))
    for name, candidates in targets:
        target = candidates[0] if candidates else None
        if target is None or not view.select(target.id):  # type: ignore[attr-defined]
            continue
        detail = view.detail  # type: ignore[attr-defined]
        for row in range(detail.claims_proxy.rowCount()):
            rc = detail.claims_proxy.index(row, 0).data(ItemRole.OBJECT)
            if rc.post_state != "posted" and (rc.claim_id is None or rc.post_state == "parked"):
                detail.claims_table.selectRow(row)  # show a claim that waits
                break
        _settle()
        written.append(save(window, out / f"{name}.png"))
        plan = posting.preview(workspace.store, target.id)
        if not plan.blockers:
            dialog = PostingPreviewDialog(plan, window)
            dialog.show()
            _settle()
            preview_name = name.replace("era_detail", "posting_preview")
            written.append(save(dialog, out / f"{preview_name}.png"))
            dialog.close()
    return written


def _era_screens(window: MainWindow, workspace: Workspace, out: Path, save: Saver) -> list[Path]:
    """The ERA list and detail, the posting preview and the Problems list's denials."""
    from oa_desktop.services.era import posting
    from oa_desktop.store import claims, remittances
    from oa_desktop.ui.era.posting_preview import PostingPreviewDialog

    written: list[Path] = []
    window.navigation.select_section("eras")
    view = window.show_section("eras")
    _settle()
    written.append(save(window, out / "era_list.png"))
    ready = [r for r in remittances.list_remittances(workspace.store) if r.status == "ready"]
    if ready:
        target = max(ready, key=lambda r: r.claim_count)
        view.select(target.id)  # type: ignore[attr-defined]
        _settle()
        written.append(save(window, out / "era_detail.png"))
        dialog = PostingPreviewDialog(posting.preview(workspace.store, target.id), window)
        dialog.show()
        _settle()
        written.append(save(dialog, out / "posting_preview.png"))
        dialog.close()
        claim_id = next((c.claim_id for c in remittances.remittance_claims(workspace.store,
                                                                           target.id)
                         if c.claim_id), None)
        if claim_id is not None:  # the claim's page lists the ERA that pays it
            page = ClaimDialog(workspace.store, claim_id, window)
            page.show()
            _settle()
            written.append(save(page, out / "claim_detail_eras.png"))
            page.close()
            pcn = claims.get_claim(workspace.store, claim_id).patient_control_number
            view.search.setText(pcn)  # type: ignore[attr-defined]  # find the ERA by claim #
            _settle()
            written.append(save(window, out / "era_find.png"))
            view.search.clear()  # type: ignore[attr-defined]
    written += _era_waiting_screens(window, workspace, out, save)
    from oa_desktop.domain.next_steps import ProblemKind

    window.navigation.select_section("problems")
    problems = window.show_section("problems")
    problems.reload()  # type: ignore[attr-defined]
    problems.set_filter(ProblemKind.DENIED)  # type: ignore[attr-defined]
    _settle()
    written.append(save(window, out / "problems_denied.png"))
    problems.set_filter(None)  # type: ignore[attr-defined]
    return written
