"""One set's error stays in its set: the other sets of the file are read and usable."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from oa_desktop.cli import x12 as cli_x12
from oa_desktop.x12.model_835 import Remittance835
from oa_desktop.x12.parse import UnreadableSet, parse_text
from tests.x12.handmade import era_835, era_claim, era_file

FIRST = era_835("0001", [era_claim("C1")], "100")
SECOND = era_835("0002", [era_claim("C2"), era_claim("C3")], "200")


def test_a_wrong_se_count_marks_only_its_set() -> None:
    result = parse_text(era_file(FIRST.replace("SE*15*0001", "SE*99*0001"), SECOND))
    [bad] = result.bad_sets
    assert (bad.index, bad.set_id, bad.control_number, bad.first_number) == (0, "835", "0001", 3)
    assert "SE01 says '99'" in bad.line()
    assert result.set_findings(1) == [] and result.file_findings == []
    assert all(isinstance(t, Remittance835) for t in result.transactions)


def test_a_set_without_its_se_is_unreadable_and_the_next_is_read() -> None:
    result = parse_text(era_file(FIRST.replace("SE*15*0001~", ""), SECOND))
    first, second = result.transactions
    assert isinstance(first, UnreadableSet) and first.control_number == "0001"
    assert isinstance(second, Remittance835)
    assert [c.patient_control_number for c in second.claims] == ["C2", "C3"]
    assert second.balanced
    [bad] = result.bad_sets
    assert bad.control_number == "0001"
    assert "has no SE (the ST of segment 17 comes first)" in bad.line()


def test_a_last_set_without_its_se_closes_at_the_ge() -> None:
    result = parse_text(era_file(FIRST, SECOND.replace("SE*21*0002~", "")))
    first, second = result.transactions
    assert isinstance(first, Remittance835) and isinstance(second, UnreadableSet)
    assert [b.control_number for b in result.bad_sets] == ["0002"]


def test_a_segment_out_of_place_in_one_set_leaves_the_others_readable(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = era_file(FIRST.replace("LX*1~", "LX*1~SVC*HC:90837*1*1~"), SECOND)
    text = text.replace("SE*15*0001", "SE*16*0001")
    result = parse_text(text)
    first, second = result.transactions
    assert isinstance(first, UnreadableSet) and "outside a claim" in first.reason
    assert isinstance(second, Remittance835) and len(second.claims) == 2
    [bad] = result.bad_sets
    assert bad.errors[0].segment_id == "SVC"
    path = tmp_path / "two.835"
    path.write_text(text)
    assert cli_x12.main(["x12", "parse", str(path), "--json"]) == 0
    out, err = capsys.readouterr()
    first_json, second_json = json.loads(out)["transactions"]
    assert first_json["type"] == "835" and "outside a claim" in first_json["unreadable"]
    assert len(second_json["claims"]) == 2
    assert "warning: set 0001 (835, from segment 3)" in err


@pytest.mark.parametrize(("broken", "words"), [
    (FIRST.replace("SE*15*0001~", ""), "has no SE"),
    (FIRST.replace("SE*15*0001", "SE*99*0001"), "SE01 says '99'"),
    (FIRST.replace("SE*15*0001", "SE*15*0007"), "SE02 '0007' does not match ST02 '0001'"),
    (FIRST.replace("LX*1~", "LX*1~C@P*1~").replace("SE*15*", "SE*16*"), "not a segment id"),
])
def test_parse_and_validate_json_name_the_bad_set(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], broken: str, words: str) -> None:
    path = tmp_path / "two.835"
    path.write_text(era_file(broken, SECOND))
    assert cli_x12.main(["x12", "parse", str(path), "--json"]) == 0
    parsed = json.loads(capsys.readouterr().out)
    [bad] = parsed["bad_sets"]
    assert (bad["set_id"], bad["control_number"], bad["st_segment"]) == ("835", "0001", 3)
    assert words in bad["problem"] and "corrected copy" in bad["next_step"]
    assert len(parsed["transactions"][1]["claims"]) == 2  # the other set is read
    assert cli_x12.main(["x12", "validate", str(path), "--json"]) == 1
    checked = json.loads(capsys.readouterr().out)
    assert checked["bad_sets"] == parsed["bad_sets"]
    assert any(words in f["message"] for f in checked["findings"])
    assert cli_x12.main(["x12", "validate", str(path)]) == 1
    out = capsys.readouterr().out
    assert "bad set: set 0001 (835, from segment 3)" in out and words in out


def test_a_clean_file_has_no_bad_sets_in_its_json(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "two.835"
    path.write_text(era_file(FIRST, SECOND))
    assert cli_x12.main(["x12", "parse", str(path), "--json"]) == 0
    assert "bad_sets" not in json.loads(capsys.readouterr().out)
    assert cli_x12.main(["x12", "validate", str(path), "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"findings": [], "bad_sets": []}
