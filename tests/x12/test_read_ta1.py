"""TA1: read and shown, alone in a file or beside transaction sets."""

from __future__ import annotations

import json
from datetime import date, time
from pathlib import Path

import pytest

from oa_desktop.cli import x12 as cli_x12
from oa_desktop.x12.parse import parse_text
from tests.x12.handmade import group, interchange, isa, transaction

ONLY_TA1 = (isa("000000555", "330897513", "SUB12345")
            + "TA1*000000101*261120*0931*R*006~IEA*0*000000555~")


def test_a_file_of_only_a_ta1_parses() -> None:
    result = parse_text(ONLY_TA1)
    assert result.transactions == [] and result.errors == []
    [ack] = result.interchange_acks
    assert (ack.control_number, ack.interchange_control_number) == ("000000101", 101)
    assert (ack.date, ack.time, ack.status, ack.note_code) == (
        date(2026, 11, 20), time(9, 31), "R", "006")
    assert ack.rejected and ack.receiver_id == "SUB12345"
    assert ack.text == "The sender ID is not valid"
    assert ack.status_text.startswith("Rejected")


def test_parse_json_shows_the_ta1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "answer.ta1"
    path.write_text(ONLY_TA1)
    assert cli_x12.main(["x12", "parse", str(path), "--json"]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    assert json.loads(out) == {"transactions": [{
        "type": "TA1", "control_number": "000000101", "date": "2026-11-20", "status": "R",
        "status_text": "Rejected: the whole file was rejected because of errors in its "
                       "envelope",
        "note_code": "006", "text": "The sender ID is not valid"}]}
    assert cli_x12.main(["x12", "parse", str(path)]) == 0
    assert capsys.readouterr().out.startswith("TA1 for file 000000101: Rejected")
    assert cli_x12.main(["x12", "validate", str(path)]) == 0


def test_a_ta1_beside_a_999_comes_first_in_file_order(capsys: pytest.CaptureFixture[str],
                                                      tmp_path: Path) -> None:
    ack = transaction("999", "0001", ["AK1*HC*7*005010X222A1", "AK9*A*1*1*1"])
    text = interchange([group("FA", "201", [ack], "005010X231A1")],
                       before=["TA1*000000101*261120*0931*A*000"])
    result = parse_text(text)
    assert [a.status for a in result.interchange_acks] == ["A"]
    assert len(result.transactions) == 1
    path = tmp_path / "both.999"
    path.write_text(text)
    assert cli_x12.main(["x12", "parse", str(path), "--json"]) == 0
    types = [t["type"] for t in json.loads(capsys.readouterr().out)["transactions"]]
    assert types == ["TA1", "999"]


def test_a_bad_ta1_date_is_a_warning_and_the_codes_stay() -> None:
    result = parse_text(ONLY_TA1.replace("*261120*0931*", "*26X120*0931*"))
    [ack] = result.interchange_acks
    assert (ack.date, ack.status, ack.note_code) == (None, "R", "006")
    [warning] = result.findings
    assert (warning.severity, warning.segment_id, warning.element) == ("warning", "TA1", 2)
