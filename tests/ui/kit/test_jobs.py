import gc
import threading
import time
import traceback
import weakref

from pytestqt.qtbot import QtBot

from oa_desktop.errors import KnownError
from oa_desktop.services.progress import Cancelled, Progress
from oa_desktop.ui.kit.jobs import JobRunner


def test_success_arrives_on_the_ui_thread(qtbot: QtBot) -> None:
    runner = JobRunner()
    seen: dict[str, object] = {}
    ui_thread = threading.get_ident()

    def work(progress: Progress) -> int:
        seen["worker"] = threading.get_ident()
        progress.report(1, 2, "half")
        return 42

    def done(result: object) -> None:
        seen["result"] = result
        seen["callback"] = threading.get_ident()

    progress: list[tuple[int, int, str]] = []
    runner.run("answer", work, on_success=done, on_progress=lambda *a: progress.append(a))
    qtbot.waitUntil(lambda: "result" in seen, timeout=20_000)
    assert seen["result"] == 42
    assert seen["worker"] != ui_thread
    assert seen["callback"] == ui_thread
    qtbot.waitUntil(lambda: progress == [(1, 2, "half")], timeout=20_000)


def test_every_exception_reaches_failure(qtbot: QtBot) -> None:
    runner = JobRunner()
    errors: list[BaseException] = []

    def boom(_progress: Progress) -> None:
        raise KnownError("Office Ally refused the password.", "Check it in Settings.")

    runner.run("boom", boom, on_failure=errors.append)
    qtbot.waitUntil(lambda: bool(errors), timeout=20_000)
    assert isinstance(errors[0], KnownError)

    def bug(_progress: Progress) -> None:
        raise ZeroDivisionError

    runner.run("bug", bug, on_failure=errors.append)
    qtbot.waitUntil(lambda: len(errors) == 2, timeout=20_000)
    assert isinstance(errors[1], ZeroDivisionError)


def test_cancel_stops_the_work(qtbot: QtBot) -> None:
    runner = JobRunner()
    started = threading.Event()
    errors: list[BaseException] = []
    steps: list[int] = []

    def slow(progress: Progress) -> None:
        started.set()
        for i in range(1000):
            steps.append(i)
            time.sleep(0.005)
            progress.report(i, 1000)

    job = runner.run("slow", slow, on_failure=errors.append)
    assert started.wait(30)
    job.cancel()
    qtbot.waitUntil(lambda: bool(errors), timeout=20_000)
    assert isinstance(errors[0], Cancelled)
    assert len(steps) < 1000
    assert runner.wait(20_000)


class _Screen:
    """Stands for a widget that runs jobs: it holds its runner, the runner its jobs."""

    def __init__(self) -> None:
        self.runner = JobRunner()
        self.results: list[object] = []
        self.errors: list[str] = []  # shown, as a screen does; the error itself not kept

    def done(self, result: object) -> None:
        self.results.append(result)

    def failed(self, error: BaseException) -> None:
        self.errors.append("".join(traceback.format_exception(error)))


def _paramiko_style_failure(screen: _Screen) -> None:
    e = OSError("Incompatible ssh peer")  # paramiko's "e = get_exception(); raise e":
    raise e  # the frame holds the error and the screen, the error's traceback the frame


def _screen_that_ran_jobs(qtbot: QtBot) -> weakref.ref[_Screen]:
    screen = _Screen()
    screen.runner.run("fine", lambda _p: 42, on_success=screen.done)
    screen.runner.run("fails", lambda _p: _paramiko_style_failure(screen),
                      on_failure=screen.failed)
    qtbot.waitUntil(lambda: bool(screen.results and screen.errors), timeout=20_000)
    assert screen.runner.wait(20_000)
    assert "OSError: Incompatible ssh peer" in screen.errors[0]
    assert "_paramiko_style_failure" in screen.errors[0]  # the traceback still prints
    return weakref.ref(screen)


def test_a_screen_is_freed_without_the_collector_once_its_jobs_ended(qtbot: QtBot) -> None:
    # Cycles through a finished job (its callbacks, or the locals in its error's
    # traceback) left the screen for the collector, which may run on a worker thread.
    assert not gc.isenabled()  # the UI tests' collector: only this thread collects
    gone = _screen_that_ran_jobs(qtbot)
    assert gone() is None
