"""Without a keyring and without --password-stdin, a command at a terminal asks for the
Office Ally password (not echoed); elsewhere it says how to give it."""

from __future__ import annotations

import io

import pytest

from oa_desktop.cli import data_folder
from oa_desktop.cli.main import main
from oa_desktop.services.demo.practice import (
    DEMO_SANDBOX_PASSWORD,
    DEMO_SANDBOX_USER,
    start_demo_sandbox,
)
from oa_desktop.services.office_ally import connection
from oa_desktop.services.workspace import Workspace


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_sync_asks_for_the_password_at_a_terminal(
    demo_workspace: Workspace, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    root = str(demo_workspace.folder.root)
    sandbox = start_demo_sandbox(demo_workspace.folder.root, respond_after=60)
    try:
        connection.CREDENTIALS.forget("127.0.0.1", DEMO_SANDBOX_USER)  # no keyring, no session
        assert main(["--data-dir", root, "sync"]) == 2  # not a terminal: told how
        err = capsys.readouterr().err
        assert "password is needed" in err and "--password-stdin" in err
        prompts: list[str] = []

        def getpass(prompt: str) -> str:
            prompts.append(prompt)
            return DEMO_SANDBOX_PASSWORD

        monkeypatch.setattr("sys.stdin", Terminal())
        monkeypatch.setattr(data_folder.getpass, "getpass", getpass)
        assert main(["--data-dir", root, "sync"]) == 0
        assert prompts == [f"Office Ally password for {DEMO_SANDBOX_USER}: "]
    finally:
        sandbox.stop()
