"""CLI.md's exit codes for the commands that connect: 0 fine, 1 needs attention, 3 refused."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from oa_desktop.cli.main import main
from oa_desktop.services.office_ally import connection
from oa_desktop.services.workspace import Workspace, open_workspace
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


def test_gateway_setup_takes_the_folder_names_and_pins_every_key(
    server: OAServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    server.mkdir("tmp/up")
    data = tmp_path / "practice"
    base = ["--data-dir", str(data), "gateway", "setup", "--host", "127.0.0.1", "--port",
            str(server.port), "--username", server.username, "--tax-id", "74-2345678",
            "--inbound", "/tmp/up", "--outbound", "/outbound", "--password-stdin"]
    monkeypatch.setattr("sys.stdin", io.StringIO(server.password + "\n"))
    assert main([*base, "--accept-host-key", server.fingerprint]) == 0
    out = capsys.readouterr().out
    assert out.count("Pinned host key") == (3 if server.sshd else 1)
    workspace = open_workspace(data)
    try:
        gateway = connection.load_gateway_settings(workspace)
    finally:
        workspace.close()
    assert (gateway.upload_folder, gateway.download_folder) == ("/tmp/up", "/outbound")
