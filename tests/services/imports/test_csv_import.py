from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

from oa_desktop.errors import InputError
from oa_desktop.services.imports import csv_import
from oa_desktop.services.workspace import Workspace
from oa_desktop.store import claims, records
from oa_desktop.store.db import Store
from tests.conftest import DEMO_DAY

PATIENT_HEADER = list(csv_import.PATIENT_COLUMNS)
CLAIM_HEADER = list(csv_import.CLAIM_COLUMNS)


def write(path: Path, header: list[str], rows: list[dict[str, str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, header)
        writer.writeheader()
        writer.writerows(rows)
    return path


def patient(**changes: str) -> dict[str, str]:
    row = {"account_number": "NEW1", "last_name": "Rivera", "first_name": "Sofia",
           "birth_date": "04/12/2016", "sex": "F", "address_line1": "4410 Oak Hollow Dr",
           "city": "Austin", "state": "TX", "zip_code": "78745", "payer_id": "60054",
           "member_id": "W1", "relationship": "child", "subscriber_last_name": "Rivera",
           "subscriber_first_name": "Ana"}
    row.update(changes)
    return row


def counts(store: Store) -> tuple[int, int, int]:
    db = store.read
    return (db.table("patients").count, db.table("coverages").count, db.table("claims").count)


def test_templates_are_documented_and_preview_cleanly() -> None:
    readme = csv_import.template_path("patients").with_name("README.md").read_text()
    for column in csv_import.PATIENT_COLUMNS + csv_import.CLAIM_COLUMNS:
        assert f"`{column}`" in readme, column
    result = csv_import.preview(csv_import.template_path("patients"), today=DEMO_DAY)
    assert result.kind == "patients" and len(result.rows) == 1 and result.errors == []
    result = csv_import.preview(csv_import.template_path("claims"), today=DEMO_DAY)
    assert result.kind == "claims" and result.errors == []


def test_patient_preview_errors_name_row_and_column(demo_workspace: Workspace,
                                                    tmp_path: Path) -> None:
    store = demo_workspace.store
    path = write(tmp_path / "p.csv", PATIENT_HEADER, [
        patient(),
        patient(account_number="NEW2", birth_date="13/45/2010", sex="X"),
        patient(account_number="NEW1"),  # twice in the file
        patient(account_number="HL1000"),  # exists in the demo
        patient(account_number="NEW3", payer_id="NOPE1", zip_code="7874"),
        patient(account_number="NEW4", relationship="self", subscriber_last_name="",
                subscriber_first_name=""),
    ])
    before = counts(store)
    result = csv_import.preview(path, "patients", store, today=DEMO_DAY)
    assert counts(store) == before  # preview writes nothing
    assert [r.number for r in result.valid_rows] == [2, 7]
    messages = {(e.row, e.column): e.message for e in result.errors}
    assert messages[(3, "birth_date")] == "'13/45/2010' is not a date; use MM/DD/YYYY"
    assert "is not one of F, FEMALE, M, MALE, U, UNKNOWN" in messages[(3, "sex")]
    assert messages[(4, "account_number")] == "NEW1 appears twice in this file"
    assert "already exists" in messages[(5, "account_number")]
    assert "no payer with payer ID NOPE1" in messages[(6, "payer_id")]
    assert (6, "zip_code") in messages
    assert str(result.errors[0]).startswith("Row 3, birth_date:")


def test_commit_imports_only_valid_rows(demo_workspace: Workspace, tmp_path: Path) -> None:
    store = demo_workspace.store
    path = write(tmp_path / "p.csv", PATIENT_HEADER, [
        patient(), patient(account_number="NEW2", last_name=""),
        patient(account_number="NEW3", payer_id="", member_id=""),
    ])
    before = counts(store)
    result = csv_import.preview(path, "patients", store, today=DEMO_DAY)
    done = csv_import.commit(store, result)
    assert (done.patients, done.coverages) == (2, 1)
    assert done.summary == "Imported 2 patients (1 with insurance)."
    assert counts(store) == (before[0] + 2, before[1] + 1, before[2])
    new = store.read.execute("SELECT id FROM patients WHERE account_number = 'NEW1'").fetchone()
    [coverage] = records.list_coverages(store, new[0])
    assert coverage.subscriber is not None and coverage.subscriber.first_name == "ANA"
    assert records.get_payer(store, coverage.payer_id).claim_payer_id == "60054"


def claim_row(**changes: str) -> dict[str, str]:
    row = {"claim_key": "A", "patient_account_number": "HL1000",
           "diagnosis_codes": "F84.0; F41.1", "service_date": "10/06/2026",
           "procedure_code": "97153", "modifiers": "HN", "units": "8", "charge": "120.00",
           "diagnosis_pointers": "1,2"}
    row.update(changes)
    return row


def test_claims_preview_and_commit(demo_workspace: Workspace, tmp_path: Path) -> None:
    store = demo_workspace.store
    path = write(tmp_path / "c.csv", CLAIM_HEADER, [
        claim_row(),
        claim_row(service_date="10/07/2026"),
        claim_row(claim_key="B", patient_account_number="HL1001"),
        claim_row(claim_key="B", procedure_code="9715", service_date="10/08/2026"),
        claim_row(claim_key="C", patient_account_number="NOBODY"),
        claim_row(claim_key="D", diagnosis_pointers="3", units="0", charge="abc"),
        claim_row(claim_key="E", service_date="12/01/2026", rendering_npi="1234567890"),
        claim_row(claim_key="F", patient_account_number="HL1002", place_of_service="12"),
        claim_row(claim_key="F", patient_account_number="HL1003", service_date="10/09/2026"),
    ])
    before = counts(store)
    result = csv_import.preview(path, store=store, today=DEMO_DAY)
    assert result.kind == "claims" and counts(store) == before
    assert [r.number for r in result.valid_rows] == [2, 3]
    messages = {(e.row, e.column): e.message for e in result.errors}
    assert messages[(5, "procedure_code")] == "9715 is not a CPT or HCPCS code"
    assert messages[(4, "claim_key")] == "not imported: row 5 of the same claim B has an error"
    assert messages[(6, "patient_account_number")] == "no patient with account number NOBODY"
    assert "points to no diagnosis" in messages[(7, "diagnosis_pointers")]
    assert messages[(7, "units")] == "must be more than zero"
    assert messages[(7, "charge")] == "'abc' is not a number"
    assert messages[(8, "service_date")] == "12/01/2026 is in the future"
    assert messages[(8, "rendering_npi")] == "1234567890 is not a valid NPI"
    assert "differs from row 9 of the same claim F" in messages[(10, "patient_account_number")]
    assert "place_of_service" in {e.column for e in result.errors if e.row == 10}

    done = csv_import.commit(store, result)
    assert (done.claims, done.lines) == (1, 2)
    assert counts(store)[2] == before[2] + 1
    row = store.read.execute("SELECT id FROM claims ORDER BY id DESC LIMIT 1").fetchone()
    claim = claims.get_claim(store, row[0])
    assert claim.status == "draft" and claim.diagnoses == ["F840", "F411"]
    assert [line.service_date for line in claim.lines] == [date(2026, 10, 6), date(2026, 10, 7)]
    assert claim.lines[0].modifiers == ("HN",) and claim.lines[0].diagnosis_pointers == (1, 2)
    assert claim.lines[1].control_number == f"{claim.patient_control_number}L2"


def test_without_store_references_are_checked_at_commit(demo_workspace: Workspace,
                                                        tmp_path: Path) -> None:
    path = write(tmp_path / "c.csv", CLAIM_HEADER, [
        claim_row(), claim_row(claim_key="Z", patient_account_number="NOBODY")])
    result = csv_import.preview(path, today=DEMO_DAY)
    assert len(result.valid_rows) == 2
    done = csv_import.commit(demo_workspace.store, result)
    assert (done.claims, done.skipped_rows) == (1, 1)
    assert done.summary == "Imported 1 claim (1 service line) as drafts; 1 row skipped."


@pytest.mark.parametrize(("content", "message"), [
    ("", "is empty"),
    ("last_name,first_name\nDOE,JANE\n", "columns birth_date, sex, address_line1"),
    ("claim_key,patient_account_number\n1,HL1\n", "columns diagnosis_codes"),
])
def test_unusable_file(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "x.csv"
    path.write_text(content)
    with pytest.raises(InputError, match=message):
        csv_import.preview(path)
