"""Element access and conversion for the readers: money, dates, quantities.

Conversion failures raise :class:`ElementError`. A reader then reads the segment again
with that one element empty (:func:`blanked`), so a bad value never hides the codes,
ids and amounts beside it; the value itself becomes a finding with its position.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import TypeVar

from oa_desktop.x12.errors import Finding, X12Error
from oa_desktop.x12.syntax import TransactionSet

ZERO = Decimal("0.00")
T = TypeVar("T")


class ElementError(ValueError):
    """A value that cannot be converted; ``element`` is its 1-based index."""

    def __init__(self, element: int, message: str, kind: str = "value") -> None:
        super().__init__(message)
        self.element = element
        self.kind = kind  # "amount", "date" or "value"


def blanked(seg: list[str], exc: ElementError) -> list[str] | None:
    """``seg`` with the element that failed emptied, or None when that cannot help (the
    element is already empty or missing: the segment's shape, not a value, is wrong)."""
    index = exc.element
    if index < 1 or index >= len(seg) or not seg[index]:
        return None
    copy = list(seg)
    copy[index] = ""
    return copy


def as_empty_text(exc: ElementError) -> str:
    """How a finding says what became of a value that could not be read."""
    if exc.kind == "amount":
        return f"{exc}; read as empty (0.00), the rest of the segment is kept"
    return f"{exc}; left empty, the rest of the segment is kept"


def el(seg: list[str], index: int) -> str:
    """Element ``index`` of ``seg`` or ``""`` when the segment is shorter."""
    return seg[index] if len(seg) > index else ""


def pad(seg: list[str], size: int) -> list[str]:
    """``seg`` with empty elements added so that indexes below ``size`` exist."""
    missing = size - len(seg)
    return seg if missing <= 0 else seg + [""] * missing


# Amounts and dates repeat a lot in a remittance; Decimal and date are immutable.
MONEY_CACHE: dict[str, Decimal] = {}
DATE_CACHE: dict[str, date] = {}
_MONEY, _DATES = MONEY_CACHE, DATE_CACHE
_CACHE_LIMIT = 50_000
_MAX_DIGITS = 18  # X12 type R: at most 18 digits, sign and decimal point not counted


def money(text: str, index: int) -> Decimal:
    """An element's text as money (Decimal); empty is zero."""
    cached = _MONEY.get(text)
    if cached is not None:
        return cached
    if not text:
        return ZERO
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ElementError(index, f"{text[:20]!r} is not an amount", "amount") from None
    if not value.is_finite() or "_" in text or "e" in text or "E" in text:
        raise ElementError(index, f"{text[:20]!r} is not an amount", "amount")
    if sum(ch.isdigit() for ch in text) > _MAX_DIGITS:
        raise ElementError(index, f"{text[:20]!r} has more digits than an X12 amount allows",
                           "amount")
    if len(_MONEY) > _CACHE_LIMIT:
        _MONEY.clear()
    _MONEY[text] = value
    return value


def amount(seg: list[str], index: int) -> Decimal:
    """Element ``index`` as money (Decimal); empty is zero."""
    return money(seg[index] if len(seg) > index else "", index)


def optional_amount(seg: list[str], index: int) -> Decimal | None:
    """Element ``index`` as money, or None when empty."""
    if not el(seg, index):
        return None
    return amount(seg, index)


def x12_date(text: str, index: int) -> date:
    """``CCYYMMDD`` (or ``YYMMDD``) to a date."""
    cached = _DATES.get(text)
    if cached is not None:
        return cached
    try:
        if len(text) == 8 and text.isdigit():
            value = date(int(text[:4]), int(text[4:6]), int(text[6:]))
            if len(_DATES) > _CACHE_LIMIT:
                _DATES.clear()
            _DATES[text] = value
            return value
        if len(text) == 6 and text.isdigit():
            return date(2000 + int(text[:2]), int(text[2:4]), int(text[4:]))
    except ValueError:
        pass
    raise ElementError(index, f"{text[:20]!r} is not a date (CCYYMMDD)", "date")


def optional_date(seg: list[str], index: int) -> date | None:
    """Element ``index`` as a date, or None when empty."""
    text = el(seg, index)
    return x12_date(text, index) if text else None


def date_range(seg: list[str], index: int) -> tuple[date | None, date | None]:
    """A D8 or RD8 date (``CCYYMMDD-CCYYMMDD``) as (from, to); to is None for D8."""
    text = el(seg, index)
    if not text:
        return None, None
    if "-" in text:
        first, _, last = text.partition("-")
        return x12_date(first, index), x12_date(last, index)
    return x12_date(text, index), None


def unreadable(ts: TransactionSet, index: int, exc: ElementError) -> Finding:
    """The finding for a value that could not be read in a segment that is kept raw."""
    seg = ts.segments[index]
    return Finding("error", ts.first_number + index, seg[0][:3], exc.element,
                   f"{exc}; the segment is kept unread")


def _handle_leniently(ts: TransactionSet, index: int, seg: list[str],
                      handle: Callable[[int, list[str]], None], findings: list[Finding],
                      keep: Callable[[list[str]], None]) -> None:
    current = seg
    while True:
        try:
            handle(index, current)
            return
        except ElementError as exc:
            retry = blanked(current, exc)
            if retry is None:
                findings.append(unreadable(ts, index, exc))
                keep(seg)
                return
            findings.append(Finding("warning", ts.first_number + index, seg[0][:3],
                                    exc.element, as_empty_text(exc)))
            current = retry


def run_segments(ts: TransactionSet, handle: Callable[[int, list[str]], None],
                 findings: list[Finding] | None = None,
                 keep: Callable[[list[str]], None] | None = None) -> None:
    """Call ``handle(i, seg)`` for each segment; turn conversion errors into X12Error.

    With ``findings`` and ``keep``, a value that cannot be converted is a warning with its
    position and the segment is read again without it (``handle`` must change nothing
    before it converts); a segment whose shape is wrong is passed to ``keep`` and reported.
    """
    index = 0
    try:
        for index, seg in enumerate(ts.segments):
            if findings is None or keep is None:
                handle(index, seg)
                continue
            _handle_leniently(ts, index, seg, handle, findings, keep)
    except ElementError as exc:
        seg = ts.segments[index]
        raise X12Error(str(exc), segment_number=ts.first_number + index,
                       segment_id=seg[0][:3], element=exc.element) from None
    except (ValueError, IndexError, KeyError) as exc:  # a shape the reader did not expect
        seg = ts.segments[index]
        raise X12Error(f"unexpected content ({type(exc).__name__})",
                       segment_number=ts.first_number + index, segment_id=seg[0][:3]) from None
