"""``oa-desktop sessions import``: --preview changes nothing; XLSX with Excel dates and times."""

from __future__ import annotations

import json
from datetime import datetime, time
from pathlib import Path

import openpyxl
import pytest

from oa_desktop.cli.main import main
from oa_desktop.services.workspace import open_workspace
from oa_desktop.store import claims
from tests.services.sessions.helpers import CR_HEADER, practice, timesheet_rows, write_csv


def _data(tmp_path: Path) -> Path:
    workspace = open_workspace(tmp_path / "data")
    practice(workspace.store)
    workspace.close()
    return tmp_path / "data"


def _claims(data: Path) -> int:
    workspace = open_workspace(data)
    try:
        return claims.claim_count(workspace.store)
    finally:
        workspace.close()


def test_preview_json_then_import(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = _data(tmp_path)
    path = write_csv(tmp_path / "t.csv", timesheet_rows(3))
    base = ["--data-dir", str(data), "sessions", "import", str(path)]
    assert main([*base, "--preview", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    (claim,) = out["claims"]
    assert out["preview"] is True and out["created_claims"] == 0
    assert claim["patient"] == "KID0, ALEX" and claim["authorization"] == "AUTH-9"
    assert claim["lines"][0] | {"row": 0} == {
        "date": "2026-11-02", "start": "09:00", "procedure": "97153", "modifiers": [],
        "minutes": 180, "units": "12", "rule": "cms8", "charge": "240.00",
        "authorization": "AUTH-9", "row": 0}
    assert _claims(data) == 0
    assert main(base) == 0
    assert "Imported 3 sessions as 1 draft claims." in capsys.readouterr().out
    assert main(base) == 0  # again: every session is a duplicate
    captured = capsys.readouterr()
    assert "Imported 0 sessions" in captured.out and "imported before" in captured.err
    assert _claims(data) == 1


def test_xlsx_with_excel_dates_and_times(tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    data = _data(tmp_path)
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(CR_HEADER)
    for row in timesheet_rows(2):
        cells: list[object] = list(row)
        cells[3] = datetime.strptime(row[3], "%m/%d/%Y")
        cells[4], cells[5], cells[6] = time(9, 0), time(9, 53), ""  # minutes from the times
        sheet.append(cells)
    book.save(tmp_path / "t.xlsx")
    assert main(["--data-dir", str(data), "sessions", "import", str(tmp_path / "t.xlsx"),
                 "--preview", "--json"]) == 0
    (claim,) = json.loads(capsys.readouterr().out)["claims"]
    assert [(ln["date"], ln["minutes"], ln["units"]) for ln in claim["lines"]] == [
        ("2026-11-02", 53, "4"), ("2026-11-03", 53, "4")]


def test_unreadable_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = _data(tmp_path)
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    assert main(["--data-dir", str(data), "sessions", "import", str(empty)]) == 2
    assert "empty" in capsys.readouterr().err
