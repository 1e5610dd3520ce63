from pathlib import Path

import pytest

from oa_desktop.cli import window


def test_screenshot_size_is_read_as_width_by_height() -> None:
    assert window.screen_size("1366x768") == (1366, 768)
    assert window.screen_size("1280X720") == (1280, 720)
    for bad in ("1366", "big", "100x100"):
        with pytest.raises(SystemExit, match="1366x768"):
            window.screen_size(bad)


def test_screenshot_renders_at_the_size_asked(
    qtbot: object, demo_template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil
    import sys

    from PySide6.QtGui import QImage

    root = tmp_path / "demo"
    shutil.copytree(demo_template, root)
    out = tmp_path / "shots"
    monkeypatch.setattr(sys, "argv", ["oa-desktop"])
    from oa_desktop.cli.main import main

    assert main(["--data-dir", str(root), "screenshot", "--out", str(out),
                 "--size", "1280x720"]) == 0
    picture = QImage(str(out / "claims_all.png"))
    assert (picture.width(), picture.height()) == (1280, 720)
