from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from oa_desktop.cli import x12 as cli_x12
from tests.x12.conftest import fixture


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli_x12.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_register_adds_the_x12_group() -> None:
    parser = argparse.ArgumentParser()
    cli_x12.register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["x12", "parse", "f.835", "--json"])
    assert args.func is cli_x12.parse_command and args.json
    assert parser.parse_args(["x12", "validate", "f"]).func is cli_x12.validate_command


def test_parse_json_835_shape(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "x12", "parse", str(fixture("era_basic.835")), "--json")
    assert code == 0 and err == ""
    [era] = json.loads(out)["transactions"]
    assert set(era) == {"type", "control_number", "payment", "claims", "provider_adjustments",
                        "balanced", "balance_errors"}
    assert era["payment"] == {
        "amount": "245.00", "method": "ACH", "date": "2026-11-21", "trace_number": "EFT12345",
        "payer": {"name": "ACME HEALTH PLAN", "id": "ACME01"},
        "payee": {"name": "BRIGHT PATH THERAPY", "npi": era["payment"]["payee"]["npi"],
                  "tax_id": "123456789"}}
    claim = era["claims"][0]
    assert set(claim) == {"patient_control_number", "status_code", "charge", "paid",
                          "patient_responsibility", "payer_claim_number", "patient",
                          "adjustments", "lines"}
    assert (claim["charge"], claim["paid"], claim["patient_responsibility"]) == (
        "360.00", "200.00", "30.00")
    assert claim["patient"] == {"last": "DOE", "first": "JANE", "member_id": "XYZ123456"}
    line = claim["lines"][1]
    assert set(line) == {"procedure", "modifiers", "charge", "paid", "units", "service_date",
                         "control_number", "adjustments", "remarks"}
    assert (line["procedure"], line["modifiers"], line["service_date"], line["remarks"]) == (
        "90837", ["HO"], "2026-11-03", ["N130"])
    assert line["adjustments"] == [{"group": "CO", "reason": "45", "amount": "80.00",
                                    "quantity": None}]
    assert era["provider_adjustments"] == [{"reason": "WO", "reference": "PCN9001",
                                            "amount": "5.00"}]
    assert era["balanced"] is True and era["balance_errors"] == []


def test_parse_json_999_277_837_shapes(capsys: pytest.CaptureFixture[str],
                                       tmp_path: Path) -> None:
    _, out, _ = run(capsys, "x12", "parse", str(fixture("ack_partial.999")), "--json")
    [ack] = json.loads(out)["transactions"]
    assert (ack["type"], ack["group_control_number"], ack["status"]) == ("999", "7", "P")
    error = ack["sets"][0]["errors"][0]
    assert set(error) == {"segment", "position", "loop", "code", "element", "element_code",
                          "text"}
    assert (error["segment"], error["element"], error["element_code"]) == ("NM1", "9", "7")
    _, out, _ = run(capsys, "x12", "parse", str(fixture("status_277ca.277")), "--json")
    [report] = json.loads(out)["transactions"]
    assert report["type"] == "277"
    claim = report["claims"][0]
    assert (claim["patient_control_number"], claim["payer_claim_number"],
            claim["clearinghouse_trace"], claim["charge"]) == ("C1001", "OA123456789",
                                                               "CLH555", "360.00")
    assert set(claim["statuses"][0]) == {"category", "code", "entity", "date", "text"}
    from oa_desktop.x12.write_837p import write_837p
    from tests.x12.factories import CREATED, NUMBERS, simple_submission
    path = tmp_path / "batch.837"
    path.write_text(write_837p(simple_submission(), NUMBERS, CREATED))
    _, out, _ = run(capsys, "x12", "parse", str(path), "--json")
    assert json.loads(out) == {"transactions": [{"type": "837", "control_number": "0003",
                                                 "claims": [
        {"patient_control_number": "C1001", "charge": "360.00", "lines": 2},
        {"patient_control_number": "C1002", "charge": "540.00", "lines": 3},
        {"patient_control_number": "C1003", "charge": "360.00", "lines": 2}]}]}


def test_validate_prints_one_finding_per_line(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "x12", "validate", str(fixture("era_unbalanced.835")))
    assert code == 1
    lines = out.splitlines()
    assert len(lines) == 3
    assert lines[0].startswith("segment 42 (SVC): claim C1004 line 99213")
    code, out, _ = run(capsys, "x12", "validate", str(fixture("era_bad_counts.835")))
    assert code == 1 and out.splitlines()[0].startswith("segment 46 (SE) element 1: SE01")
    assert run(capsys, "x12", "validate", str(fixture("era_basic.835")))[0] == 0


def test_malformed_and_unreadable_exit_2_without_traceback(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, err = run(capsys, "x12", "parse", str(fixture("era_truncated.835")), "--json")
    assert code == 2 and out == ""
    assert err.startswith("error: segment 3 (ST) at byte") and "Traceback" not in err
    assert len(err.strip().splitlines()) <= 2
    code, _, err = run(capsys, "x12", "validate", str(tmp_path / "missing.835"))
    assert code == 2 and "cannot be read" in err
    (tmp_path / "notes.txt").write_text("hello")
    assert run(capsys, "x12", "parse", str(tmp_path / "notes.txt"))[0] == 2


def test_plain_parse_prints_a_summary(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "x12", "parse", str(fixture("two_interchanges.x12")))
    assert code == 0
    assert out.splitlines() == ["999 control number 0001: 2 sets",
                                "835 control number 0001: 4 claims"]
