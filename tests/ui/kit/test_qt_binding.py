"""Guards against a Qt binding that corrupts Python's reference counts.

PySide6 6.12.0 on Python 3.11 lost one reference to ``True`` on every signal emitted
from Python; a long session then aborted with "Fatal Python error: bool_dealloc".
"""

import sys

from PySide6.QtCore import QObject, Signal
from pytestqt.qtbot import QtBot


class _Emitter(QObject):
    with_int = Signal(int)
    with_object = Signal(object)
    bare = Signal()


def test_emitting_signals_keeps_reference_counts(qtbot: QtBot) -> None:
    emitter = _Emitter()
    seen: list[object] = []
    emitter.with_int.connect(seen.append)
    emitter.with_object.connect(seen.append)
    emitter.bare.connect(lambda: seen.append(None))
    before = sys.getrefcount(True)
    for i in range(200):
        emitter.with_int.emit(i)
        emitter.with_object.emit(True)
        emitter.bare.emit()
    seen.clear()
    assert abs(sys.getrefcount(True) - before) < 10
