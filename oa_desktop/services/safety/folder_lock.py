"""One writer per data folder: a lock file held with an operating-system lock.

The window and every command that changes data take the lock before they open the
database; read-only commands (``status``, ``x12 parse``, ``selfcheck``) do not. The OS
releases the lock when the process ends, however it ends (a crash or ``kill -9``
leaves no stale lock behind), so there is never a lock file to delete by hand.

The file also says who holds the lock (what, which user, since when, which process), so
the one that is refused can say so in words. On Windows the lock covers one byte far
past that text, so the text stays readable while the lock is held.
"""

from __future__ import annotations

import contextlib
import getpass
import json
import os
import socket
import sys
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from oa_desktop.errors import KnownError
from oa_desktop.logs import get_logger

log = get_logger("safety")

LOCK_FILE = "oa_desktop.lock"
ENV_WAIT = "OA_DESKTOP_LOCK_WAIT"  # seconds a command waits for the lock (default below)
COMMAND_WAIT = 60.0
_WINDOWS_OFFSET = 1 << 30  # the locked byte on Windows, far past the holder's text
WINDOW = "the window"


class FolderInUseError(KnownError):
    """Another OA Desktop (a window or a command) is changing this data folder."""

    exit_code = 2


@dataclass(frozen=True)
class Holder:
    """Who holds a data folder's lock."""

    what: str  # "the window", or "the command sync"
    user: str
    host: str
    pid: int
    since: str  # ISO 8601, local time

    def describe(self) -> str:
        """``the window, opened by ana at 09:41 (process 1234)``."""
        try:
            at = datetime.fromisoformat(self.since).strftime("%m/%d/%Y %H:%M")
        except ValueError:
            at = self.since
        verb = "opened" if self.what == WINDOW else "started"
        by = f" by {self.user}" if self.user else ""
        return f"{self.what}, {verb}{by} at {at} (process {self.pid})"


def _user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return ""


def _try_lock(fd: int) -> bool:
    """Take the OS lock without waiting; False when another process holds it."""
    if sys.platform == "win32":
        import msvcrt

        os.lseek(fd, _WINDOWS_OFFSET, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def _unlock(fd: int) -> None:
    if sys.platform == "win32":
        import msvcrt

        os.lseek(fd, _WINDOWS_OFFSET, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
    else:
        import fcntl

        fcntl.flock(fd, fcntl.LOCK_UN)


def read_holder(root: Path) -> Holder | None:
    """Who holds (or last held) the lock of the data folder ``root``, if it says."""
    try:
        with (root / LOCK_FILE).open("rb") as f:
            data = json.loads(f.read(4096).split(b"\0", 1)[0] or b"{}")
        return Holder(what=str(data["what"]), user=str(data.get("user", "")),
                      host=str(data.get("host", "")), pid=int(data["pid"]),
                      since=str(data.get("since", "")))
    except (OSError, ValueError, KeyError, TypeError):
        return None


class FolderLock:
    """The held lock of one data folder; :meth:`release` (or the process ending) frees it."""

    def __init__(self, root: Path, fd: int, holder: Holder) -> None:
        self.root = root
        self.holder = holder
        self._fd: int | None = fd

    @property
    def held(self) -> bool:
        """True until released."""
        return self._fd is not None

    def release(self) -> None:
        """Free the lock (the holder's text stays; it is only read while locked)."""
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        with contextlib.suppress(OSError):  # closing the file frees it anyway
            _unlock(fd)
        os.close(fd)


def busy_error(root: Path, holder: Holder | None, *, command: bool) -> FolderInUseError:
    """The plain message for a data folder another OA Desktop is using."""
    who = f": {holder.describe()}" if holder else ""
    if command:
        step = ("Close the OA Desktop window (or wait for the other command to finish), "
                "then run the command again.")
    else:
        step = ("Switch to the OA Desktop window that is already open (look in the taskbar "
                "or Dock). Only one window at a time can work on the same data.")
    return FolderInUseError(f"OA Desktop is already open on this computer{who}.", step,
                            f"data folder {root}")


def command_wait() -> float:
    """How long a command waits for the lock: ``$OA_DESKTOP_LOCK_WAIT`` seconds, else 60."""
    try:
        return max(0.0, float(os.environ.get(ENV_WAIT, COMMAND_WAIT)))
    except ValueError:
        return COMMAND_WAIT


def acquire(root: Path, what: str, *, wait: float = 0.0, poll: float = 0.05) -> FolderLock:
    """Take the data folder's lock for ``what``, waiting up to ``wait`` seconds.

    Raises :class:`FolderInUseError` naming the holder when it stays taken.
    """
    root.mkdir(parents=True, exist_ok=True)
    path = root / LOCK_FILE
    flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags, 0o600)
    deadline = time.monotonic() + wait
    try:
        while not _try_lock(fd):
            if time.monotonic() >= deadline:
                holder = read_holder(root)
                log.info("data folder busy (held by process %s)", holder.pid if holder else "?")
                raise busy_error(root, holder, command=what != WINDOW)
            time.sleep(poll)
    except BaseException:
        os.close(fd)
        raise
    holder = Holder(what=what, user=_user(), host=socket.gethostname(), pid=os.getpid(),
                    since=datetime.now().replace(microsecond=0).isoformat())
    text = json.dumps(holder.__dict__).encode() + b"\0"
    os.lseek(fd, 0, os.SEEK_SET)
    os.write(fd, text.ljust(512, b" "))
    return FolderLock(root, fd, holder)
