from datetime import date
from pathlib import Path

import pytest

from oa_desktop.domain.identifiers import is_valid_ein, is_valid_npi
from oa_desktop.domain.status import ClaimStatus
from oa_desktop.errors import KnownError
from oa_desktop.services.demo.practice import seed_demo
from oa_desktop.services.workspace import Workspace, open_workspace
from oa_desktop.store import claims, records
from oa_desktop.store.claims_list import status_counts


def test_demo_has_everything_a_screen_needs(demo_workspace: Workspace) -> None:
    store = demo_workspace.store
    practice = records.load_practice(store)
    assert practice is not None
    assert is_valid_npi(practice.npi) and is_valid_ein(practice.ein)
    providers = records.list_rendering_providers(store)
    assert len(providers) == 3 and all(is_valid_npi(p.npi) for p in providers)
    payers = records.list_payers(store)
    assert len(payers) == 12 and sum(p.non_par for p in payers) == 4
    assert store.read.table("patients").count == 60
    counts = status_counts(store)
    assert sum(counts.values()) == 300
    assert all(count > 0 for count in counts.values()), counts
    coverages = list(store.read.table("coverages").rows)
    assert any(c["relationship"] == "19" and c["subscriber"] for c in coverages)  # dependents
    assert any(c["rank"] == 2 for c in coverages)  # secondaries
    assert claims.check_claim_caches(store) == []


def test_demo_dates_lie_in_the_last_90_days_and_events_in_the_past(
    demo_workspace: Workspace,
) -> None:
    from tests.conftest import DEMO_DAY

    db = demo_workspace.store.read
    first, last = db.execute("SELECT MIN(first_date), MAX(last_date) FROM claims").fetchone()
    assert (DEMO_DAY - date.fromisoformat(first)).days <= 90
    assert date.fromisoformat(last) <= DEMO_DAY
    latest_event = db.execute("SELECT MAX(at) FROM claim_events").fetchone()[0]
    assert latest_event[:10] <= DEMO_DAY.isoformat()
    bad_order = db.execute(
        "SELECT COUNT(*) FROM claim_events e JOIN claims c ON c.id = e.claim_id "
        "WHERE substr(e.at, 1, 10) <= c.last_date"
    ).fetchone()[0]
    assert bad_order == 0  # nothing happens to a claim before its last date of service


def _fingerprint(root: Path) -> list[tuple[object, ...]]:
    workspace = open_workspace(root)
    db = workspace.store.read
    rows = db.execute(
        "SELECT c.pcn, p.last_name, c.charge_cents, c.status, c.balance_cents "
        "FROM claims c JOIN patients p ON p.id = c.patient_id ORDER BY c.id"
    ).fetchall()
    workspace.close()
    return rows


def test_demo_is_deterministic(tmp_path: Path) -> None:
    for name in ("one", "two"):
        workspace = open_workspace(tmp_path / name)
        seed_demo(workspace.store, today=date(2026, 6, 1))
        workspace.close()
    assert _fingerprint(tmp_path / "one") == _fingerprint(tmp_path / "two")


def test_demo_refuses_a_folder_with_a_practice(demo_workspace: Workspace) -> None:
    with pytest.raises(KnownError, match="already holds a practice"):
        seed_demo(demo_workspace.store)
    assert status_counts(demo_workspace.store)[ClaimStatus.DRAFT] > 0


def test_demo_eras_wait_to_be_posted_and_post(demo_workspace: Workspace) -> None:
    from oa_desktop.services.demo.practice import add_demo_eras
    from oa_desktop.services.era import posting
    from oa_desktop.store import remittances

    store = demo_workspace.store
    before = status_counts(store)
    made = add_demo_eras(demo_workspace, today=date(2026, 11, 2))
    assert made > 0
    assert {r.status for r in remittances.list_remittances(store)} == {"ready"}
    assert status_counts(store) == before  # imported, not posted
    assert sum(r.unmatched for r in remittances.list_remittances(store)) == 1
    posted, skipped = posting.post_all(store)
    assert len(posted) == made and skipped == []
    # the ERA with the claim number the payer keyed wrongly is posted but for that claim
    [partly] = [r for r in remittances.list_remittances(store) if r.status != "posted"]
    assert partly.status == "partly_posted" and partly.left == partly.unmatched == 1
    after = status_counts(store)
    assert after[ClaimStatus.ACCEPTED_BY_PAYER] < before[ClaimStatus.ACCEPTED_BY_PAYER]
    assert claims.check_claim_caches(store) == []


def test_demo_claims_follow_the_money_rule(demo_workspace: Workspace) -> None:
    """As posting and desk actions do (``settle_events``): a claim paid in full is closed;
    Paid and Partially paid are only claims on which money is still owed."""
    db = demo_workspace.store.read
    answered_at_zero = db.execute(
        "SELECT COUNT(*) FROM claims WHERE status IN ('paid', 'partially_paid', 'denied') "
        "AND balance_cents = 0").fetchone()[0]
    assert answered_at_zero == 0
    owing = dict(db.execute(
        "SELECT status, COUNT(*) FROM claims WHERE status IN ('paid', 'partially_paid') "
        "AND balance_cents > 0 GROUP BY status").fetchall())
    assert owing.get("paid", 0) > 0 and owing.get("partially_paid", 0) > 0  # Paid queue
    closed_owing = db.execute(
        "SELECT COUNT(*) FROM claims WHERE status = 'closed' AND balance_cents != 0"
    ).fetchone()[0]
    assert closed_owing == 0
