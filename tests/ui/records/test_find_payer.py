"""Find a payer: search Office Ally's list by name or ID, see each transaction, use it."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from oa_desktop.services.imports.payer_list import import_payer_list
from oa_desktop.services.workspace import Workspace
from oa_desktop.store import records
from oa_desktop.ui.records.find_payer_dialog import FindPayerDialog
from oa_desktop.ui.records.payers_view import PayersView

SHOTS = Path("/tmp/shots-find-payer")
HEADER = ["PAYER NAME", "PAYER ID", "TRANSACTION", "AVAILABLE", "NON PAR", "ENROLLMENT",
          "SECONDARY", "ATTACHMENT", "WC / AUTO", "NOTES"]
ROWS = [
    ["MAGELLAN HEALTHCARE", "01260", "Professional Claims 837P", "Yes", "Yes", "Yes", "No",
     "No", "", "Behavioral health only.\nSend to \"Magellan\" claims, not EAP."],
    ["MAGELLAN HEALTHCARE", "01260", "Remits 835", "Yes", "Yes", "Yes", "No", "No", "",
     "ERA enrollment takes 30-45 days."],
    ["MAGELLAN HEALTHCARE", "MGL27", "Claim Status 276 / 277", "Yes", "No", "No", "No", "No",
     "", ""],
    ["MAGELLAN HEALTHCARE", "MGL70", "Eligibility 270 / 271", "No", "No", "No", "No", "No",
     "", ""],
    ["STATE WORK COMP FUND", "SWC01", "Professional Claims 837P", "Yes", "No", "No", "No", "No",
     "Work Comp", ""],
    ["100% CARE PLAN", "HC100", "Professional Claims 837P", "Yes", "No", "No", "No", "No",
     "Work Comp & Auto", ""],
]


def _import(workspace: Workspace, tmp_path: Path) -> None:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    writer.writerows(ROWS)
    path = tmp_path / "payers.csv"
    path.write_text(out.getvalue())
    import_payer_list(workspace.store, path)


def shot(widget: object, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    QApplication.processEvents()
    widget.grab().save(str(SHOTS / f"{name}.png"))  # type: ignore[attr-defined]


def test_find_by_name_shows_each_transaction(qtbot: QtBot, demo_workspace: Workspace,
                                             tmp_path: Path) -> None:
    _import(demo_workspace, tmp_path)
    dialog = FindPayerDialog(demo_workspace.store)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.search, "magel")
    assert dialog.results.count() == 1 and dialog.use_button.isEnabled()
    rows = [[dialog.table.item(r, c).text() for c in range(dialog.table.columnCount())]
            for r in range(dialog.table.rowCount())]
    assert rows == [
        ["Claims (837P)", "01260", "Non-Par", "Required", "Yes", ""],
        ["Remits / ERA (835)", "01260", "Non-Par", "Required", "Yes", ""],
        ["Claim status (276/277)", "MGL27", "Par", "Not needed", "Yes", ""],
        ["Eligibility (270/271)", "MGL70", "Par", "Not needed", "No", ""]]
    assert "Behavioral health only." in dialog.notes.toPlainText()
    assert "ERA enrollment takes 30-45 days." in dialog.notes.toPlainText()
    shot(dialog, "find_payer")
    dialog.search.setText("SWC")  # by payer ID
    assert dialog.results.count() == 1 and dialog.table.item(0, 5).text() == "Work Comp"
    dialog.search.setText("%")  # a LIKE wildcard is searched as text
    assert [dialog.found[i].name for i in range(dialog.results.count())] == ["100% CARE PLAN"]
    dialog.search.setText("zzz")
    assert dialog.results.count() == 0 and "No payer matches" in dialog.count.text()
    assert not dialog.use_button.isEnabled()


def test_use_for_a_payer_of_ours_fills_the_payer_record(qtbot: QtBot,
                                                        demo_workspace: Workspace,
                                                        tmp_path: Path) -> None:
    _import(demo_workspace, tmp_path)
    store = demo_workspace.store
    view = PayersView(store)
    qtbot.addWidget(view)
    view.show()
    view.new_record()
    dialog = view.open_find_payer("01260")
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.use_button.click()
    form = view.form
    assert (form.name.text(), form.payer_id.text()) == ("MAGELLAN HEALTHCARE", "01260")
    assert form.par.currentData() == "non-par"
    shot(view, "find_payer_used")
    assert form.save()
    [saved] = [p for p in records.list_payers(store) if p.name == "MAGELLAN HEALTHCARE"]
    assert saved.claim_payer_id == "01260" and saved.non_par
    assert saved.enrollment_required == {"837P": True, "835": True, "276": False,
                                         "270": False}


def test_without_a_list_the_dialog_says_to_import_one(qtbot: QtBot,
                                                      demo_workspace: Workspace) -> None:
    dialog = FindPayerDialog(demo_workspace.store, text="aetna")
    qtbot.addWidget(dialog)
    assert "No payer list is imported yet" in dialog.count.text()
    assert dialog.results.count() == 0


def test_the_import_dialog_names_skipped_rows(qtbot: QtBot, demo_workspace: Workspace,
                                              tmp_path: Path) -> None:
    from oa_desktop.ui.records.payer_import_dialog import PayerImportDialog

    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    writer.writerows([*ROWS, ["BROKEN PLAN", "BR1", "Remits 835", "Yes", "Maybe", "No", "No",
                              "No", "", ""]])
    path = tmp_path / "payers.csv"
    path.write_text(out.getvalue())
    dialog = PayerImportDialog(demo_workspace.store)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.set_file(path)
    with qtbot.waitSignal(dialog.imported, timeout=10_000):
        dialog.import_button.click()
    text = dialog.status.text()
    assert "skipped 1 row that could not be read" in text
    assert "row 8, column NON PAR: 'Maybe' is not Yes or No" in text
    assert "Magellan Healthcare: enrollment now required" in text
    shot(dialog, "payer_import_skipped")
