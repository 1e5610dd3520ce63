from __future__ import annotations

from pathlib import Path

import openpyxl

from oa_desktop.services.imports.xlsx_reader import iter_rows


def test_reads_what_openpyxl_reads(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    first = book.active
    assert first is not None
    first.title = "Other"
    first.append(["not this sheet"])
    sheet = book.create_sheet("Payers")
    sheet.append(["PAYER NAME", "PAYER ID", "FLAG", "NOTES"])
    sheet.append(["AETNA", 60054, True, 'two\nlines and ""quotes""'])
    sheet["A4"] = "after a gap"
    sheet["D4"] = 1.5
    book.active = 1
    book.save(tmp_path / "t.xlsx")
    assert list(iter_rows(tmp_path / "t.xlsx")) == [
        ["PAYER NAME", "PAYER ID", "FLAG", "NOTES"],
        ["AETNA", "60054", "TRUE", 'two\nlines and ""quotes""'],
        [],
        ["after a gap", "", "", "1.5"],
    ]
