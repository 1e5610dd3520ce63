"""``x12 validate`` on 999 / 997 structure, and ISB / ISE as legal interchange segments."""

from __future__ import annotations

from pathlib import Path

import pytest

from oa_desktop.x12.parse import parse_text
from oa_desktop.x12.validate import validate
from tests.x12.handmade import group, interchange, transaction


def _ack(body: list[str], set_type: str = "999") -> str:
    version = "005010X231A1" if set_type == "999" else "005010X230"
    return interchange([group("FA", "201", [transaction(set_type, "0001", body)], version)])


def _lines(text: str) -> list[str]:
    return [f.line() for f in validate(parse_text(text), text.encode("latin-1"))
            if f.severity == "error"]


GOOD = ["AK1*HC*7*005010X222A1", "AK2*837*0003*005010X222A1", "IK5*R*5",
        "AK2*837*0004*005010X222A1", "IK5*A", "AK9*P*2*2*1"]


def test_a_consistent_999_has_no_findings() -> None:
    assert _lines(_ack(GOOD)) == []


@pytest.mark.parametrize(("body", "expected"), [
    (GOOD[1:], "segment 3 (ST): the acknowledgment has no AK1"),
    (GOOD[:-1], "segment 9 (SE): the acknowledgment has no AK9"),
    (["AK1*HC**005010X222A1", *GOOD[1:]], "segment 4 (AK1) element 2: AK102"),
    ([*GOOD[:-1], "AK9*P*3*3*1"], "segment 9 (AK9) element 2: AK902 says 3 sets; the "
                                  "acknowledgment answers 2"),
    ([*GOOD[:-1], "AK9*P*2*2*2"], "segment 9 (AK9) element 4: AK904 says 2 sets accepted; "
                                  "the AK2 loops accept 1"),
    ([*GOOD[:-1], "AK9*P*2*3*1"], "segment 9 (AK9) element 3: AK903 says 3"),
    ([*GOOD[:-1], "AK9*A*2*2*1"], "segment 9 (AK9) element 1: AK901 'A'"),
    ([*GOOD[:-1], "AK9*P*2*X*1"], "segment 9 (AK9) element 3: AK903 'X' is not a number"),
    ([*GOOD[:2], *GOOD[3:]], "segment 5 (AK2): set '0003' has no IK5"),
    ([*GOOD[:-1], "AK9*P*2*2*1", "AK2*837*0005"], "segment 9 (AK9): AK9 must be the last"),
])
def test_999_structure_findings(body: list[str], expected: str) -> None:
    assert any(line.startswith(expected) for line in _lines(_ack(body))), _lines(_ack(body))


def test_997_names_ak5() -> None:
    body = ["AK1*HC*8", "AK2*837*0005", "AK3*CLM*22**8", "AK9*R*1*1*0"]
    assert _lines(_ack(body, "997")) == ["segment 5 (AK2): set '0005' has no AK5 (its verdict)"]


def test_isb_and_ise_are_legal_after_the_isa(tmp_path: Path) -> None:
    text = _ack(GOOD).replace("GS*FA", "ISB*1~ISE*20261121*0930*11~GS*FA", 1)
    result = parse_text(text)
    assert validate(result, text.encode()) == []
    from oa_desktop.cli import x12 as cli_x12
    path = tmp_path / "ack.999"
    path.write_text(text)
    assert cli_x12.main(["x12", "validate", str(path)]) == 0


def test_isb_inside_a_group_is_reported() -> None:
    text = _ack(GOOD).replace("ST*999", "ISB*1~ST*999", 1)
    assert any("ISB belongs between the ISA and the first GS" in line
               for line in _lines(text))


def test_a_group_error_may_reject_a_group_whose_sets_were_accepted() -> None:
    body = [*GOOD[:-1], "AK9*R*2*2*1*4"]
    assert _lines(_ack(body)) == []
    assert any("AK901 'R'" in line for line in _lines(_ack([*GOOD[:-1], "AK9*R*2*2*1"])))
