"""Python's cycle collector runs on the UI thread only.

Left automatic, the collector runs on whichever thread allocates when a threshold is
passed: a job's worker, or paramiko's transport thread. Freeing a Qt object's Python
wrapper there can crash the app (a segmentation fault "Garbage-collecting" on a worker
thread in the setup wizard's tests). pyqtgraph, Anki and GitFourchette turn the
automatic collector off for the same reason and collect from a timer on the UI thread.
Objects without cycles are still freed at once, as always; only cycles wait.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 1000


class UiThreadCollector(QObject):
    """Turns automatic collection off and collects, when due, from a UI-thread timer."""

    def __init__(self, parent: QObject | None = None, interval_ms: int = INTERVAL_MS) -> None:
        super().__init__(parent)
        self.was_enabled = gc.isenabled()
        self.threshold = gc.get_threshold()
        gc.disable()
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.collect_due)
        self.timer.start(interval_ms)

    def collect_due(self) -> int:
        """Collect the generations past their thresholds, as the automatic collector would
        have (the oldest due generation takes the younger ones with it). Returns how many
        unreachable objects were found."""
        counts = gc.get_count()
        due = -1
        for generation in range(3):
            if counts[generation] <= self.threshold[generation]:
                break
            due = generation
        return gc.collect(due) if due >= 0 else 0

    def stop(self) -> None:
        """No more timer: collect everything now, here, and hand collection back to Python
        as it was before."""
        self.timer.stop()
        gc.collect()
        if self.was_enabled:
            gc.enable()


_installed: UiThreadCollector | None = None


def install(app: QObject) -> UiThreadCollector:
    """Once per process: collect on ``app``'s (the UI) thread from now on."""
    global _installed  # noqa: PLW0603 - one collector for the one application
    if _installed is None:
        _installed = UiThreadCollector(app)
    return _installed
