"""Minutes to units under both rules (boundaries 7, 8, 22, 23), periods, weekly dates."""

from __future__ import annotations

from datetime import date

import pytest

from oa_desktop.domain.sessions import (
    BillingPeriod,
    UnitRule,
    period_start,
    units_for,
    weekly_dates,
)


@pytest.mark.parametrize(("minutes", "cms8", "whole"), [
    (0, 0, 0), (7, 0, 0), (8, 1, 0), (14, 1, 0), (15, 1, 1), (22, 1, 1), (23, 2, 1),
    (29, 2, 1), (30, 2, 2), (37, 2, 2), (38, 3, 2), (60, 4, 4), (180, 12, 12),
])
def test_minutes_to_units(minutes: int, cms8: int, whole: int) -> None:
    assert units_for(minutes, UnitRule.CMS_8_MINUTE) == cms8
    assert units_for(minutes, UnitRule.WHOLE_UNITS) == whole


def test_periods_and_weekly_dates() -> None:
    assert period_start(date(2026, 11, 5), BillingPeriod.WEEK) == date(2026, 11, 2)  # Monday
    assert period_start(date(2026, 11, 2), BillingPeriod.WEEK) == date(2026, 11, 2)
    assert period_start(date(2026, 11, 30), BillingPeriod.MONTH) == date(2026, 11, 1)
    days = weekly_dates(date(2026, 11, 1), date(2026, 11, 14), frozenset({0, 2}))
    assert days == [date(2026, 11, 2), date(2026, 11, 4), date(2026, 11, 9), date(2026, 11, 11)]
