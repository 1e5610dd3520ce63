"""The claim page's "Payments" tells the truth: a claim the demo's history paid with no
ERA file says so (it said "No ERA has answered this claim yet"), a paper EOB shows its
check, desk money shows by kind, and only a claim with nothing paid says so."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from oa_desktop.services.era import posting
from oa_desktop.services.patients import actions, paper_eob
from oa_desktop.services.workspace import Workspace
from oa_desktop.store import claims
from oa_desktop.ui.claims.claim_page import claim_html
from oa_desktop.ui.claims.claim_payments import NO_ERA_FILE, NOTHING_PAID, payments_html
from tests.services.patients.test_paper_eob import _eob, _open_claim


def _claim_where(workspace: Workspace, sql: str) -> int:
    return int(workspace.store.read.execute(
        f"SELECT id FROM claims WHERE {sql} ORDER BY id LIMIT 1").fetchone()[0])


def test_a_payment_recorded_without_an_era_is_said_so(demo_workspace: Workspace) -> None:
    store = demo_workspace.store
    claim_id = _claim_where(demo_workspace, "id IN (SELECT claim_id FROM ledger WHERE "
                            "source = '835' AND posting_id IS NULL AND kind = 'payment') "
                            "AND id NOT IN (SELECT claim_id FROM remittance_claims "
                            "WHERE claim_id IS NOT NULL)")
    trace = store.read.execute("SELECT source_ref FROM ledger WHERE claim_id = ? AND "
                               "kind = 'payment'", [claim_id]).fetchone()[0]
    page = claim_html(store, claims.get_claim(store, claim_id))
    assert "No ERA has answered" not in page and NOTHING_PAID not in page
    assert f"Payer paid, check/EFT {trace} ({NO_ERA_FILE})" in page
    assert "<h3>Payments</h3>" in page


def test_nothing_paid_is_said_only_when_nothing_was(demo_workspace: Workspace) -> None:
    store = demo_workspace.store
    claim_id, _, _ = _open_claim(demo_workspace)
    assert NOTHING_PAID in payments_html(store, claim_id)
    patient_id = claims.get_claim(store, claim_id).patient_id
    actions.take_payment(store, patient_id, Decimal("20.00"), "card", reference="4242",
                         claim_ids=[claim_id], on=date(2026, 11, 3))
    page = payments_html(store, claim_id)
    assert NOTHING_PAID not in page
    assert "Patient payment (card 4242)" in page and "11/03/2026" in page and "$20.00" in page


def test_a_paper_eob_shows_its_check(demo_workspace: Workspace) -> None:
    store = demo_workspace.store
    claim_id, _, lines = _open_claim(demo_workspace)
    rid = paper_eob.enter(store, _eob(claim_id, lines, check="PAPER77"))
    posting.post(store, rid)
    page = payments_html(store, claim_id)
    assert f"href='era:{rid}'" in page and "Paper EOB" in page and "check PAPER77" in page
    assert NOTHING_PAID not in page and NO_ERA_FILE not in page
