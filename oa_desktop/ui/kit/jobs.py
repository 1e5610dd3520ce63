"""Run Qt-free service functions off the UI thread (Anki's QueryOp is the model).

``JobRunner.run(fn, ...)`` calls ``fn(progress)`` in a worker thread and delivers
``on_progress``, ``on_success`` and ``on_failure`` on the UI thread. An exception in
``fn`` always reaches ``on_failure``; a cancel arrives there as ``Cancelled``.
"""

from __future__ import annotations

import traceback
import weakref
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

from oa_desktop.logs import get_logger
from oa_desktop.services.progress import Progress

log = get_logger("ui")


class _Signals(QObject):
    """Created on the UI thread, so its slots run there when a worker emits."""

    progressed = Signal(int, int, str)
    succeeded = Signal(object)
    failed = Signal(object)

    def __init__(self, job: Job, parent: QObject | None) -> None:
        # Parented to the runner, so Qt owns it: dropping the Python wrapper on a worker
        # thread never destroys it there. It is deleted on the UI thread after delivery.
        super().__init__(parent)
        # A weak reference: no cycle between the job and this QObject, so the garbage
        # collector never frees the QObject on a worker thread (Qt would crash).
        self._job = weakref.ref(job)
        self.progressed.connect(self.deliver_progress)
        self.succeeded.connect(self.deliver_success)
        self.failed.connect(self.deliver_failure)

    @Slot(int, int, str)
    def deliver_progress(self, done: int, total: int, text: str) -> None:
        job = self._job()
        if job is not None:
            job.deliver_progress(done, total, text)

    @Slot(object)
    def deliver_success(self, result: object) -> None:
        job = self._job()
        if job is not None:
            job.deliver_success(result)
        self.deleteLater()

    @Slot(object)
    def deliver_failure(self, error: BaseException) -> None:
        job = self._job()
        if job is not None:
            job.deliver_failure(error)
        self.deleteLater()


class Job(Progress):
    """A running piece of work: its progress, its cancel, and its outcome callbacks."""

    def __init__(
        self,
        name: str,
        on_success: Callable[[Any], None] | None,
        on_failure: Callable[[BaseException], None] | None,
        on_progress: Callable[[int, int, str], None] | None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__()
        self.name = name
        self.finished = False
        self._on_success = on_success
        self._on_failure = on_failure
        self._on_progress = on_progress
        self.signals = _Signals(self, parent)

    def _on_report(self, done: int, total: int, text: str) -> None:
        self.signals.progressed.emit(done, total, text)

    def deliver_progress(self, done: int, total: int, text: str) -> None:
        """Hand progress to the caller's callback (on the UI thread)."""
        if self._on_progress is not None:
            self._on_progress(done, total, text)

    def deliver_success(self, result: object) -> None:
        """Hand the result to the caller's callback (on the UI thread)."""
        on_success = self._end()[0]
        if on_success is not None:
            on_success(result)

    def deliver_failure(self, error: BaseException) -> None:
        """Hand the error to the caller's callback (on the UI thread)."""
        on_failure = self._end()[1]
        if on_failure is not None:
            on_failure(error)
        else:
            log.error("job %s failed without a failure handler: %r", self.name, error)

    def _end(self) -> tuple[Callable[[Any], None] | None, Callable[[BaseException], None] | None]:
        """Mark the job finished and let go of its callbacks. They often hold the widget
        that runs the job, which holds the runner and so this job: a cycle that only the
        garbage collector frees, on whatever thread it runs, where freeing Qt objects can
        crash the app."""
        self.finished = True
        callbacks = self._on_success, self._on_failure
        self._on_success = self._on_failure = self._on_progress = None
        return callbacks


class _Task(QRunnable):
    def __init__(self, job: Job, fn: Callable[[Progress], Any]) -> None:
        super().__init__()
        self.job = job
        self.fn = fn
        self.setAutoDelete(True)

    def run(self) -> None:
        try:
            self.job.check()
            result = self.fn(self.job)
        except BaseException as exc:  # every failure must reach on_failure
            if not isinstance(exc, Exception):
                log.warning("job %s ended by %r", self.job.name, exc)
            else:
                log.info("job %s failed: %s", self.job.name, exc.__class__.__name__)
            _forget_locals(exc)
            self.job.signals.failed.emit(exc)
            return
        self.job.signals.succeeded.emit(result)


def _forget_locals(exc: BaseException) -> None:
    """Clear the local variables of the finished frames in ``exc``'s tracebacks (its causes
    too); the tracebacks still print. Those frames hold the job's work and so the widgets
    that started it, and code like paramiko's ``e = …; raise e`` ties them into a cycle that
    only the garbage collector frees, on whatever thread runs it next, where freeing Qt
    objects can crash the app."""
    seen: set[int] = set()
    chain: BaseException | None = exc
    while chain is not None and id(chain) not in seen:
        seen.add(id(chain))
        traceback.clear_frames(chain.__traceback__)  # skips the frame still running (ours)
        chain = chain.__cause__ or chain.__context__


class JobRunner(QObject):
    """One pool of worker threads for the whole window.

    The runner keeps each job until its outcome was delivered on the UI thread, so the
    job and its QObject are always released there, never on a worker thread.
    """

    def __init__(self, parent: QObject | None = None, max_threads: int = 4) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(max_threads)
        self.jobs: list[Job] = []

    def run(
        self,
        name: str,
        fn: Callable[[Progress], Any],
        on_success: Callable[[Any], None] | None = None,
        on_failure: Callable[[BaseException], None] | None = None,
        on_progress: Callable[[int, int, str], None] | None = None,
    ) -> Job:
        """Start ``fn(progress)`` in a worker thread; returns the job (``.cancel()`` stops it)."""
        job = Job(name, on_success, on_failure, on_progress, parent=self)
        self.jobs = [j for j in self.jobs if not j.finished] + [job]  # pruned on the UI thread
        self.pool.start(_Task(job, fn))
        return job

    def wait(self, msecs: int = 30_000) -> bool:
        """Wait for every running job (for shutdown and tests)."""
        return bool(self.pool.waitForDone(msecs))

    def stop_all(self, msecs: int = 30_000) -> bool:
        """Cancel every running job and wait for them to end, so none outlives the data it
        works on (the window closing, the database let go). True when all ended."""
        for job in self.jobs:
            if not job.finished:
                job.cancel()
        return self.wait(msecs)
