"""One way to write each kind of value a biller reads (UX.md), for every layer.

``ui/kit/formats.py`` re-exports these next to its Qt-side helpers; services that write
sentences (posting notes, report cells) use them directly.
"""

from __future__ import annotations

from decimal import Decimal


def digits(text: str) -> str:
    """Only the digits: ``(512) 555-0100`` → ``5125550100``."""
    return "".join(c for c in text if c.isdigit())


def tax_id(value: str) -> str:
    """An EIN as ``12-3456789`` however it was stored (anything else as given)."""
    number = digits(value)
    return f"{number[:2]}-{number[2:]}" if len(number) == 9 else value


def zip_code(value: str) -> str:
    """``787011234`` → ``78701-1234``; five digits stay five."""
    number = digits(value)
    return f"{number[:5]}-{number[5:]}" if len(number) == 9 else value


def phone(value: str) -> str:
    """``5125550100`` → ``(512) 555-0100`` (anything else as given)."""
    number = digits(value)
    if len(number) == 11 and number.startswith("1"):
        number = number[1:]
    return f"({number[:3]}) {number[3:6]}-{number[6:]}" if len(number) == 10 else value


def person_name(last: str, first: str, middle: str = "", credential: str = "") -> str:
    """``ALVAREZ, MARIA J, BCBA``: last name first, the credential as typed, never
    re-capitalised."""
    given = f"{first} {middle}".strip()
    name = f"{last}, {given}" if given else last
    return f"{name}, {credential}" if credential else name


def percent(value: Decimal | float | int | str) -> str:
    """One decimal: ``37.5%``, ``38.0%``."""
    return f"{Decimal(str(value)):.1f}%"


def plural(count: int, noun: str, many: str = "") -> str:
    """``1 claim``, ``2 claims``, ``0 claims`` (``many`` for irregular plurals); never
    ``claim(s)``."""
    word = noun if count == 1 else (many or noun + "s")
    return f"{count:,} {word}"
