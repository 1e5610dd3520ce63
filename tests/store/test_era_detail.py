"""The ERA claim detail: typed on the way out of the store, the stored JSON unchanged."""

from __future__ import annotations

from oa_desktop.store.era_detail import CasAdjustment, ClaimDetail, EraLine, cas

STORED = (
    '{"adjustments":[["CO","45","12.00",null]],"remarks":["N130"],"dates":{"232":"2026-11-01"},'
    '"lines":[{"procedure":"97153","modifiers":["HN"],"charge":"60.00","paid":"-0.00",'
    '"units":"4.00","allowed":null,"date":"2026-11-01","control":"L1",'
    '"adjustments":[["PR","2","5.00","1.00"]],"remarks":[],"original_procedure":""}],'
    '"frequency":"1","allowed":"48.00"}'
)


def test_the_stored_form_reads_typed_and_writes_back_byte_for_byte() -> None:
    detail = ClaimDetail.from_json(STORED)
    assert detail.adjustments == (CasAdjustment("CO", "45", "12.00"),)
    [line] = detail.lines
    assert isinstance(line, EraLine) and line.code == "97153-HN" and line.paid == "-0.00"
    assert line.adjustments[0].code() == "PR-2" and line.adjustments[0].quantity == "1.00"
    assert [a.code() for a in detail.every_adjustment] == ["CO-45", "PR-2"]
    assert detail.to_json() == STORED


def test_older_rows_without_keys_read_as_empty() -> None:
    detail = ClaimDetail.from_json('{"lines":[{"procedure":"99213","charge":"1.00",'
                                   '"paid":"1.00"}]}')
    assert detail.adjustments == () and detail.remarks == () and detail.allowed is None
    assert detail.lines[0].modifiers == () and detail.lines[0].control == ""
    assert ClaimDetail.from_json("") == ClaimDetail()


def test_the_same_adjustment_is_one_instance() -> None:
    assert cas("CO", "45", "1.00") is cas("CO", "45", "1.00")
    assert cas("CO", "45", "0.00") is not cas("CO", "45", "-0.00")
