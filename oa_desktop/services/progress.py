"""How long work reports progress and notices a cancel, without knowing about Qt."""

from __future__ import annotations

import threading


class Cancelled(Exception):
    """The user cancelled the work; nothing half-done was kept."""


class Progress:
    """Handed to a long-running service function by whoever runs it."""

    def __init__(self) -> None:
        self._cancel = threading.Event()
        self.done = 0
        self.total = 0
        self.text = ""

    def report(self, done: int, total: int, text: str = "") -> None:
        """Say how far the work is; raises ``Cancelled`` once a cancel was asked for."""
        self.done, self.total, self.text = done, total, text
        self._on_report(done, total, text)
        self.check()

    def _on_report(self, done: int, total: int, text: str) -> None:
        """Hook for runners that forward progress (the UI's job runner)."""

    def cancel(self) -> None:
        """Ask the work to stop at its next check."""
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        """Whether the user asked to stop."""
        return self._cancel.is_set()

    def check(self) -> None:
        """Raise ``Cancelled`` if a cancel was asked for."""
        if self._cancel.is_set():
            raise Cancelled()
