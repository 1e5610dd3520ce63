from __future__ import annotations

import csv
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from oa_desktop.domain.models import Payer
from oa_desktop.services.imports import csv_import
from oa_desktop.services.workspace import Workspace
from oa_desktop.store import payer_list, records
from oa_desktop.store.db import Store
from oa_desktop.ui.kit.roles import ItemRole
from oa_desktop.ui.records.csv_import_dialog import PROBLEMS, CsvImportDialog
from oa_desktop.ui.records.payer_import_dialog import PayerImportDialog
from tests.ui.conftest import Shot

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "workspace"


def test_payer_import_runs_in_a_worker_and_says_what_happened(qtbot: QtBot, store: Store,
                                                              shot: Shot) -> None:
    records.save_payer(store, Payer("Magellan", {"837P": "01260"}))
    dialog = PayerImportDialog(store)
    qtbot.addWidget(dialog)
    dialog.show()
    assert "No payer list has been imported yet" in dialog.current.text()
    assert not dialog.import_button.isEnabled()
    shot(dialog, "payer_import_empty")
    dialog.set_file(FIXTURES / "payer_list_current.csv")
    with qtbot.waitSignal(dialog.imported, timeout=10_000) as signal:
        dialog.import_button.click()
    assert signal.args is not None
    assert dialog.status.text().startswith("Imported 9 payer rows (4 payers; 2 Non-Par).")
    assert "1 of your payers matched the list" in dialog.status.text()
    assert "Current list: 9 rows (4 payers) from payer_list_current.csv" in dialog.current.text()
    assert payer_list.list_size(store) == 9
    assert dialog.close_button.text() == "Close"
    shot(dialog, "payer_import_done")


def test_payer_import_bad_file_shows_message_and_changes_nothing(
    qtbot: QtBot, store: Store, tmp_path: Path, shot: Shot
) -> None:
    bad = tmp_path / "payers.csv"
    bad.write_text("PAYER ID,PAYER NAME\n60054,AETNA\n")
    dialog = PayerImportDialog(store)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.set_file(bad)
    dialog.import_button.click()
    qtbot.waitUntil(lambda: "Nothing was changed" in dialog.status.text(), timeout=10_000)
    assert "payers.csv, row 1 (header): columns TRANSACTION" in dialog.status.text()
    assert "Traceback" not in dialog.status.text()
    assert payer_list.list_size(store) == 0
    assert dialog.import_button.isEnabled()  # can try again
    shot(dialog, "payer_import_error")


def _patients_file(path: Path) -> Path:
    rows = [
        {"account_number": "NEW1", "last_name": "Rivera", "first_name": "Sofia",
         "birth_date": "04/12/2016", "sex": "F", "address_line1": "4410 Oak Hollow Dr",
         "city": "Austin", "state": "TX", "zip_code": "78745", "payer_id": "60054",
         "member_id": "W1", "relationship": "child", "subscriber_last_name": "Rivera",
         "subscriber_first_name": "Ana"},
        {"account_number": "NEW2", "last_name": "Nguyen", "first_name": "Bao",
         "birth_date": "13/45/1980", "sex": "M", "address_line1": "12 Elm St",
         "city": "Austin", "state": "Texas", "zip_code": "78701"},
        {"account_number": "NEW3", "last_name": "Okafor", "first_name": "Ada",
         "birth_date": "02/03/1975", "sex": "F", "address_line1": "88 Lamar Blvd",
         "city": "Austin", "state": "TX", "zip_code": "787011234"},
    ]
    with path.open("w", newline="") as f:
        writer = csv.DictWriter(f, list(csv_import.PATIENT_COLUMNS))
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_csv_preview_highlights_errors_and_imports_valid_rows(
    qtbot: QtBot, demo_workspace: Workspace, tmp_path: Path, qtmodeltester: object, shot: Shot
) -> None:
    store = demo_workspace.store
    before = store.read.table("patients").count
    dialog = CsvImportDialog(store, "patients")
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.import_button.isEnabled()
    dialog.set_file(_patients_file(tmp_path / "patients.csv"))
    qtmodeltester.check(dialog.model)  # type: ignore[attr-defined]
    model = dialog.model
    assert model.rowCount() == 3
    assert model.headerData(PROBLEMS, Qt.Orientation.Horizontal) == "Problems"
    problems = model.index(1, PROBLEMS).data()
    assert "birth_date: '13/45/1980' is not a date" in problems
    assert "state: 'TEXAS' is not a two-letter state code" in problems
    assert model.index(0, PROBLEMS).data() == "OK"
    assert model.index(1, 0).data(ItemRole.OBJECT).number == 3
    assert model.index(1, 3).data(Qt.ItemDataRole.BackgroundRole) is not None
    assert model.index(0, 3).data(Qt.ItemDataRole.BackgroundRole) is None
    assert dialog.import_button.text() == "Import 2 valid rows"
    assert "1 with problems" in dialog.summary.text()
    assert dialog.details.text().startswith("Row 3: birth_date: '13/45/1980' is not a date")
    dialog.table.setCurrentIndex(model.index(0, 0))
    assert dialog.details.text() == ""
    dialog.table.setCurrentIndex(model.index(1, 0))
    assert store.read.table("patients").count == before  # preview wrote nothing
    shot(dialog, "csv_import_patients_preview")
    with qtbot.waitSignal(dialog.imported, timeout=20_000):
        dialog.import_button.click()
    assert store.read.table("patients").count == before + 2
    assert dialog.summary.text() == "Imported 2 patients (1 with insurance)."
    assert dialog.cancel_button.text() == "Close" and not dialog.import_button.isEnabled()
    shot(dialog, "csv_import_patients_done")


def test_csv_cancel_writes_nothing(qtbot: QtBot, demo_workspace: Workspace,
                                   tmp_path: Path) -> None:
    store = demo_workspace.store
    before = store.read.table("patients").count
    dialog = CsvImportDialog(store, "patients")
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.set_file(_patients_file(tmp_path / "patients.csv"))
    dialog.cancel_button.click()
    assert dialog.result() == 0 and not dialog.isVisible()
    assert store.read.table("patients").count == before


def test_csv_unusable_file_and_claims_kind(qtbot: QtBot, demo_workspace: Workspace,
                                           tmp_path: Path, shot: Shot) -> None:
    dialog = CsvImportDialog(demo_workspace.store, "claims")
    qtbot.addWidget(dialog)
    dialog.show()
    shot(dialog, "csv_import_claims_empty")
    wrong = _patients_file(tmp_path / "patients.csv")
    dialog.set_file(wrong)
    assert "patients.csv looks like a patients file, not claims" in dialog.summary.text()
    assert dialog.model.rowCount() == 0 and not dialog.import_button.isEnabled()
    shot(dialog, "csv_import_claims_wrong_file")
    path = tmp_path / "claims.csv"
    with path.open("w", newline="") as f:
        writer = csv.DictWriter(f, list(csv_import.CLAIM_COLUMNS))
        writer.writeheader()
        writer.writerow({"claim_key": "1", "patient_account_number": "HL1000",
                         "diagnosis_codes": "F84.0", "service_date": "10/06/2026",
                         "procedure_code": "97153", "units": "8", "charge": "120.00"})
        writer.writerow({"claim_key": "1", "patient_account_number": "HL1000",
                         "diagnosis_codes": "F84.0", "service_date": "10/07/2026",
                         "procedure_code": "97153", "units": "8", "charge": "120.00"})
    dialog.set_file(path)
    assert dialog.import_button.text() == "Import 2 valid rows"
    shot(dialog, "csv_import_claims_preview")
