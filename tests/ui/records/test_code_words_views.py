"""Codes with words where a biller reads them: taxonomy on providers and the practice,
HCPCS words in the fee schedule, the claim editor's lines, the claim page, the reports;
File → Load code list… loads NUCC's or CMS's file (issue 17, item 6)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from oa_desktop.services.codes import words
from oa_desktop.services.reports import money
from oa_desktop.services.workspace import Workspace
from oa_desktop.store import claims, code_words, fee_schedule, records
from oa_desktop.store.code_words import CodeWord
from oa_desktop.ui.claims.claim_editor.editor import ClaimEditor, claim_for_patient
from oa_desktop.ui.claims.claim_page import claim_html
from oa_desktop.ui.records.code_list_dialog import CodeListDialog
from oa_desktop.ui.records.fee_schedule_view import FeeScheduleView
from oa_desktop.ui.records.practice_view import PracticeView
from oa_desktop.ui.records.providers_view import ProvidersView
from tests.conftest import DEMO_DAY


def _column(model: object, title: str) -> int:
    return next(c for c in range(model.columnCount())  # type: ignore[attr-defined]
                if model.headerData(c, Qt.Orientation.Horizontal) == title)  # type: ignore[attr-defined]


def test_providers_show_taxonomy_names(qtbot: QtBot, demo_workspace: Workspace) -> None:
    view = ProvidersView(demo_workspace.store)
    qtbot.addWidget(view)
    pane = view.providers.pane
    column = _column(pane.model, "Taxonomy")
    shown = {pane.model.index(r, column).data() for r in range(pane.model.rowCount())}
    assert "103K00000X Behavior Analyst" in shown
    assert "1041C0700X Clinical Social Worker" in shown
    form = view.providers.form
    form.taxonomy.edit.clear()
    qtbot.keyClicks(form.taxonomy.edit, "106s00000x")
    assert form.taxonomy.message.text() == "Behavior Technician"
    form.taxonomy.edit.clear()
    qtbot.keyClicks(form.taxonomy.edit, "999Z00000X")  # well formed, on no list
    assert "NPI registry" in form.taxonomy.message.text()
    form.taxonomy.edit.clear()
    qtbot.keyClicks(form.taxonomy.edit, "10X")
    assert form.taxonomy.message.text() == "A taxonomy code looks like 103T00000X."


def test_a_loaded_taxonomy_list_wins_over_the_built_in_one(
    qtbot: QtBot, demo_workspace: Workspace
) -> None:
    store = demo_workspace.store
    code_words.replace_codes(store, "taxonomy", "nucc.csv",
                             [CodeWord("251S00000X", "Community/Behavioral Health (loaded)")])
    view = PracticeView(store)
    qtbot.addWidget(view)
    assert view.form.taxonomy.message.text() == "Community/Behavioral Health (loaded)"


def test_fees_without_own_words_show_cms_words_never_cpt(
    qtbot: QtBot, demo_workspace: Workspace
) -> None:
    store = demo_workspace.store
    fee_schedule.set_fee(store, fee_schedule.Fee("97152", "", Decimal("40"), ""))
    view = FeeScheduleView(store)
    qtbot.addWidget(view)
    model = view.pane.model
    column = _column(model, "Description")
    shown = {model.index(r, 0).data(): model.index(r, column).data()
             for r in range(model.rowCount())}
    assert shown["H2019"] == "Therapeutic behavioral services, per 15 minutes"
    assert shown["97153"] == "Adaptive behavior treatment by protocol"  # the practice's
    assert shown["97152"] == ""  # a CPT code with no words of the practice's own
    view.new_record()
    qtbot.keyClicks(view.form.code.edit, "s9480")
    assert view.form.code.message.text() == "Intensive outpatient psychiatric services, per diem"


def test_claim_editor_line_and_claim_page_say_what_the_service_is(
    qtbot: QtBot, demo_workspace: Workspace
) -> None:
    store = demo_workspace.store
    patient_id = records.list_patients(store)[0].patient.id
    assert patient_id is not None
    editor = ClaimEditor(store, claim_for_patient(store, patient_id))
    qtbot.addWidget(editor)
    row = editor.lines.rows[0]
    qtbot.keyClicks(row.code, "H0032")
    assert row.words.text() == "Mental health service plan development by non-physician"
    row.code.clear()
    qtbot.keyClicks(row.code, "90837")
    assert row.words.text() == "Psychotherapy, 60 minutes"  # the practice's own words
    editor.dirty = False
    claim = claims.get_claim(store, claims.first_draft_id(store) or 0)
    page = claim_html(store, claim)
    assert "(Behavior Analyst)" in page or "(Clinical" in page


def test_collections_by_procedure_say_what_each_code_is(demo_workspace: Workspace) -> None:
    table = money.build_collections_procedure(demo_workspace.store, DEMO_DAY)
    labels = [row[0] for row in table.rows]
    assert labels and all(" " in label for label in labels if label[:1].isdigit()), labels
    assert words.load(demo_workspace.store).procedure_text("97153") in labels


def test_load_code_list_dialog(qtbot: QtBot, demo_workspace: Workspace, tmp_path: Path) -> None:
    dialog = CodeListDialog(demo_workspace.store)
    qtbot.addWidget(dialog)
    assert "the built-in list (57 codes)" in dialog.current.text()
    file = tmp_path / "HCPC2026.csv"
    file.write_text("HCPC,LONG DESCRIPTION,SHORT DESCRIPTION\nH2014,Skills training,Skills\n"
                    "99213,Office visit,Visit\n")
    text = dialog.load_file("hcpcs", file)
    assert text.splitlines() == [
        "Loaded 1 HCPCS Level II code from HCPC2026.csv; 1 row left out (below).",
        "row 3, column HCPC: 99213 is a CPT code; CPT words come only from your fee schedule"]
    assert "1 code loaded from HCPC2026.csv" in dialog.current.text()
    bad = tmp_path / "bad.csv"
    bad.write_text("Name,Price\nA,1\n")
    assert "Nothing was changed" in dialog.load_file("taxonomy", bad)
