"""Authorization usage from the stored claims: exhaustion, postings and their undo, box 23."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from oa_desktop.domain.authorizations import AuthCode, Authorization
from oa_desktop.domain.models import Claim, ServiceLine
from oa_desktop.domain.status import EventKind
from oa_desktop.services.auth import usage
from oa_desktop.services.claims.scrub import scrub_claim
from oa_desktop.services.workspace import Workspace
from oa_desktop.store import authorizations as store_auth
from oa_desktop.store import claims
from oa_desktop.store.db import Store
from tests.conftest import DEMO_DAY
from tests.store.factories import make_claim

DAY = date(2026, 10, 1)


def _setup(store: Store) -> tuple[Claim, Authorization]:
    first = make_claim(store, day=DAY)  # 97153 x 4 units, draft
    auth = Authorization(first.coverage_id, "AUTH-1", (AuthCode("97153"),), Decimal("10"),
                         date(2026, 9, 1), date(2026, 11, 30))
    store_auth.save_authorization(store, auth)
    return first, auth


def _another(store: Store, first: Claim, units: str, day: date = DAY) -> Claim:
    claim = Claim(first.patient_id, first.coverage_id, claims.new_pcn(store), ["F840"],
                  lines=[ServiceLine(day, "97153", Decimal("60"), Decimal(units))])
    claims.save_claim(store, claim)
    return claim


def _send(store: Store, claim_id: int) -> None:
    claims.add_event(store, claim_id, EventKind.MARKED_READY)
    claims.add_event(store, claim_id, EventKind.SUBMITTED)


def _numbers(store: Store, patient_id: int) -> tuple[Decimal, ...]:
    (u,) = usage.patient_usage(store, patient_id)
    return u.scheduled, u.billed, u.paid, u.remaining


def test_exhaustion_across_claims_and_an_undone_posting(store: Store) -> None:
    first, _ = _setup(store)
    assert first.id is not None
    assert _numbers(store, first.patient_id) == (4, 0, 0, 6)
    _send(store, first.id)
    second = _another(store, first, "4")
    assert _numbers(store, first.patient_id) == (4, 4, 0, 2)
    with store.write() as db:
        payment = claims.add_ledger_entry(db, first.id, "payment", Decimal("40"), at="2026-10-20")
    assert _numbers(store, first.patient_id) == (4, 4, 4, 2)

    third = _another(store, first, "3")
    findings = scrub_claim(store, third, today=DAY)
    exceeded = [f for f in findings if f.code == "auth.exceeded"]
    assert exceeded and "3 units of authorization AUTH-1: 10 approved, 8 already used" \
        in exceeded[0].message and "1 unit over" in exceeded[0].message
    assert _numbers(store, first.patient_id) == (7, 4, 4, -1)

    with store.write() as db:  # undo the posting: a reversing row, nothing deleted
        db.execute("INSERT INTO ledger (claim_id, kind, amount_cents, reverses_id, posted_at) "
                   "VALUES (?, 'payment', -4000, ?, '2026-10-21')", [first.id, payment])
    assert _numbers(store, first.patient_id) == (7, 4, 0, -1)
    assert second.id is not None


def test_expired_authorization_warns_and_box23_is_filled(store: Store) -> None:
    first, auth = _setup(store)
    assert usage.fill_box23(store, first) and first.prior_authorization == "AUTH-1"
    late = _another(store, first, "2", day=date(2026, 12, 3))
    findings = scrub_claim(store, late, today=date(2026, 12, 4))
    (expired,) = [f for f in findings if f.code == "auth.expired"]
    assert "AUTH-1 for 97153 ended 11/30/2026" in expired.message
    assert expired.box == "23"
    first.prior_authorization = "TYPED-BY-HAND"
    assert not usage.fill_box23(store, first)  # never over what the biller typed
    assert auth.id is not None


def test_usage_rows_as_json(store: Store) -> None:
    first, _ = _setup(store)
    (row,) = usage.usage_rows(store)
    assert row.as_json() | {"patient_id": 0} == {
        "patient_id": 0, "patient": "DOE, JANE", "number": "AUTH-1", "payer": "Aetna",
        "codes": ["97153"], "approved": "10", "unit": "units", "from": "2026-09-01",
        "to": "2026-11-30", "rendering_provider_id": None, "scheduled": "4", "billed": "0",
        "paid": "0", "remaining": "6",
    }
    assert usage.usage_rows(store, first.patient_id + 1) == []


def test_paid_follows_an_era_posting_and_its_undo(demo_workspace: Workspace) -> None:
    from oa_desktop.services.demo.practice import add_demo_eras
    from oa_desktop.services.era import posting
    from oa_desktop.store import remittances

    store = demo_workspace.store

    def paid() -> dict[str, Decimal]:
        return {r.usage.authorization.number: r.usage.paid for r in usage.usage_rows(store)}

    before = paid()
    add_demo_eras(demo_workspace, today=DEMO_DAY)
    assert paid() == before  # imported, not posted: nothing paid yet
    changed = None
    for summary in remittances.list_remittances(store):
        posting.post(store, summary.id)
        after = paid()
        if after != before:
            changed = (summary.id, after)
            break
    assert changed is not None, "some demo ERA pays an authorized service"
    remittance_id, after = changed
    grew = [n for n in after if after[n] > before[n]]
    assert grew and all(after[n] >= before[n] for n in after)
    posting.undo(store, remittance_id)
    assert paid() == before  # the undo's reversing rows take the payment back


def test_batch_inputs_equal_a_fresh_count_without_the_claim(demo_workspace: Workspace) -> None:
    from oa_desktop.domain import authorizations as dom
    from oa_desktop.services.auth.context import AuthInputs

    store = demo_workspace.store
    inputs = AuthInputs(store)
    checked = 0
    for coverage_id in store_auth.coverage_ids_with_authorizations(store)[:8]:
        auths = store_auth.for_coverages(store, [coverage_id])
        for claim_id in {x.claim_id for x in store_auth.usage_lines(store, [coverage_id])}:
            claim = claims.get_claim(store, claim_id)
            fresh = dom.usage(auths, store_auth.usage_lines(store, [coverage_id],
                                                            exclude_claim_id=claim_id))
            assert inputs.authorizations(claim)[1] == {
                u.authorization.id: u.used for u in fresh}
            checked += 1
    assert checked > 10
