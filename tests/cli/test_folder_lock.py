"""Commands and the window share a data folder politely: a writing command waits for
the lock, then exits 2 naming who holds it; read-only commands don't need it."""

from __future__ import annotations

from pathlib import Path

import pytest

from oa_desktop.cli.main import main
from oa_desktop.services.safety import folder_lock
from oa_desktop.services.workspace import open_workspace


def test_a_writing_command_waits_then_exits_2_while_the_window_is_open(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv(folder_lock.ENV_WAIT, "0.3")
    window = open_workspace(tmp_path, lock=folder_lock.WINDOW)
    try:
        assert main(["--data-dir", str(tmp_path), "post-eras", "--auto"]) == 2
        err = capsys.readouterr().err
        assert err.startswith("oa-desktop: OA Desktop is already open on this computer: "
                              "the window, opened by")
        assert "Close the OA Desktop window" in err and "Traceback" not in err
        assert main(["--data-dir", str(tmp_path), "status", "--json"]) == 0  # read-only
        assert main(["--data-dir", str(tmp_path), "selfcheck"]) in (0, 1)
    finally:
        window.close()
    assert main(["--data-dir", str(tmp_path), "post-eras", "--auto"]) == 0
    assert "Posted 0 ERAs." in capsys.readouterr().out
