from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from oa_desktop.domain.money import format_money, from_cents, money_text, to_cents, to_money


def test_rounding_is_half_up_to_cents() -> None:
    assert to_money("1.005") == Decimal("1.01")
    assert to_money("1,234.5") == Decimal("1234.50")


def test_float_is_refused() -> None:
    with pytest.raises(TypeError):
        to_money(1.5)  # type: ignore[arg-type]


def test_not_money() -> None:
    with pytest.raises(ValueError):
        to_money("abc")
    with pytest.raises(ValueError):
        to_money("NaN")


def test_display() -> None:
    assert format_money(Decimal("1234.5")) == "$1,234.50"
    assert format_money(Decimal("-12")) == "-$12.00"
    assert money_text(Decimal("123.4")) == "123.40"


@given(st.integers(-10**12, 10**12))
def test_cents_round_trip(cents: int) -> None:
    assert to_cents(from_cents(cents)) == cents


def test_absurdly_large_amount_is_refused_plainly() -> None:
    with pytest.raises(ValueError, match="too large"):
        to_money("9" * 40)


@given(st.integers(-10**27, 10**27))
def test_from_cents_is_the_exact_amount_with_two_decimals(cents: int) -> None:
    amount = from_cents(cents)
    assert amount.as_tuple().exponent == -2
    assert amount == Decimal(cents) / 100
    assert str(amount) == str((Decimal(cents) / 100).quantize(Decimal("0.01")))
