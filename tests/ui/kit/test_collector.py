"""Python's cycle collector runs on the UI thread only (ui/kit/collector.py)."""

from __future__ import annotations

import gc
import threading
import weakref
from collections.abc import Iterator

import pytest

from oa_desktop.ui.kit.collector import UiThreadCollector


class _Node:
    def __init__(self) -> None:
        self.me = self  # a cycle: only the collector frees it


@pytest.fixture
def collections() -> Iterator[list[int]]:
    """The thread of every collection that runs during the test, which starts as a process
    does: with automatic collection on (the UI tests' own collector turned it off)."""
    threads: list[int] = []
    was_enabled = gc.isenabled()
    gc.enable()

    def note(phase: str, _info: dict[str, int]) -> None:
        if phase == "start":
            threads.append(threading.get_ident())

    gc.callbacks.append(note)
    yield threads
    gc.callbacks.remove(note)
    if not was_enabled:
        gc.disable()


def test_a_worker_making_garbage_never_runs_the_collector(collections: list[int]) -> None:
    collector = UiThreadCollector()
    try:
        worker = threading.Thread(target=lambda: [_Node() for _ in range(200_000)])
        worker.start()
        worker.join()
        assert collections == []  # automatic collection would have run on the worker
        assert collector.collect_due() > 0  # the timer's call: the worker's cycles, freed
        assert set(collections) == {threading.get_ident()}
    finally:
        collector.stop()


def test_cycles_are_freed_when_due_and_nothing_collects_before(
    collections: list[int],
) -> None:
    collector = UiThreadCollector()
    try:
        gc.collect()
        collections.clear()
        node = _Node()
        gone = weakref.ref(node)
        del node
        assert collector.collect_due() == 0 and gone() is not None  # not due yet
        _ = [_Node() for _ in range(collector.threshold[0] + 1)]
        assert collector.collect_due() > 0 and gone() is None
    finally:
        collector.stop()


def test_stop_collects_and_hands_collection_back(collections: list[int]) -> None:
    assert gc.isenabled()
    collector = UiThreadCollector()
    assert not gc.isenabled() and collector.timer.isActive()
    node = _Node()
    gone = weakref.ref(node)
    del node
    collector.stop()
    assert gone() is None and gc.isenabled() and not collector.timer.isActive()
