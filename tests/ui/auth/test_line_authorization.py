"""A claim whose lines fall under two authorizations: box 23 holds the first line's, the
other lines show and keep their own (2400 REF*G1), and the scrubber names a line that
sends the wrong one."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from decimal import Decimal

from pytestqt.qtbot import QtBot

from oa_desktop.domain.authorizations import AuthCode, Authorization
from oa_desktop.domain.models import Claim, ServiceLine
from oa_desktop.services.workspace import Workspace
from oa_desktop.store import authorizations as store_auth
from oa_desktop.store import claims
from oa_desktop.ui.claims.claim_editor.editor import ClaimEditor
from tests.conftest import DEMO_DAY


def _claim_across_two(workspace: Workspace) -> tuple[Claim, str, str]:
    store = workspace.store
    draft = claims.get_claim(store, store.read.execute(
        "SELECT id FROM claims WHERE status = 'draft' ORDER BY id LIMIT 1").fetchone()[0])
    first_day = DEMO_DAY - timedelta(days=40)
    split = first_day + timedelta(days=10)
    code = "97999"  # a code no demo authorization names
    for number, start, end in (("SPLIT-A", first_day, split - timedelta(days=1)),
                               ("SPLIT-B", split, DEMO_DAY)):
        store_auth.save_authorization(store, Authorization(
            draft.coverage_id, number, (AuthCode(code),), Decimal("100"), start, end))
    line = ServiceLine(first_day, code, Decimal("60.00"), Decimal("2"), (), (1,))
    claim = replace(draft, id=None, patient_control_number=claims.new_pcn(store),
                    prior_authorization="", status="draft",
                    lines=[line, replace(line, service_date=split + timedelta(days=1)),
                           replace(line, service_date=split + timedelta(days=2))])
    claims.save_claim(store, claim)
    return claim, "SPLIT-A", "SPLIT-B"


def test_editor_fills_and_keeps_each_lines_authorization(
        qtbot: QtBot, demo_workspace: Workspace) -> None:
    claim, first, second = _claim_across_two(demo_workspace)
    editor = ClaimEditor(demo_workspace.store, claims.get_claim(demo_workspace.store,
                                                                claim.id or 0))
    qtbot.addWidget(editor)
    editor.refresh_findings()
    rows = editor.lines.rows
    assert editor.header.prior_auth.text() == first
    assert [r.auth.text() for r in rows[:3]] == ["", second, second]
    assert rows[1].auth.accessibleName() == "Line 2 authorization"
    assert not [f for f in editor.findings if f.code.startswith("auth.")]
    # a number typed by hand that is not on file stays, and the scrubber names the line
    rows[2].auth.setText("WRONG-1")
    editor.refresh_findings()
    (line_finding,) = [f for f in editor.findings if f.code == "auth.line"]
    assert line_finding.line == 3 and second in line_finding.message
    assert editor._widget_for(line_finding) is rows[2].auth
    rows[2].auth.setText("")
    editor.refresh_findings()
    assert rows[2].auth.text() == second
    assert editor.store_claim() is not None
    saved = claims.get_claim(demo_workspace.store, claim.id or 0)
    assert saved.prior_authorization == first
    assert [ln.prior_authorization for ln in saved.lines] == ["", second, second]
    editor.dirty = False
