"""UI test guard: a message box nobody expected must not hang the run.

Offscreen, a modal ``QMessageBox`` waits forever for a click. That happened when a
failing qtbot test closed a claim editor with typed changes: the editor asked
"Discard changes?" during teardown, and the whole run stalled without reporting the
failure. Here every static message box answers at once with its safe choice (Cancel or
No, so nothing is discarded or deleted), and the texts are kept in ``dialogs_shown``.
A test that needs another answer patches the box itself, as before.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from oa_desktop.ui.kit.collector import UiThreadCollector

Button = QMessageBox.StandardButton
_SAFE = (Button.Cancel, Button.No, Button.Close, Button.Abort, Button.Ok)


def _safe_answer(buttons: Any) -> Button:
    for choice in _SAFE:
        if buttons is not None and buttons & choice:
            return choice
    return Button.Ok


@pytest.fixture(autouse=True)
def dialogs_shown(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The titles and texts of the static message boxes a test opened."""
    shown: list[str] = []

    def answer(kind: str) -> Any:
        def box(parent: Any, title: str, text: str, buttons: Any = Button.Ok,
                *args: Any, **kwargs: Any) -> Button:
            shown.append(f"{kind}: {title}: {text}")
            return _safe_answer(kwargs.get("buttons", buttons))
        return staticmethod(box)

    for kind in ("question", "warning", "critical", "information"):
        monkeypatch.setattr(QMessageBox, kind, answer(kind))
    yield shown


@pytest.fixture(autouse=True)
def collect_on_the_ui_thread(qapp: QApplication) -> Iterator[None]:
    """As in the app: no cycle collection on a worker or paramiko thread during a test (it
    crashed the run there once); the test's cycles are collected on the UI thread after."""
    collector = UiThreadCollector()
    yield
    collector.stop()


Shot = Callable[[QWidget, str], None]


@pytest.fixture
def shot(tmp_path: Path) -> Shot:
    """Save a picture of a widget as ``shots/NAME.png`` in this test's folder (to look at
    by hand when a test fails; nothing is written anywhere else)."""
    folder = tmp_path / "shots"

    def save(widget: QWidget, name: str) -> None:
        folder.mkdir(exist_ok=True)
        QApplication.processEvents()  # let layouts settle after text changes
        assert widget.grab().save(str(folder / f"{name}.png"))

    return save


@pytest.fixture
def keep_alive() -> Iterator[list[object]]:
    """Widgets kept until the test's other fixtures are torn down (ask for it first, before
    ``qtmodeltester``, whose teardown disconnects from the model it checked last)."""
    kept: list[object] = []
    yield kept
    kept.clear()
