"""Work around a PySide6 6.12.0 reference-count bug the UI tests trip.

``Signal.emit()`` and ``Signal.disconnect()`` called from Python return ``True`` with
one reference too few, so each call lowers ``True``'s reference count (reproduce: a
loop of ``obj.sig.emit()`` and ``sys.getrefcount(True)``). After a few thousand calls
Python 3.11 aborts with "bool_dealloc: deallocating True or False". Python 3.12 made
``True``/``False`` immortal; here they get a reference count no test run can use up.
The application needs the same guard (or another PySide6 release) — see the report of
the workspace-ui branch.
"""

from __future__ import annotations

import ctypes
import sys


def _pin_bools() -> None:
    if sys.version_info < (3, 12):
        for value in (True, False):
            ctypes.c_ssize_t.from_address(id(value)).value += 1 << 32


_pin_bools()
