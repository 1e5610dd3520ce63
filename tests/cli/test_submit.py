"""`submit`, `sync` and `status --json` against the in-process sandbox."""

from __future__ import annotations

import json

import pytest

from oa_desktop.cli.main import main
from oa_desktop.services.demo.practice import start_demo_sandbox
from oa_desktop.services.workspace import Workspace
from tests.services.submit.helpers import wait_for_answers


def test_submit_all_ready_then_sync_and_status(
    demo_workspace: Workspace, capsys: pytest.CaptureFixture[str]
) -> None:
    root = demo_workspace.folder.root
    sandbox = start_demo_sandbox(root, respond_after=0.2)
    try:
        assert main(["--data-dir", str(root), "submit", "--all-ready", "--test"]) == 0
        out = capsys.readouterr().out
        assert out.startswith("Sent ") and "(OATEST)" in out
        name = demo_workspace.store.read.execute(
            "SELECT file_name FROM batches ORDER BY id DESC LIMIT 1").fetchone()[0]
        wait_for_answers(root, [name])
        assert main(["--data-dir", str(root), "sync"]) == 0
        assert "claims accepted" in capsys.readouterr().out  # outcomes, not files
        assert main(["--data-dir", str(root), "status", "--json"]) == 0
        status = json.loads(capsys.readouterr().out)
        assert status["claims"]["ready"] == 0
        assert status["batches"].get("accepted", 0) >= 1
        assert main(["--data-dir", str(root), "submit", "--claims", "C9999999"]) == 2
        assert "There is no claim C9999999" in capsys.readouterr().err
    finally:
        sandbox.stop()
