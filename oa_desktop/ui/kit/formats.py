"""How money, dates, names, numbers and statuses look on screen (UX.md conventions).

One format per kind of value: money ``$1,234.56`` (zero ``$0.00``), dates ``MM/DD/YYYY``,
Tax ID ``12-3456789``, ZIP ``78701-1234``, phone ``(512) 555-0100``, names ``LAST, FIRST``
with the credential as typed, percentages to one decimal, real plurals. The Qt-free ones
live in ``domain/display.py`` (services need them too) and are re-exported here."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from oa_desktop.domain.display import (  # one module for every format: re-exported
    digits,
    percent,
    person_name,
    phone,
    plural,
    tax_id,
    zip_code,
)
from oa_desktop.domain.money import format_money

__all__ = ["date_range", "digits", "iso_to_display", "money", "percent", "person_name",
           "phone", "plural", "tax_id", "timestamp", "zip_code"]


def money(amount: Decimal) -> str:
    """``$1,234.56``; negatives ``-$12.00``."""
    return format_money(amount)


def iso_to_display(text: str | None) -> str:
    """``2026-11-03`` → ``11/03/2026``; empty for none."""
    if not text:
        return ""
    return date.fromisoformat(text[:10]).strftime("%m/%d/%Y")


def date_range(first: str | None, last: str | None) -> str:
    """Dates of service: one date, or ``from – to``."""
    if not first:
        return ""
    if not last or last == first:
        return iso_to_display(first)
    if first[:4] == last[:4]:
        start = date.fromisoformat(first[:10]).strftime("%m/%d")
        return f"{start}–{iso_to_display(last)}"
    return f"{iso_to_display(first)}–{iso_to_display(last)}"


def timestamp(text: str | None) -> str:
    """A stored UTC time shown in local time: ``11/03/2026 9:05 AM``."""
    if not text:
        return ""
    moment = datetime.fromisoformat(text).astimezone()
    return moment.strftime("%m/%d/%Y %I:%M %p").replace(" 0", " ")

