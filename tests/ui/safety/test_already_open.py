"""A second window on the same data folder says which one is open, and opens nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from oa_desktop import app
from oa_desktop.errors import KnownError
from oa_desktop.services.safety import folder_lock


def test_a_second_window_is_told_the_first_is_open(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[tuple[KnownError, str]] = []
    monkeypatch.setattr(app, "show_known_error",
                        lambda parent, exc, title: shown.append((exc, title)))
    data = tmp_path / "data"
    first = folder_lock.acquire(data, folder_lock.WINDOW)
    try:
        assert app.run_app(data) == 2
    finally:
        first.release()
    error, title = shown[0]
    assert title == "OA Desktop is already open"
    assert error.message.startswith("OA Desktop is already open on this computer: the window")
    assert not (data / "oa_desktop.sqlite3").exists()  # nothing was opened
    assert app.run_app(data, quit_after_ms=200) == 0  # the lock is free again
