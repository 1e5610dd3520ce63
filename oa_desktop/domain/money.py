"""Money is Decimal in the domain and integer cents in storage. Never float."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

CENT = Decimal("0.01")
ZERO = Decimal("0.00")


def to_money(value: Decimal | int | str) -> Decimal:
    """Return ``value`` as a Decimal rounded to cents (half up, as payers round)."""
    if isinstance(value, float):  # pragma: no cover - guarded by type hints
        raise TypeError("money must never be a float")
    try:
        amount = value if isinstance(value, Decimal) else Decimal(str(value).replace(",", ""))
    except InvalidOperation as exc:
        raise ValueError(f"{value!r} is not an amount of money") from exc
    if not amount.is_finite():
        raise ValueError(f"{value!r} is not an amount of money")
    try:
        return amount.quantize(CENT, rounding=ROUND_HALF_UP)
    except InvalidOperation as exc:  # more digits than Decimal's precision can hold
        raise ValueError(f"{value!r} is too large to be an amount of money") from exc


def to_cents(amount: Decimal | int | str) -> int:
    """Convert an amount of money to integer cents for storage."""
    return int(to_money(amount) * 100)


_EXACT = 10**26  # cents with fewer digits than Decimal's precision (28) scale exactly


def from_cents(cents: int) -> Decimal:
    """Convert stored integer cents back to a Decimal amount."""
    if -_EXACT < cents < _EXACT:
        return Decimal(cents).scaleb(-2)  # the same value, a third of the time
    return (Decimal(cents) / 100).quantize(CENT)


def format_money(amount: Decimal) -> str:
    """Format for display: ``$1,234.56`` and ``-$12.00`` (sign before the dollar)."""
    amount = to_money(amount)
    sign = "-" if amount < 0 else ""
    return f"{sign}${abs(amount):,.2f}"


def money_text(amount: Decimal) -> str:
    """Format for JSON and files: ``"1234.56"``."""
    return f"{to_money(amount):.2f}"
