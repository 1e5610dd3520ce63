"""The claim editor tells the truth (issue 17, item 4): the total counts every line, hints
come from the claim, every field with a finding is marked, a new claim waits for the biller
to leave a field, and Esc on an untouched claim just closes."""

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from oa_desktop.services.workspace import Workspace
from oa_desktop.store import claims, records
from oa_desktop.ui.claims.claim_editor.editor import ClaimEditor, claim_for_patient
from oa_desktop.ui.claims.claim_editor.lines import pointer_hint

pytestmark = pytest.mark.qt_log_ignore(
    "This plugin does not support raise", "This plugin does not support grabbing"
)


def _new(qtbot: QtBot, workspace: Workspace) -> ClaimEditor:
    store = workspace.store
    patient_id = records.list_patients(store)[0].patient.id
    assert patient_id is not None
    editor = ClaimEditor(store, claim_for_patient(store, patient_id))
    qtbot.addWidget(editor)
    editor.show()
    return editor


def _draft(qtbot: QtBot, workspace: Workspace) -> ClaimEditor:
    claim_id = claims.first_draft_id(workspace.store)
    assert claim_id is not None
    editor = ClaimEditor(workspace.store, claims.get_claim(workspace.store, claim_id))
    qtbot.addWidget(editor)
    editor.show()
    return editor


def _line(editor: ClaimEditor, number: int, day: str, code: str, charge: str) -> None:
    row = editor.lines.rows[number - 1]
    row.from_date.setText(day)
    row.code.setText(code)
    row.charge.setText(charge)


def test_the_total_counts_a_line_whose_date_is_wrong(
    qtbot: QtBot, demo_workspace: Workspace
) -> None:
    editor = _new(qtbot, demo_workspace)
    _line(editor, 1, "11/02/2026", "90837", "150.00")
    _line(editor, 2, "11/31/2026", "90837", "150.00")
    editor.marks.show_all()
    editor.refresh_findings()
    assert editor.total.text() == "28  Total charge: $300.00"
    date = next(f for f in editor.findings if f.code == "form.date")
    assert date.message == "“11/31/2026” is not a date: November has 30 days."
    assert date.line == 2
    assert editor.lines.rows[1].from_date in editor.marks.marked()
    assert "b3261e" in editor.lines.rows[1].label.styleSheet()  # line 2 is highlighted
    assert "b3261e" not in editor.lines.rows[0].label.styleSheet()


def test_a_line_without_a_charge_is_named_not_dropped(
    qtbot: QtBot, demo_workspace: Workspace
) -> None:
    editor = _new(qtbot, demo_workspace)
    _line(editor, 1, "11/02/2026", "90837", "150.00")
    _line(editor, 2, "11/03/2026", "90837", "abc")
    editor.marks.show_all()
    editor.refresh_findings()
    assert editor.total.text() == "28  Total charge: $150.00 — 1 line (2) without a charge"
    assert editor.lines.rows[1].charge in editor.marks.marked()
    assert "b3261e" in editor.lines.rows[1].label.styleSheet()


def test_pointer_hints_name_the_letters_the_claim_has(
    qtbot: QtBot, demo_workspace: Workspace
) -> None:
    assert pointer_hint(0) == "Type a diagnosis in box 21 first; then point at it with A."
    assert pointer_hint(1) == "Box 21 has only diagnosis A: type A."
    assert pointer_hint(3) == "Use letters A–C (up to 3 of them), like AB."
    assert pointer_hint(12) == "Use letters A–L (up to 4 of them), like AB."
    editor = _draft(qtbot, demo_workspace)
    used = len([c for c in editor.diagnoses.codes() if c])
    editor.lines.rows[0].pointers.setText("AL")
    editor.refresh_findings()
    pointer = next(f for f in editor.findings if f.code == "form.pointer")
    assert pointer.message == "Diagnosis pointer “L” points at a diagnosis not typed in box 21."
    assert pointer.hint == pointer_hint(used)
    assert editor.lines.rows[0].pointers in editor.marks.marked()


def test_every_field_with_a_finding_is_marked_and_reachable(
    qtbot: QtBot, demo_workspace: Workspace
) -> None:
    editor = _draft(qtbot, demo_workspace)
    editor.header.referring_name.setText("LEE, DANA")
    editor.header.referring_npi.setText("1234567890")
    editor.lines.rows[0].units.setText("0")
    editor.refresh_findings()
    assert editor.shown_findings == editor.findings  # a stored claim shows them all
    marked = editor.marks.marked()
    npi = next(f for f in editor.findings if f.code == "npi.referring")
    assert editor.header.referring_npi.edit in marked
    assert "NPI" in editor.header.referring_npi.edit.toolTip()
    assert editor.lines.rows[0].units in marked
    for finding in editor.findings:
        widget = editor._widget_for(finding)
        assert widget is None or widget.property("accessibleName") is not None
    editor.panel.finding_chosen.emit(npi)
    assert editor.status.text() == npi.hint
    editor.header.referring_npi.setText("1234567893")
    editor.lines.rows[0].units.setText("1")
    editor.refresh_findings()
    assert editor.header.referring_npi.edit not in editor.marks.marked()
    assert editor.lines.rows[0].units not in editor.marks.marked()


def test_a_new_claim_shows_findings_only_for_fields_left(
    qtbot: QtBot, demo_workspace: Workspace
) -> None:
    editor = _new(qtbot, demo_workspace)
    assert editor.findings  # the scrubber knows the claim is not finished …
    assert editor.shown_findings == []  # … but a blank claim does not open with errors
    assert editor.panel.summary.text().startswith("Fill in the claim")
    assert not editor.ready_button.isEnabled()
    assert editor.marks.marked() == set()
    row = editor.lines.rows[0]
    row.from_date.setText("11/31/2026")
    row.from_date.editingFinished.emit()  # the biller leaves the field
    editor.refresh_findings()
    assert [f.code for f in editor.shown_findings] == ["form.date"]
    assert editor.marks.marked() == {row.from_date}
    editor.save()  # Save shows everything that stops it
    assert {"form.date", "form.procedure"} <= {f.code for f in editor.shown_findings}
    assert editor.result() != ClaimEditor.DialogCode.Accepted


def test_esc_on_an_untouched_claim_just_closes(
    qtbot: QtBot, demo_workspace: Workspace, dialogs_shown: list[str]
) -> None:
    for editor in (_new(qtbot, demo_workspace), _draft(qtbot, demo_workspace)):
        editor.reject()
        assert editor.result() == ClaimEditor.DialogCode.Rejected
    assert dialogs_shown == []


def test_esc_after_typing_asks_with_cancel_as_the_default(
    qtbot: QtBot, demo_workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[tuple[object, ...]] = []

    def question(*args: object) -> QMessageBox.StandardButton:
        asked.append(args)
        return QMessageBox.StandardButton.Cancel

    monkeypatch.setattr(QMessageBox, "question", question)
    editor = _draft(qtbot, demo_workspace)
    editor.header.prior_auth.setText("AUTH9")
    editor._on_form_changed()
    editor.reject()
    assert asked and asked[0][-1] == QMessageBox.StandardButton.Cancel
    assert editor.isVisible()  # Cancel keeps the claim open
