from __future__ import annotations

import csv
from pathlib import Path

import pytest

from oa_desktop.domain.codes import load_code_list
from oa_desktop.x12.code_lists import build, merge_rows, status_text, text
from tests.x12.conftest import REPO, SHARED_CODES


def test_unknown_code_says_so() -> None:
    assert text("carc", "9999") == "code 9999 (no description in this version)"
    assert text("claim_status", "99999") == "code 99999 (no description in this version)"


def test_known_codes_have_text() -> None:
    assert text("carc", "45").startswith("Charge exceeds fee schedule")
    assert text("rarc", "N130").startswith("Consult plan benefit documents")
    assert text("claim_adjustment_group", "PR").startswith("Patient Responsibility")
    assert text("999_ik501", "R") == "Rejected"
    assert "Billing Provider" in status_text("A7", "562", "85")


def test_merge_prefers_the_newer_wording_and_keeps_dates() -> None:
    dated = [{"code": "1", "description": "old", "start_date": "1995-01-01", "stop_date": ""},
             {"code": "2", "description": "only old", "start_date": "", "stop_date": "2010-01-01"}]
    newer = [{"code": "1", "description": "new"}, {"code": "3", "description": "brand new"}]
    rows = {r["code"]: r for r in merge_rows(dated, newer, "a", "b")}
    assert rows["1"] == {"code": "1", "description": "new", "start_date": "1995-01-01",
                         "stop_date": "", "source": "b"}
    assert rows["2"]["description"] == "only old" and rows["2"]["stop_date"] == "2010-01-01"
    assert rows["3"]["source"] == "b" and rows["3"]["start_date"] == ""


def test_shipped_lists_and_notice() -> None:
    codes = REPO / "oa_desktop" / "codes"
    notice = (codes / "NOTICE").read_text()
    for credit in ("OpenEMR", "stupidedi", "hippo", "beneficiary-fhir-data", "GPL-3.0"):
        assert credit in notice
    for name in ("carc", "rarc", "claim_status", "claim_status_category", "999_ik304"):
        assert load_code_list(name)
    with (codes / "carc.csv").open(encoding="utf-8") as handle:
        header = next(csv.reader(handle))
    assert header == ["code", "description", "start_date", "stop_date", "source"]


def test_shipped_lists_are_the_merge_of_shared_codes(tmp_path: Path) -> None:
    if not SHARED_CODES.is_dir():
        pytest.skip("../shared/codes is absent")
    build(SHARED_CODES, tmp_path)
    for built in tmp_path.glob("*.csv"):
        shipped = REPO / "oa_desktop" / "codes" / built.name
        assert shipped.read_text(encoding="utf-8") == built.read_text(encoding="utf-8")
