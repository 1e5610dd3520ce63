"""CLI.md's exit codes for the commands that connect: 0 fine, 1 needs attention, 3 refused."""

from __future__ import annotations

import io

import pytest

from oa_desktop.cli.main import main
from oa_desktop.services.workspace import Workspace
from tests.gateway.servers import OAServer
from tests.services.submit.helpers import ready_claims


def _run(monkeypatch: pytest.MonkeyPatch, workspace: Workspace, password: str,
         *args: str) -> int:
    monkeypatch.setattr("sys.stdin", io.StringIO(password + "\n"))
    return main(["--data-dir", str(workspace.folder.root), *args, "--password-stdin"])


def test_submit_with_a_refused_login_exits_3_with_the_message_on_stderr(
    practice: Workspace, server: OAServer, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    ready_claims(practice, 2)
    assert _run(monkeypatch, practice, "Wrong12345", "submit", "--all-ready", "--test") == 3
    out, err = capsys.readouterr()
    assert out == ""
    assert "did not accept the username" in err and "Traceback" not in err


def test_sync_exits_1_naming_each_file_that_could_not_be_downloaded(
    practice: Workspace, server: OAServer, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    server.put_outbound("fine.txt", b"a report\n")
    assert _run(monkeypatch, practice, server.password, "sync") == 0
    assert "1 new file downloaded" in capsys.readouterr().out
    server.put_outbound("denied.txt", b"secret\n")
    server.deny("outbound", "denied.txt")
    assert _run(monkeypatch, practice, server.password, "sync") == 1
    out = capsys.readouterr().out
    assert "could not download denied.txt: " in out and "permission denied" in out
    assert _run(monkeypatch, practice, "Wrong12345", "sync") == 3
    assert "did not accept" in capsys.readouterr().err
