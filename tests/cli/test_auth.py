"""``oa-desktop auth list``: the JSON CLI.md promises."""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from oa_desktop.cli.main import main
from oa_desktop.domain.authorizations import AuthCode, Authorization
from oa_desktop.services.workspace import Workspace, open_workspace
from oa_desktop.store import authorizations as store_auth
from tests.services.submit.helpers import send_and_answer
from tests.store.factories import make_claim


def test_auth_list_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    workspace = open_workspace(tmp_path)
    claim = make_claim(workspace.store, day=date(2026, 10, 1))
    store_auth.save_authorization(workspace.store, Authorization(
        claim.coverage_id, "A-77", (AuthCode("97153"),), Decimal("24"),
        date(2026, 9, 1), date(2026, 12, 31)))
    workspace.close()
    assert main(["--data-dir", str(tmp_path), "auth", "list", "--json"]) == 0
    (row,) = json.loads(capsys.readouterr().out)
    assert row["number"] == "A-77" and row["payer"] == "Aetna" and row["codes"] == ["97153"]
    assert (row["approved"], row["unit"], row["from"], row["to"]) == \
        ("24", "units", "2026-09-01", "2026-12-31")
    assert (row["scheduled"], row["billed"], row["paid"], row["remaining"]) == ("4", "0", "0", "20")
    other = str(claim.patient_id + 1)
    assert main(["--data-dir", str(tmp_path), "auth", "list", "--patient", other, "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []
    assert main(["--data-dir", str(tmp_path), "auth", "list"]) == 0
    assert "A-77" in capsys.readouterr().out


def test_claim_proof_pdf(demo_workspace: Workspace, tmp_path: Path,
                         capsys: pytest.CaptureFixture[str]) -> None:
    root = demo_workspace.folder.root
    ids, outcome = send_and_answer(demo_workspace, 4)
    store = demo_workspace.store
    pcn, sha = store.read.execute(
        "SELECT c.pcn, b.file_sha256 FROM claims c JOIN batch_claims bc ON bc.claim_id = c.id "
        "JOIN batches b ON b.id = bc.batch_id WHERE c.status = 'accepted_by_payer' AND b.id = ? "
        "LIMIT 1", [outcome.batch.id]).fetchone()
    demo_workspace.close()
    out = tmp_path / "proof.pdf"
    assert main(["--data-dir", str(root), "claim", "proof", pcn, "--out", str(out)]) == 0
    assert f"claim {pcn}" in capsys.readouterr().out
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "Proof of timely filing" in text and outcome.batch.file_name in text
    assert sha in text and "matches the archived file" in text and "CO-29" in text
    assert main(["--data-dir", str(root), "claim", "proof", "C9999999", "--out",
                 str(out)]) == 2
    # the Denials screen's button writes the same packet
    from oa_desktop.ui.auth.proof_action import write_proof_for

    reopened = open_workspace(root)
    try:
        claim_id = reopened.store.read.execute("SELECT id FROM claims WHERE pcn = ?",
                                               [pcn]).fetchone()[0]
        said = write_proof_for(reopened.store, claim_id, tmp_path / "again.pdf")
    finally:
        reopened.close()
    assert said.startswith(f"Saved the proof of timely filing for claim {pcn} (")
    again = subprocess.run(["pdftotext", str(tmp_path / "again.pdf"), "-"],
                           capture_output=True, text=True, check=True).stdout
    assert sha in again
