"""A weekly pattern makes draft sessions once; billing them makes claims once."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from oa_desktop.services.sessions import recurring
from oa_desktop.store import claims
from oa_desktop.store import sessions as store_sessions
from oa_desktop.store.db import Store
from tests.services.sessions.helpers import practice


def test_weekly_pattern_to_claims(store: Store) -> None:
    ids = practice(store)
    pattern = recurring.WeeklyPattern(ids.patient_ids[0], frozenset({0, 2, 4}), "97153",
                                      Decimal("8"), ids.provider_id, start_time="09:00")
    start, end = date(2026, 11, 2), date(2026, 11, 15)  # two weeks
    assert recurring.create_sessions(store, pattern, start, end) == 6
    assert recurring.create_sessions(store, pattern, start, end) == 0  # nothing twice
    planned = recurring.plan_drafts(store)
    assert [len(p.lines) for p in planned] == [3, 3]  # one claim a week
    assert {p.box23 for p in planned} == {"AUTH-9"}
    result = recurring.bill_drafts(store)
    assert (result.claims, result.sessions) == (2, 6)
    assert store_sessions.unbilled(store) == []
    assert recurring.bill_drafts(store).claims == 0
    claim = claims.get_claim(store, result.claim_ids[0])
    assert [line.service_date.weekday() for line in claim.lines] == [0, 2, 4]
    assert claim.charge_amount == Decimal("480.00")
