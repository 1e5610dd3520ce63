"""A quick end for a read-only command that leaves a large heap behind (``x12 parse``).

Freeing a 20,000-claim ERA's million objects at exit, and the cyclic collector's passes
over them, cost a third of the whole ``x12 parse --json`` process. A command that writes
nothing but its output may ask to skip both: the collector stays off for the rest of the
process, and the entry point (``oa_desktop.__main__``) flushes the output and the logs and
ends the process at once. Only the entry point arms this; in-process callers (tests, the
app) are never affected.
"""

from __future__ import annotations

import gc
import logging
import os
import sys

_state = {"armed": False, "requested": False}


def arm() -> None:
    """Called by the process entry point only: requests may be honoured."""
    _state["armed"] = True


def request() -> None:
    """A read-only command asks for a quick end (nothing to close or clean up)."""
    if _state["armed"]:
        _state["requested"] = True
        gc.disable()  # no cycles to free before the process ends


def end_now_if_requested(status: int) -> None:
    """Flush the output and the logs, then end the process without freeing its heap."""
    if not _state["requested"]:
        return
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (BrokenPipeError, OSError, ValueError):
        status = status if status else 0  # a closed pipe ends quietly (CLI.md)
    logging.shutdown()
    os._exit(status)
