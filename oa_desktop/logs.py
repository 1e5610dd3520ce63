"""Named loggers per subsystem, written to a rotating file in the data folder.

Logs carry ids (claim id, batch id, file name), never patient names, member ids or
birth dates. Call sites log ids only; :class:`RedactingFilter` is a safety net that
also checks every line against the current patients' names and member ids.
"""

from __future__ import annotations

import logging
import logging.handlers
import re
from collections.abc import Callable, Set
from pathlib import Path

SUBSYSTEMS = ("app", "ui", "store", "x12", "gateway", "sandbox", "services")
LOG_FILE = "oa_desktop.log"
_FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"

_DATE = re.compile(r"\b(19|20)\d{2}-?\d{2}-?\d{2}\b|\b\d{2}/\d{2}/(19|20)\d{2}\b")
_SSN = re.compile(r"\b\d{3}-\d{2}-\d{4}\b")
_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'-]*")

# Where the current patients' names and member ids come from (set by the open data
# folder; None: none known). Returns upper-cased words.
_sensitive: Callable[[], Set[str]] | None = None


def set_sensitive_words(source: Callable[[], Set[str]] | None) -> None:
    """Name the source of patient names and member ids the filter blanks out."""
    global _sensitive
    _sensitive = source


def redact(text: str) -> str:
    """``text`` without dates, SSNs, or any current patient's name or member id."""
    text = _SSN.sub("[ssn]", _DATE.sub("[date]", text))
    source = _sensitive
    words = source() if source is not None else frozenset()
    if not words:
        return text
    return _WORD.sub(lambda m: "[redacted]" if m.group().upper() in words else m.group(), text)


class RedactingFilter(logging.Filter):
    """Blank out dates (a birth date must never reach a log), SSN-shaped numbers, and the
    current patients' names and member ids — in the message and in any traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Blank out what :func:`redact` blanks, in the message and its traceback."""
        message = record.getMessage()
        clean = redact(message)
        if clean != message:
            record.msg = clean
            record.args = ()
        if record.exc_info and not record.exc_text:
            record.exc_text = redact(logging.Formatter().formatException(record.exc_info))
        return True


def get_logger(subsystem: str) -> logging.Logger:
    """The logger of one subsystem: ``oa_desktop.<subsystem>``."""
    return logging.getLogger(f"oa_desktop.{subsystem}")


def setup_logging(log_dir: Path, level: int = logging.INFO) -> Path:
    """Send every subsystem's records to ``log_dir/oa_desktop.log`` (5 x 1 MB)."""
    log_dir.mkdir(parents=True, exist_ok=True)
    path = log_dir / LOG_FILE
    root = logging.getLogger("oa_desktop")
    # paramiko's own records (e.g. "Socket exception" on a dropped connection) go to the same
    # file, never to the console through Python's last-resort handler.
    ssh = logging.getLogger("paramiko")
    for logger in (root, ssh):
        for handler in list(logger.handlers):
            if isinstance(handler, logging.handlers.RotatingFileHandler):
                logger.removeHandler(handler)
                handler.close()
    handler = logging.handlers.RotatingFileHandler(
        path, maxBytes=1_000_000, backupCount=5, encoding="utf-8"
    )
    handler.setFormatter(logging.Formatter(_FORMAT))
    handler.addFilter(RedactingFilter())
    root.addHandler(handler)
    root.setLevel(level)
    ssh.addHandler(handler)
    ssh.setLevel(max(level, logging.WARNING))
    ssh.propagate = False
    return path
