"""Dividers that stay where the biller left them (one setting for all, by name)."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QSplitter

from oa_desktop.store import settings
from oa_desktop.store.db import Store

SPLITTERS: settings.Setting[dict[str, list[int]]] = settings.Setting(
    "ui.splitters", {}, "Where each divider between panes was left (pane sizes, by screen)")


def remember(splitter: QSplitter, store: Store, name: str, default: list[int]) -> None:
    """Give ``splitter`` its remembered sizes (else ``default``) and keep them when moved.

    Sizes are proportions: on a smaller screen the panes shrink together."""
    saved = SPLITTERS.get(store).get(name)
    sizes = saved if saved and len(saved) == splitter.count() and all(
        isinstance(n, int) and n >= 0 for n in saved) else default
    splitter.setSizes(sizes)
    timer = QTimer(splitter)
    timer.setSingleShot(True)
    timer.setInterval(400)  # one write when the drag ends, not one per pixel

    def store_sizes() -> None:
        if store.read_only:
            return
        values = dict(SPLITTERS.get(store))
        values[name] = [int(n) for n in splitter.sizes()]
        SPLITTERS.set(store, values)

    timer.timeout.connect(store_sizes)
    splitter.splitterMoved.connect(lambda _pos, _index: timer.start())
