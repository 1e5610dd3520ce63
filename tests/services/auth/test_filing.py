"""Filing deadlines from the store: open claims only, the payer's own limit, the queue."""

from __future__ import annotations

from datetime import date, timedelta

from oa_desktop.domain.models import ClaimFilingIndicator
from oa_desktop.domain.scrub_findings import Severity
from oa_desktop.domain.status import EventKind
from oa_desktop.services.auth import filing
from oa_desktop.services.claims.scrub import scrub_claim
from oa_desktop.store import claims, records
from oa_desktop.store import filing as store_filing
from oa_desktop.store.db import Store
from tests.store.factories import make_claim

DOS = date(2026, 10, 1)  # Aetna default: 120 days → 01/29/2027


def test_deadline_queue_and_scrubber(store: Store) -> None:
    claim = make_claim(store, day=DOS)
    assert claim.id is not None
    (d,) = filing.deadlines(store, date(2027, 1, 1))
    assert (d.due, d.limit_days, d.limit_source, d.days_left) == \
        (date(2027, 1, 29), 120, "Aetna (participating)", 28)
    assert filing.due_soon(store, date(2027, 1, 14)) == []
    assert len(filing.due_soon(store, date(2027, 1, 15))) == 1  # 14 days left

    warnings = [f for f in scrub_claim(store, claim, today=date(2027, 1, 1))
                if f.code.startswith("filing.")]
    assert [(f.code, f.severity) for f in warnings] == [("filing.soon", Severity.WARNING)]

    payer = records.list_payers(store)[0]
    assert payer.id is not None
    store_filing.set_payer_limit(store, payer.id, 365)
    d = filing.deadline_of(store, claim.id, date(2027, 1, 1))
    assert d is not None and (d.due, d.limit_source) == (date(2027, 10, 1), "payer")
    assert not [f for f in scrub_claim(store, claim, today=date(2027, 1, 1))
                if f.code.startswith("filing.")]


def test_accepted_by_payer_has_no_deadline(store: Store) -> None:
    claim = make_claim(store, day=DOS)
    assert claim.id is not None
    for kind in (EventKind.MARKED_READY, EventKind.SUBMITTED, EventKind.FILE_ACCEPTED):
        claims.add_event(store, claim.id, kind)
    assert filing.deadline_of(store, claim.id, DOS) is not None  # Office Ally only
    claims.add_event(store, claim.id, EventKind.PAYER_ACKNOWLEDGED, source="277")
    assert filing.deadline_of(store, claim.id, DOS) is None
    assert filing.deadlines(store, DOS) == []


def test_medicare_default_and_corrected_claim(store: Store) -> None:
    claim = make_claim(store, payer_name="Medicare B", day=DOS)
    assert claim.id is not None
    payer = records.list_payers(store)[0]
    payer.claim_filing_indicator = ClaimFilingIndicator.MEDICARE_B
    records.save_payer(store, payer)
    d = filing.deadline_of(store, claim.id, DOS)
    assert d is not None and d.due == DOS + timedelta(days=365)
    decided = "2027-02-01T10:00:00+00:00"
    with store.write() as db:  # the payer's decision, then the correction (frequency 7)
        db.execute("INSERT INTO claim_events (claim_id, kind, status_after, at, source) "
                   "VALUES (?, 'note', 'draft', ?, '835')", [claim.id, decided])
        claims.start_replacement(db, claim.id, "ICN1", decided)
    d = filing.deadline_of(store, claim.id, DOS)
    assert d is not None and d.due == date(2027, 2, 1) + timedelta(days=365)


def test_deadline_text(store: Store) -> None:
    claim = make_claim(store, day=DOS)
    assert claim.id is not None
    assert filing.deadline_text(store, claim, date(2027, 1, 1)) == \
        "Filing deadline 01/29/2027 (28 days left)"
    assert filing.deadline_text(store, claim, date(2027, 1, 30)) == \
        "Filing deadline 01/29/2027 (passed 1 day ago)"
    for kind in (EventKind.MARKED_READY, EventKind.SUBMITTED):
        claims.add_event(store, claim.id, kind)
    claims.add_event(store, claim.id, EventKind.PAYER_ACKNOWLEDGED, source="277")
    assert filing.deadline_text(store, claims.get_claim(store, claim.id)) == ""
