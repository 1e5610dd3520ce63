from PySide6.QtWidgets import QLabel, QSplitter
from pytestqt.qtbot import QtBot

from oa_desktop.store.db import Store
from oa_desktop.ui.kit import splitters


def _splitter(qtbot: QtBot) -> QSplitter:
    splitter = QSplitter()
    splitter.addWidget(QLabel("list"))
    splitter.addWidget(QLabel("detail"))
    splitter.resize(800, 300)
    qtbot.addWidget(splitter)
    splitter.show()
    return splitter


def test_a_divider_starts_at_its_default_and_comes_back_where_it_was_left(
    qtbot: QtBot, store: Store
) -> None:
    first = _splitter(qtbot)
    splitters.remember(first, store, "test.pane", [600, 200])
    assert first.sizes()[0] > first.sizes()[1]
    first.moveSplitter(250, 1)
    moved = first.sizes()
    qtbot.waitUntil(lambda: splitters.SPLITTERS.get(store).get("test.pane") == moved)
    again = _splitter(qtbot)
    splitters.remember(again, store, "test.pane", [600, 200])
    assert again.sizes() == moved


def test_remembered_sizes_of_another_shape_are_ignored(qtbot: QtBot, store: Store) -> None:
    splitters.SPLITTERS.set(store, {"test.pane": [1, 2, 3]})
    splitter = _splitter(qtbot)
    splitters.remember(splitter, store, "test.pane", [600, 200])
    assert splitter.sizes()[0] > splitter.sizes()[1]
