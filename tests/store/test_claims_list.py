from datetime import date

from oa_desktop.domain.status import ClaimStatus, EventKind
from oa_desktop.store import claims
from oa_desktop.store.claims_list import (
    ClaimColumn,
    ClaimQuery,
    claim_ids,
    claim_rows,
    status_counts,
)
from oa_desktop.store.db import Store
from tests.store.factories import make_claim


def _three(store: Store) -> list[int]:
    a = make_claim(store, "SMITH", "ANNA", "Aetna", "AET111", "300.00", date(2026, 9, 1))
    b = make_claim(store, "JONES", "BOB", "Cigna", "CIG222", "100.00", date(2026, 9, 3))
    c = make_claim(store, "O'NEIL", "CARA", "Humana", "HUM_333", "200.00", date(2026, 9, 2))
    claims.add_event(store, b.id or 0, EventKind.MARKED_READY)
    return [a.id or 0, b.id or 0, c.id or 0]


def test_search_by_name_pcn_member_and_payer(store: Store) -> None:
    a, b, c = _three(store)
    assert claim_ids(store, ClaimQuery(search="smith")) == [a]
    assert claim_ids(store, ClaimQuery(search="cig222")) == [b]
    assert claim_ids(store, ClaimQuery(search="humana")) == [c]
    pcn = claim_rows(store, [b])[b].pcn
    assert claim_ids(store, ClaimQuery(search=pcn)) == [b]
    assert claim_ids(store, ClaimQuery(search="smith, anna")) == [a]
    assert claim_ids(store, ClaimQuery(search="o'neil")) == [c]


def test_search_wildcards_are_literal(store: Store) -> None:
    _a, _b, c = _three(store)
    assert claim_ids(store, ClaimQuery(search="HUM_")) == [c]
    assert claim_ids(store, ClaimQuery(search="%")) == []


def test_status_filter(store: Store) -> None:
    a, b, c = _three(store)
    assert claim_ids(store, ClaimQuery(statuses=frozenset({ClaimStatus.READY}))) == [b]
    drafts = claim_ids(store, ClaimQuery(statuses=frozenset({ClaimStatus.DRAFT})))
    assert sorted(drafts) == sorted([a, c])
    counts = status_counts(store)
    assert counts[ClaimStatus.DRAFT] == 2 and counts[ClaimStatus.PAID] == 0


def test_sort_by_each_column(store: Store) -> None:
    a, b, c = _three(store)
    by = {
        ClaimColumn.PATIENT: [b, c, a],
        ClaimColumn.PAYER: [a, b, c],
        ClaimColumn.DATES: [a, c, b],
        ClaimColumn.CHARGE: [b, c, a],
        ClaimColumn.STATUS: [a, c, b],
    }
    for column, expected in by.items():
        assert claim_ids(store, ClaimQuery(sort=column, descending=False)) == expected, column
        assert claim_ids(store, ClaimQuery(sort=column, descending=True)) == expected[::-1]


def test_rows_carry_display_data(store: Store) -> None:
    a, _b, _c = _three(store)
    row = claim_rows(store, [a])[a]
    assert row.patient_name == "SMITH, ANNA"
    assert row.payer_name == "Aetna"
    assert str(row.charge_amount) == "300.00"
    assert row.status is ClaimStatus.DRAFT
    assert row.last_event_text == "Claim created"
