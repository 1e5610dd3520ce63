"""Named loggers per subsystem, written to a rotating file in the data folder.

Logs carry ids (claim id, batch id, file name), never patient names, member ids or
birth dates. Call sites log ids only; :class:`RedactingFilter` is a safety net.
"""

from __future__ import annotations

import logging
import logging.handlers
import re
from pathlib import Path

SUBSYSTEMS = ("app", "ui", "store", "x12", "gateway", "sandbox", "services")
LOG_FILE = "oa_desktop.log"
_FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"

_DATE = re.compile(r"\b(19|20)\d{2}-?\d{2}-?\d{2}\b|\b\d{2}/\d{2}/(19|20)\d{2}\b")


class RedactingFilter(logging.Filter):
    """Blank out anything shaped like a date (a birth date must never reach a log)."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Blank out dates in the log message (never patient data in logs)."""
        message = record.getMessage()
        if _DATE.search(message):
            record.msg = _DATE.sub("[date]", message)
            record.args = ()
        return True


def get_logger(subsystem: str) -> logging.Logger:
    """The logger of one subsystem: ``oa_desktop.<subsystem>``."""
    return logging.getLogger(f"oa_desktop.{subsystem}")


def setup_logging(log_dir: Path, level: int = logging.INFO) -> Path:
    """Send every subsystem's records to ``log_dir/oa_desktop.log`` (5 x 1 MB)."""
    log_dir.mkdir(parents=True, exist_ok=True)
    path = log_dir / LOG_FILE
    root = logging.getLogger("oa_desktop")
    for handler in list(root.handlers):
        if isinstance(handler, logging.handlers.RotatingFileHandler):
            root.removeHandler(handler)
            handler.close()
    handler = logging.handlers.RotatingFileHandler(
        path, maxBytes=1_000_000, backupCount=5, encoding="utf-8"
    )
    handler.setFormatter(logging.Formatter(_FORMAT))
    handler.addFilter(RedactingFilter())
    root.addHandler(handler)
    root.setLevel(level)
    return path
