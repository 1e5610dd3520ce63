import json
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from oa_desktop.domain.status import EventKind
from oa_desktop.services.workspace import Workspace
from oa_desktop.store import claims, records
from oa_desktop.ui.claims.claim_editor.editor import ClaimEditor, claim_for_patient
from oa_desktop.ui.records.coverage_dialog import CoverageDialog
from oa_desktop.ui.records.patients_view import PatientsView

# completion popups (payer, diagnosis) ask the offscreen platform for things it lacks
pytestmark = pytest.mark.qt_log_ignore(
    "This plugin does not support raise", "This plugin does not support grabbing"
)


def _codes(editor: ClaimEditor) -> set[str]:
    return {f.code for f in editor.findings}


def _settle(qtbot: QtBot, editor: ClaimEditor) -> None:
    qtbot.waitUntil(lambda: not editor._timer.isActive(), timeout=20_000)


def _type_patient_and_coverage(qtbot: QtBot, workspace: Workspace) -> int:
    view = PatientsView(workspace.store)
    qtbot.addWidget(view)
    view.show()
    view.new_patient()
    form = view.patient_form
    qtbot.keyClicks(form.last_name.edit, "Quill")
    qtbot.keyClicks(form.first_name.edit, "Avery")
    qtbot.keyClicks(form.birth_date.edit, "03/14/2017")
    qtbot.keyClick(form.birth_date.edit, Qt.Key.Key_Return)
    patient_id = form.patient_id()
    assert patient_id is not None
    form.add_coverage.click()
    dialog = form.findChild(CoverageDialog)
    assert dialog is not None
    qtbot.keyClicks(dialog.payer.lineEdit(), "Aetna")
    qtbot.keyClicks(dialog.member_id.edit, "w123456789")
    dialog.relationship.setCurrentIndex(2)  # 19 child: the insured is a parent
    qtbot.keyClicks(dialog.sub_last.edit, "Quill")
    qtbot.keyClicks(dialog.sub_first.edit, "Jordan")
    qtbot.keyClicks(dialog.sub_birth.edit, "07/01/1985")
    qtbot.keyClick(dialog.member_id.edit, Qt.Key.Key_Return)
    assert dialog.result() == CoverageDialog.DialogCode.Accepted
    assert form.coverages.rowCount() == 1
    return patient_id


def test_type_patient_coverage_and_three_line_claim(
    qtbot: QtBot, demo_workspace: Workspace
) -> None:
    store = demo_workspace.store
    patient_id = _type_patient_and_coverage(qtbot, demo_workspace)
    coverage = records.list_coverages(store, patient_id)[0]
    assert coverage.member_id == "W123456789" and coverage.subscriber is not None
    assert coverage.subscriber.first_name == "JORDAN"

    editor = ClaimEditor(store, claim_for_patient(store, patient_id))
    qtbot.addWidget(editor)
    editor.show()
    assert editor.header.coverage.currentData() == coverage.id  # primary by default
    assert "form.no_lines" in _codes(editor)
    assert not editor.ready_button.isEnabled()

    diagnosis = editor.diagnoses.fields[0].edit
    qtbot.keyClicks(diagnosis, "f84.0")
    diagnosis.editingFinished.emit()
    assert diagnosis.text() == "F84.0"
    assert editor.diagnoses.fields[0].meaning.text() == "Autistic disorder"
    rows = editor.lines.rows
    for row, (day, code, units) in zip(
        rows, [("11/02/2026", "97153", "8"), ("11/03/2026", "97153", "12"),
               ("11/04/2026", "97155", "2")], strict=False,
    ):
        qtbot.keyClicks(row.from_date, day)
        qtbot.keyClicks(row.units, units)
        qtbot.keyClicks(row.code, code)
        row.code.editingFinished.emit()
        qtbot.keyClicks(row.pointers, "a")
    assert rows[0].charge.text() == "240.00"  # $30.00 × 8 from the fee schedule
    assert rows[2].charge.text() == "90.00"

    # a mistyped referring NPI: the scrubber finds it as the biller types, then it clears
    qtbot.keyClicks(editor.header.referring_name.edit, "Lee, Dana")
    qtbot.keyClicks(editor.header.referring_npi.edit, "1234567890")
    editor.header.referring_npi.edit.editingFinished.emit()  # the biller leaves the field
    _settle(qtbot, editor)
    npi = [f for f in editor.findings if f.code == "npi.referring"]
    assert npi and (npi[0].place, npi[0].support) == ("Box 17b", "837P 2310A NM109")
    assert "npi.referring" in {editor.panel.findings[n].code
                               for n in range(editor.panel.list.count())}
    editor.panel.finding_chosen.emit(npi[0])
    assert editor.header.referring_npi.edit.hasFocus() or not editor.isActiveWindow()
    editor.header.referring_npi.edit.backspace()
    qtbot.keyClicks(editor.header.referring_npi.edit, "3")
    _settle(qtbot, editor)
    assert "npi.referring" not in _codes(editor)
    assert not [f for f in editor.findings if f.code.startswith("form.")]
    assert editor.total.text() == "28  Total charge: $690.00"

    qtbot.keyClick(editor.header.prior_auth.edit, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert editor.result() == ClaimEditor.DialogCode.Accepted

    row = store.read.execute(
        "SELECT id, coverage_id, status, diagnoses, charge_cents, referring_npi, pcn "
        "FROM claims WHERE patient_id = ?", [patient_id],
    ).fetchall()
    assert len(row) == 1
    claim_id, coverage_id, status, diagnoses, charge_cents, referring_npi, pcn = row[0]
    assert (coverage_id, status, json.loads(diagnoses), charge_cents, referring_npi) == (
        coverage.id, "draft", ["F840"], 69000, "1234567893")
    assert pcn.startswith("C")
    lines = store.read.execute(
        "SELECT line_number, service_date, procedure_code, units, charge_cents, pointers "
        "FROM service_lines WHERE claim_id = ? ORDER BY line_number", [claim_id],
    ).fetchall()
    assert lines == [
        (1, "2026-11-02", "97153", "8", 24000, "[1]"),
        (2, "2026-11-03", "97153", "12", 36000, "[1]"),
        (3, "2026-11-04", "97155", "2", 9000, "[1]"),
    ]


def test_esc_on_a_new_claim_writes_nothing(
    qtbot: QtBot, demo_workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = demo_workspace.store
    before = store.read.execute("SELECT COUNT(*) FROM claims").fetchone()[0]
    patient_id = records.list_patients(store)[0].patient.id
    assert patient_id is not None
    editor = ClaimEditor(store, claim_for_patient(store, patient_id))
    qtbot.addWidget(editor)
    editor.show()
    qtbot.keyClicks(editor.lines.rows[0].from_date, "11/02/2026")
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: QMessageBox.StandardButton.Discard)
    qtbot.keyClick(editor.lines.rows[0].from_date, Qt.Key.Key_Escape)
    assert editor.result() == ClaimEditor.DialogCode.Rejected
    assert store.read.execute("SELECT COUNT(*) FROM claims").fetchone()[0] == before


def test_edit_ready_claim_and_mark_ready(qtbot: QtBot, demo_workspace: Workspace) -> None:
    store = demo_workspace.store
    claim_id = store.read.execute(
        "SELECT id FROM claims WHERE status = 'rejected' LIMIT 1").fetchone()[0]
    editor = ClaimEditor(store, claims.get_claim(store, claim_id))
    qtbot.addWidget(editor)
    editor.show()
    _settle(qtbot, editor)
    assert editor.ready_button.isEnabled(), editor.findings
    editor.header.prior_auth.edit.clear()
    qtbot.keyClicks(editor.header.prior_auth.edit, "AUTH77")
    editor.ready_button.click()
    saved = claims.get_claim(store, claim_id)
    assert saved.prior_authorization == "AUTH77" and saved.status == "ready"
    assert claims.timeline(store, claim_id)[-1].kind is EventKind.MARKED_READY


def test_frequency_7_needs_payer_claim_number_and_bad_pointer(
    qtbot: QtBot, demo_workspace: Workspace
) -> None:
    store = demo_workspace.store
    claim_id = store.read.execute(
        "SELECT id FROM claims WHERE status = 'draft' LIMIT 1").fetchone()[0]
    editor = ClaimEditor(store, claims.get_claim(store, claim_id))
    qtbot.addWidget(editor)
    editor.header.frequency.setCurrentIndex(1)
    editor.lines.rows[0].pointers.setText("AL")
    editor.refresh_findings()
    assert {"form.original", "form.pointer"} <= _codes(editor)
    pointer = next(f for f in editor.findings if f.code == "form.pointer")
    assert (pointer.place, pointer.support) == ("Box 24E, line 1", "837P 2400 SV107")


def test_copy_keeps_content_and_clears_dates(qtbot: QtBot, demo_workspace: Workspace) -> None:
    store = demo_workspace.store
    claim_id = store.read.execute("SELECT id FROM claims LIMIT 1").fetchone()[0]
    source = claims.get_claim(store, claim_id)
    editor = ClaimEditor(store, claims.copy_claim(store, claim_id), keep_dates=False)
    qtbot.addWidget(editor)
    assert editor.claim.id is None and editor.claim.patient_control_number == ""
    row = editor.lines.rows[0]
    assert row.from_date.text() == "" and row.code.text() == source.lines[0].procedure_code
    assert Decimal(row.charge.text().replace(",", "")) == source.lines[0].charge_amount
    assert "form.date" in _codes(editor)


def test_a_rejected_claim_opened_to_fix_says_why_it_was_rejected(
    qtbot: QtBot, demo_workspace: Workspace
) -> None:
    """Seen under Xvfb: "Open the claim to fix it" showed the claim without its rejection."""
    from PySide6.QtGui import QTextDocument

    from oa_desktop.domain.next_steps import ProblemKind
    from oa_desktop.services.claims import problems

    store = demo_workspace.store
    item = next(p for p in problems.worklist(store) if p.kind is ProblemKind.REJECTED)
    editor = ClaimEditor(store, claims.get_claim(store, item.claim_id))
    qtbot.addWidget(editor)
    editor.show()
    assert editor.panel.rejection.isVisible()
    page = QTextDocument()
    page.setHtml(editor.panel.rejection.text())
    assert item.reason in page.toPlainText() and item.codes in page.toPlainText()
    draft = ClaimEditor(store, claims.get_claim(store, claims.first_draft_id(store) or 0))
    qtbot.addWidget(draft)
    draft.show()
    assert not draft.panel.rejection.isVisible()
