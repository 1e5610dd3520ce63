from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from oa_desktop import app
from oa_desktop.errors import KnownError


def test_window_opens_and_stays_up(qtbot: QtBot, tmp_path: Path) -> None:
    assert app.run_app(tmp_path / "data", quit_after_ms=300) == 0
    assert (tmp_path / "data" / "oa_desktop.sqlite3").exists()


def test_bad_data_folder_gets_a_message_and_nothing_is_written(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[KnownError] = []
    monkeypatch.setattr(app, "show_known_error", lambda parent, exc, title: shown.append(exc))
    data = tmp_path / "data"
    data.mkdir()
    (data / "oa_desktop.sqlite3").write_bytes(b"not a database" * 100)
    assert app.run_app(data) == 2
    assert "damaged" in shown[0].message
    assert (data / "oa_desktop.sqlite3").read_bytes() == b"not a database" * 100


def test_screenshots_cover_every_screen(qtbot: QtBot, demo_template: Path, tmp_path: Path) -> None:
    import shutil

    root = tmp_path / "demo"
    shutil.copytree(demo_template, root)
    written = app.take_screenshots(root, tmp_path / "shots")
    names = {p.name for p in written}
    assert {"claims_all.png", "section_problems.png", "claim_detail.png", "era_list.png",
            "help_log.png", "error_crash.png"} <= names
    assert all(p.stat().st_size > 5000 for p in written)


def test_damage_the_window_trips_on_is_explained(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sqlite3

    shown: list[KnownError] = []
    monkeypatch.setattr(app, "show_known_error", lambda parent, exc, title: shown.append(exc))

    def damaged(*_args: object, **_kwargs: object) -> None:
        raise sqlite3.DatabaseError("database disk image is malformed")

    monkeypatch.setattr(app, "MainWindow", damaged)
    assert app.run_app(tmp_path / "data") == 2
    assert "damaged and cannot be opened" in shown[0].message
