"""Work around a PySide6 6.12.0 bug that the model tester trips.

``Signal.disconnect()`` returns ``True`` with one reference too few, so every call
lowers ``True``'s reference count; pytest-qt's Python model tester disconnects about
thirty slots per model at teardown. A few models later the interpreter aborts with
"bool_dealloc: deallocating True or False". Reproduce with a loop of
``model.modelReset.connect(f); model.modelReset.disconnect(f)``. The app itself never
disconnects signals; here the references the tester's cleanup loses are put back.
"""

from __future__ import annotations

import ctypes
import sys
from collections.abc import Iterator

import pytest


@pytest.fixture(autouse=True, scope="session")
def _keep_true_alive(qapp: object) -> Iterator[None]:
    from pytestqt.modeltest import ModelTester  # needs the Qt binding loaded first

    original = ModelTester._cleanup

    def cleanup(self: ModelTester) -> None:  # noqa: N805
        before = sys.getrefcount(True)
        original(self)
        for _ in range(max(before - sys.getrefcount(True), 0)):
            ctypes.pythonapi.Py_IncRef(ctypes.py_object(True))

    ModelTester._cleanup = cleanup  # type: ignore[method-assign]
    yield
    ModelTester._cleanup = original  # type: ignore[method-assign]
