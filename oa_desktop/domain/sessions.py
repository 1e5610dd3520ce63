"""Sessions to claim lines: minutes to 15-minute units, and the billing period of a date.

Standard library only.
"""

from __future__ import annotations

from datetime import date, timedelta
from enum import StrEnum

UNIT_MINUTES = 15


class UnitRule(StrEnum):
    """How the minutes of a timed session become 15-minute units."""

    CMS_8_MINUTE = "cms8"  # a unit from 8 minutes on: 8-22 → 1, 23-37 → 2, ...
    WHOLE_UNITS = "whole"  # only full 15 minutes count: 15-29 → 1, 30-44 → 2, ...

    @property
    def label(self) -> str:
        """What the preview and the settings call it."""
        return {UnitRule.CMS_8_MINUTE: "CMS 8-minute rule",
                UnitRule.WHOLE_UNITS: "Whole units only"}[self]


def units_for(minutes: int, rule: UnitRule) -> int:
    """Units for one session of ``minutes``.

    The CMS 8-minute rule bills a unit for each full 15 minutes and one more when 8 or
    more minutes are left over (so under 8 minutes bills nothing). Whole units bill full
    15 minutes only. The rule is applied per session and code, as ABA payers count them.
    """
    if minutes <= 0:
        return 0
    full, rest = divmod(minutes, UNIT_MINUTES)
    if rule is UnitRule.CMS_8_MINUTE and rest >= 8:
        full += 1
    return full


class BillingPeriod(StrEnum):
    """The span of sessions one claim gathers."""

    WEEK = "week"  # Monday to Sunday
    MONTH = "month"


def period_start(day: date, period: BillingPeriod) -> date:
    """The first day of the billing period ``day`` falls in."""
    if period is BillingPeriod.MONTH:
        return day.replace(day=1)
    return day - timedelta(days=day.weekday())


def weekly_dates(start: date, end: date, weekdays: frozenset[int]) -> list[date]:
    """Every date from ``start`` to ``end`` (included) on one of ``weekdays`` (Monday 0)."""
    days = (end - start).days
    return [start + timedelta(days=n) for n in range(days + 1)
            if (start + timedelta(days=n)).weekday() in weekdays]
