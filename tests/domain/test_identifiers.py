from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from oa_desktop.domain import identifiers as ids


@pytest.mark.parametrize("npi", ["1234567893", "1245319599", "1003000126"])
def test_known_good_npis(npi: str) -> None:
    assert ids.is_valid_npi(npi)


@pytest.mark.parametrize(
    "npi", ["1234567890", "123456789", "12345678931", "3234567893", "12345678a3", ""]
)
def test_bad_npis(npi: str) -> None:
    assert not ids.is_valid_npi(npi)


@given(st.from_regex(r"[12]\d{8}", fullmatch=True))
def test_npi_check_digit_round_trip(first_nine: str) -> None:
    npi = first_nine + str(ids.npi_check_digit(first_nine))
    assert ids.is_valid_npi(npi)
    wrong = (int(npi[9]) + 1) % 10
    assert not ids.is_valid_npi(npi[:9] + str(wrong))


@given(st.from_regex(r"[12]\d{8}", fullmatch=True), st.integers(0, 8), st.integers(1, 9))
def test_npi_single_digit_change_is_caught(first_nine: str, position: int, delta: int) -> None:
    npi = first_nine + str(ids.npi_check_digit(first_nine))
    changed = npi[:position] + str((int(npi[position]) + delta) % 10) + npi[position + 1:]
    assert not ids.is_valid_npi(changed) or changed[0] not in "12"


def test_ein() -> None:
    assert ids.is_valid_ein("12-3456789")
    assert ids.is_valid_ein("742345678")
    assert not ids.is_valid_ein("07-3456789")  # never-assigned prefix
    assert not ids.is_valid_ein("1234567")
    assert not ids.is_valid_ein("12345678A")


@pytest.mark.parametrize("code", ["F84.0", "f840", "F4310", "Z3A.10", "S72.001A", "F32"])
def test_icd10_shape_good(code: str) -> None:
    assert ids.is_icd10cm_shape(code)


@pytest.mark.parametrize("code", ["840", "F", "F8", "FF40", "F84.00000", "F84-0"])
def test_icd10_shape_bad(code: str) -> None:
    assert not ids.is_icd10cm_shape(code)


def test_icd10_display() -> None:
    assert ids.display_icd10("f4310") == "F43.10"
    assert ids.display_icd10("F32") == "F32"


@pytest.mark.parametrize("code", ["97153", "90837", "0001F", "0042T", "0001U", "H2019", "G0151"])
def test_procedure_shape_good(code: str) -> None:
    assert ids.is_procedure_shape(code)


@pytest.mark.parametrize("code", ["9715", "971533", "W1234", "H201", "ABCDE"])
def test_procedure_shape_bad(code: str) -> None:
    assert not ids.is_procedure_shape(code)


def test_modifier_and_taxonomy() -> None:
    assert ids.is_modifier_shape("HN") and ids.is_modifier_shape("59")
    assert not ids.is_modifier_shape("HNX")
    assert ids.is_taxonomy_shape("103K00000X") and ids.is_taxonomy_shape("2084P0800X")
    assert not ids.is_taxonomy_shape("103K00000")


def test_place_of_service() -> None:
    assert ids.is_place_of_service("11")
    assert ids.is_place_of_service("02")
    assert not ids.is_place_of_service("00")
    assert not ids.is_place_of_service("9")


def test_pcn() -> None:
    assert ids.is_valid_pcn("C0000001")
    assert not ids.is_valid_pcn("c-1")
    assert not ids.is_valid_pcn("A" * 21)


def test_dates() -> None:
    assert ids.parse_date("11/03/2026") == date(2026, 11, 3)
    assert ids.parse_date("2026-11-03") == date(2026, 11, 3)
    assert ids.parse_date("20261103") == date(2026, 11, 3)
    with pytest.raises(ValueError, match="MM/DD/YYYY"):
        ids.parse_date("02/30/2026")
    assert ids.format_date(date(2026, 1, 5)) == "01/05/2026"


def test_unassigned_place_of_service_codes_are_refused() -> None:
    assert not ids.is_place_of_service("77")  # CMS lists it as UNASSIGNED
    assert ids.is_place_of_service("12")
