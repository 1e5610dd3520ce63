"""An 835 claim as JSON text, written directly (``x12 parse --json`` on large remittances).

The text is exactly what ``json.dumps`` makes of :func:`oa_desktop.x12.to_json.claim_json`
(a test holds them equal); it skips the dicts in between, which on a 20,000-claim
remittance cost as much as the parse. Repeated values (amounts, dates, adjustments, codes)
are turned into text once.
"""

from __future__ import annotations

import json.encoder
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import TypeVar

from oa_desktop.domain.money import money_text
from oa_desktop.x12.model_835 import Adjustment, ClaimPayment, ServicePayment

_quote: Callable[[str], str] = (json.encoder.c_encode_basestring_ascii  # type: ignore[attr-defined]
                                or json.encoder.py_encode_basestring_ascii)
_CACHE_LIMIT = 100_000
K = TypeVar("K")
_MONEY: dict[Decimal, str] = {}
_QUANTITY: dict[Decimal, str] = {}
_DATES: dict[date, str] = {}
_CODES: dict[str, str] = {}
_ADJUSTMENTS: dict[Adjustment, str] = {}


class RawJson(str):
    """Text that is already JSON: written as it is."""

    __slots__ = ()


def _cached(cache: dict[K, str], key: K, make: Callable[[], str]) -> str:
    text = cache.get(key)
    if text is None:
        if len(cache) > _CACHE_LIMIT:
            cache.clear()
        text = cache[key] = make()
    return text


def _money(value: Decimal) -> str:
    text = _MONEY.get(value)
    return text if text is not None else _cached(_MONEY, value, lambda: f'"{money_text(value)}"')


def _optional_money(value: Decimal | None) -> str:
    return "null" if value is None else _money(value)


def _quantity(value: Decimal | None) -> str:
    if value is None:
        return "null"
    return _cached(_QUANTITY, value,
                   lambda: f'"{value.normalize():f}"')


def _date(value: date | None) -> str:
    if value is None:
        return "null"
    return _cached(_DATES, value, lambda: f'"{value.isoformat()}"')


def _code(value: str) -> str:
    """A short, repeated string (a code): quoted once."""
    text = _CODES.get(value)
    return text if text is not None else _cached(
        _CODES, value, lambda: _quote(value))


def _strings(values: tuple[str, ...]) -> str:
    return "[" + ", ".join([_code(v) for v in values]) + "]" if values else "[]"


def _adjustment(item: Adjustment) -> str:
    text = _ADJUSTMENTS.get(item)
    if text is None:
        text = _cached(_ADJUSTMENTS, item, lambda: (
            f'{{"group": {_code(item.group)}, "reason": {_code(item.reason)}, '
            f'"amount": {_money(item.amount)}, "quantity": {_quantity(item.quantity)}}}'))
    return text


def _adjustments(items: list[Adjustment]) -> str:
    return "[" + ", ".join([_adjustment(a) for a in items]) + "]" if items else "[]"


def _line(line: ServicePayment) -> str:
    return (f'{{"procedure": {_code(line.procedure)}, "modifiers": {_strings(line.modifiers)}, '
            f'"charge": {_money(line.charge)}, "paid": {_money(line.paid)}, '
            f'"units": {_quantity(line.units)}, "service_date": {_date(line.service_date)}, '
            f'"control_number": {_quote(line.control_number)}, '
            f'"adjustments": {_adjustments(line.adjustments)}, '
            f'"remarks": {_strings(line.remarks)}}}')


def claim_text(claim: ClaimPayment) -> RawJson:
    """The claim's JSON object, as ``json.dumps(claim_json(claim))`` writes it."""
    lines = ", ".join([_line(line) for line in claim.lines])
    return RawJson(
        f'{{"patient_control_number": {_quote(claim.patient_control_number)}, '
        f'"status_code": {_code(claim.status_code)}, "charge": {_money(claim.charge)}, '
        f'"paid": {_money(claim.paid)}, '
        f'"patient_responsibility": {_optional_money(claim.patient_responsibility)}, '
        f'"payer_claim_number": {_quote(claim.payer_claim_number)}, '
        f'"patient": {{"last": {_quote(claim.patient_last)}, '
        f'"first": {_quote(claim.patient_first)}, "member_id": {_quote(claim.member_id)}}}, '
        f'"adjustments": {_adjustments(claim.adjustments)}, "lines": [{lines}]}}')
