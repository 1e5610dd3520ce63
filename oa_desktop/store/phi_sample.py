"""The words the log filter must never let through: the current patients' names and
member ids (and their subscribers'), read from the database, refreshed when it changes."""

from __future__ import annotations

import json
import threading
import time

from oa_desktop.store.db import Store

_MIN_LENGTH = 3  # shorter words ("JO", "LI") would blank out too much ordinary text
SAMPLE = 20_000  # the newest patients (and their coverages) sampled


class PhiSample:
    """A cached set of upper-cased words, re-read when the patients or coverages change
    (checked at most once a second)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._lock = threading.Lock()
        self._words: frozenset[str] = frozenset()
        self._stamp: tuple[int, ...] = ()
        self._checked = 0.0

    def _current_stamp(self) -> tuple[int, ...]:
        row = self.store.read.execute(
            "SELECT (SELECT COUNT(*) FROM patients), (SELECT COALESCE(MAX(id), 0) FROM patients),"
            " (SELECT COUNT(*) FROM coverages), (SELECT COALESCE(MAX(id), 0) FROM coverages)"
        ).fetchone()
        return tuple(int(v) for v in row)

    def _read(self) -> frozenset[str]:
        db = self.store.read
        words: set[str] = set()
        rows = db.execute("SELECT last_name, first_name, middle_name FROM patients "
                          "ORDER BY id DESC LIMIT ?", [SAMPLE])
        for row in rows:
            for value in row:
                words.update(str(value or "").upper().replace(",", " ").split())
        for member_id, subscriber in db.execute(
            "SELECT member_id, subscriber FROM coverages ORDER BY id DESC LIMIT ?", [SAMPLE]
        ):
            words.add(str(member_id).upper())
            if subscriber:
                try:
                    person = json.loads(subscriber)
                except ValueError:
                    continue
                for key in ("last_name", "first_name"):
                    words.update(str(person.get(key, "")).upper().split())
        return frozenset(w for w in words if len(w) >= _MIN_LENGTH)

    def words(self) -> frozenset[str]:
        """The words to redact now."""
        with self._lock:
            now = time.monotonic()
            if now - self._checked >= 1.0 or not self._stamp:
                self._checked = now
                try:
                    stamp = self._current_stamp()
                    if stamp != self._stamp:
                        self._words, self._stamp = self._read(), stamp
                except Exception:  # noqa: BLE001 - a log line must never fail on this
                    pass
            return self._words
