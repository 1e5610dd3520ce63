from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

from oa_desktop.domain.models import Claim, ServiceLine
from oa_desktop.domain.scrub_findings import Severity, has_errors
from oa_desktop.services.claims.scrub import scrub_claim, scrub_claim_id
from oa_desktop.services.workspace import Workspace
from oa_desktop.store import claims
from tests.conftest import DEMO_DAY


def _draft(workspace: Workspace) -> Claim:
    row = workspace.store.read.execute(
        "SELECT id FROM claims WHERE status = 'draft' ORDER BY id LIMIT 1").fetchone()
    return claims.get_claim(workspace.store, row[0])


def test_demo_draft_is_clean(demo_workspace: Workspace) -> None:
    claim = _draft(demo_workspace)
    assert claim.id is not None
    found = scrub_claim_id(demo_workspace.store, claim.id, today=DEMO_DAY)
    assert not has_errors(found), found


def test_unsaved_claim_with_problems(demo_workspace: Workspace) -> None:
    saved = _draft(demo_workspace)
    claim = replace(saved, id=None, diagnoses=["F84"],
                    lines=[ServiceLine(date(2027, 1, 1), "9083", Decimal("0"))])
    found = scrub_claim(demo_workspace.store, claim, today=DEMO_DAY)
    got = {f.code for f in found}
    assert {"diagnosis.not_billable", "line.date_future", "line.procedure",
            "line.charge"} <= got


def test_unknown_records_become_findings(demo_workspace: Workspace) -> None:
    claim = Claim(patient_id=9999, coverage_id=9999, patient_control_number="CX1",
                  diagnoses=["F840"], lines=[ServiceLine(date(2026, 10, 1), "90837",
                                                          Decimal("100"))],
                  rendering_provider_id=9999, facility_id=9999)
    got = {f.code for f in scrub_claim(demo_workspace.store, claim, today=DEMO_DAY)}
    assert {"patient.missing", "subscriber.coverage", "payer.missing"} <= got


def test_duplicate_of_a_saved_claim(demo_workspace: Workspace) -> None:
    saved = _draft(demo_workspace)
    copy = replace(saved, id=None, patient_control_number="CDUP1")
    found = scrub_claim(demo_workspace.store, copy, today=DEMO_DAY)
    dup = [f for f in found if f.code == "claim.duplicate"]
    assert dup and dup[0].severity is Severity.WARNING
    assert saved.patient_control_number in dup[0].message
    # the saved claim is not a duplicate of itself
    assert saved.id is not None
    assert "claim.duplicate" not in {
        f.code for f in scrub_claim_id(demo_workspace.store, saved.id, today=DEMO_DAY)}
