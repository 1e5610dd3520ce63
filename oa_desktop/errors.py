"""Error classes (DESIGN §7). Each class has its own way of reaching the user.

- :class:`KnownError`: the environment or the user (bad password, disk full, malformed
  file). Shown as one sentence of what happened and one of what to do; no traceback.
- anything else: a bug. Logged with its traceback, shown in the crash dialog.
"""

from __future__ import annotations


class OaError(Exception):
    """Base of every error the application raises on purpose."""


class KnownError(OaError):
    """A problem the user can act on.

    ``message`` says what happened, ``next_step`` what to do, ``details`` optional
    technical text shown behind "Show details".
    """

    exit_code = 2

    def __init__(self, message: str, next_step: str = "", details: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.next_step = next_step
        self.details = details

    def __str__(self) -> str:
        return f"{self.message} {self.next_step}".strip()


class DataFolderError(KnownError):
    """The data folder cannot be created, written or opened."""


class DatabaseError(KnownError):
    """The database file is damaged, locked, or from a newer version of the app."""


class InputError(KnownError):
    """A file or value the user gave cannot be read (CSV, X12, a typed value)."""


class ConnectionFailure(KnownError):
    """Office Ally could not be reached or refused the login."""

    exit_code = 3
