from __future__ import annotations

import pytest

from oa_desktop.x12.errors import X12Error
from oa_desktop.x12.parse import parse_bytes, parse_file
from oa_desktop.x12.to_json import result_json
from oa_desktop.x12.tokenizer import tokenize
from tests.x12.conftest import fixture


def test_delimiters_come_from_the_isa() -> None:
    doc = tokenize(fixture("era_basic.835").read_bytes())
    d = doc.delimiters
    assert (d.element, d.component, d.repetition, d.segment) == ("*", ":", "^", "~")
    assert not doc.findings
    ts = doc.transactions[0]
    assert (ts.set_id, ts.control_number, ts.first_number) == ("835", "0001", 3)
    assert ts.envelope.isa_control_number == "000000101"
    assert ts.envelope.group_control_number == "101"
    assert ts.segments[0][0] == "ST" and ts.segments[-1][0] == "SE"
    assert len(ts.segments) == ts.count


def test_other_delimiters_and_a_short_isa_are_scanned() -> None:
    doc = tokenize(fixture("era_alt_delims.835").read_bytes())
    d = doc.delimiters
    assert (d.element, d.component, d.repetition, d.segment) == ("|", ">", "^", "!")
    assert any("not 106" in f.message for f in doc.findings)
    result = parse_file(fixture("era_alt_delims.835"))
    assert result.transactions[0].claims[0].lines[1].modifiers == ("HO",)  # type: ignore[union-attr]


def test_bom_text_before_isa_and_crlf_are_tolerated() -> None:
    plain = parse_file(fixture("era_basic.835"))
    noisy = parse_file(fixture("era_bom_crlf.835"))
    assert noisy.transactions == plain.transactions
    assert not noisy.errors


def test_bare_st_file_uses_default_delimiters() -> None:
    result = parse_file(fixture("era_bare.835"))
    full = parse_file(fixture("era_basic.835"))
    assert result_json(result) == result_json(full)
    assert [f.severity for f in result.findings] == ["warning"]


def test_several_interchanges_in_one_file() -> None:
    result = parse_file(fixture("two_interchanges.x12"))
    assert [type(t).__name__ for t in result.transactions] == ["Acknowledgment999",
                                                               "Remittance835"]
    assert [s.envelope.isa_control_number for s in result.sets] == ["000000201", "000000103"]
    assert not result.errors


def test_envelope_counts_and_control_numbers_are_reported_with_positions() -> None:
    result = parse_file(fixture("era_bad_counts.835"))
    lines = [f.line() for f in result.errors]
    assert lines == [
        "segment 46 (SE) element 1: SE01 says '944' segments; the set has 44",
        "segment 47 (GE) element 1: GE01 says '2' transaction sets; the group has 1",
        "segment 48 (IEA) element 2: IEA02 '000000999' does not match ISA13 '000000101'",
    ]


def test_truncated_file_raises_with_position() -> None:
    with pytest.raises(X12Error) as info:
        parse_file(fixture("era_truncated.835"))
    assert info.value.segment_number == 3 and info.value.segment_id == "ST"
    assert info.value.offset is not None and info.value.offset > 100
    assert "no SE" in str(info.value)


@pytest.mark.parametrize("data", [b"", b"hello world", b"ISA", b"\xff\xfe\x00", b"GS*", b"ST"])
def test_non_x12_raises_the_one_error_type(data: bytes) -> None:
    with pytest.raises(X12Error):
        parse_bytes(data)


def test_bad_value_raises_with_segment_element_and_offset() -> None:
    text = fixture("era_basic.835").read_text().replace("CLP*C1004*1*120", "CLP*C1004*1*12X")
    with pytest.raises(X12Error) as info:
        parse_bytes(text.encode())
    err = info.value
    assert (err.segment_number, err.segment_id, err.element) == (40, "CLP", 3)
    assert err.offset == text.index("CLP*C1004")
    assert "segment 40 (CLP) element 3" in str(err)


def test_unreadable_value_in_a_kept_segment_is_a_finding() -> None:
    text = fixture("era_basic.835").read_text().replace("CAS*PR*3*20", "CAS*PR*3*2O")
    result = parse_bytes(text.encode())
    assert [f.line() for f in result.errors][0].startswith("segment 44 (CAS) element 3:")
    era = result.transactions[0]
    assert ["CAS", "PR", "3", "2O"] in era.claims[3].lines[0].other_segments  # type: ignore[union-attr]
    assert not era.balanced  # type: ignore[union-attr]


def test_bad_segment_ids_are_reported() -> None:
    text = fixture("era_basic.835").read_text().replace("TS3*", "ts3*")
    result = parse_bytes(text.encode())
    assert any(f.segment_number == 15 and "is not a segment id" in f.message
               for f in result.errors)


def test_an_amount_with_too_many_digits_is_an_x12_error() -> None:
    """Found by fuzzing: a 34-digit SVC02 overflowed Decimal instead of raising X12Error."""
    import pytest

    from oa_desktop.x12.errors import X12Error
    from oa_desktop.x12.parse import parse_bytes

    text = (
        "ISA*00*          *00*          *ZZ*SENDERID       *ZZ*RECEIVERID     *260121*1400*^*"
        "00501*000000001*0*P*:~GS*HP*SENDERID*RECEIVERID*20260121*1400*1*X*005010X221A1~"
        "ST*835*0001~BPR*I*100*C*CHK************20260121~TRN*1*CHK1*1999999999~"
        "N1*PR*FAKE PAYER~N1*PE*PROVIDER*XX*1234567893~LX*1~CLP*PCN1*1*100*100**12*X1~"
        "SVC*HC:99214*" + "9" * 34 + "*100**1~SE*10*0001~GE*1*1~IEA*1*000000001~"
    )
    with pytest.raises(X12Error, match="more digits"):
        parse_bytes(text.encode())
