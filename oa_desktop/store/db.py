"""Opening the database: pragmas, migrations, one writer, per-thread readers.

Writes go through :meth:`Store.write`, which serialises them with a lock and wraps
them in one transaction. Reads use a connection per thread (WAL lets them run while a
write is in progress), so the UI thread never waits for a worker's write.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

import sqlite_utils

from oa_desktop.errors import DatabaseError
from oa_desktop.logs import get_logger
from oa_desktop.paths import private_file
from oa_desktop.store import audit_chain
from oa_desktop.store.migrations import MIGRATIONS, Migration

T = TypeVar("T")

log = get_logger("store")


def utc_now() -> str:
    """The current time as stored: ISO 8601 in UTC, to the second."""
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def inserted_id(table: sqlite_utils.db.Table) -> int:
    """The primary key of the row ``table.insert(...)`` just wrote."""
    if table.last_pk is None:
        raise RuntimeError(f"no row was inserted into {table.name}")
    return int(table.last_pk)


def chunks_of(values: Sequence[T], size: int = 500) -> Iterator[list[T]]:
    """``values`` in lists of at most ``size``: an ``IN (…)`` list stays under SQLite's
    limit on bound variables."""
    for start in range(0, len(values), size):
        yield list(values[start:start + size])


def marks(values: Sequence[object]) -> str:
    """``?,?,?`` — one placeholder per value, for ``IN (…)``."""
    return ",".join("?" * len(values))


LIKE_ESCAPE = "ESCAPE '\\'"  # goes after every LIKE whose pattern comes from like_*()


def like_literal(text: str) -> str:
    """``text`` as literal characters of a LIKE pattern: ``%``, ``_`` and the escape
    character ``\\`` match only themselves (with ``LIKE ? ESCAPE '\\'``)."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def like_contains(text: str) -> str:
    """A LIKE pattern for values that contain ``text`` literally."""
    return f"%{like_literal(text)}%"


def like_starts(text: str) -> str:
    """A LIKE pattern for values that start with ``text`` literally."""
    return f"{like_literal(text)}%"


def insert_many(
    db: sqlite_utils.Database, table: str, columns: Sequence[str],
    rows: Sequence[Sequence[object]],
) -> None:
    """Insert many rows (tuples in ``columns`` order) in the caller's transaction.

    Several rows per statement: SQLite opens a statement journal for each statement on a
    table with triggers or foreign keys, so ``executemany`` (one statement per row) pays
    that once a row — more than half the time of a 40,000-row ledger posting.
    """
    if not rows:
        return
    width = len(columns)
    limit = db.conn.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    per = max(1, min(500, limit // width))
    one = "(" + ", ".join("?" * width) + ")"
    head = f"INSERT INTO {table} ({', '.join(columns)}) VALUES "
    full = head + ", ".join([one] * per)
    for start in range(0, len(rows), per):
        chunk = rows[start:start + per]
        sql = full if len(chunk) == per else head + ", ".join([one] * len(chunk))
        db.conn.execute(sql, [value for row in chunk for value in row])


def _connect(path: Path, *, read_only: bool = False) -> sqlite3.Connection:
    if read_only:
        uri = f"{path.resolve().as_uri()}?mode=ro"
        conn = sqlite3.connect(uri, uri=True, check_same_thread=False, timeout=10)
    else:
        conn = sqlite3.connect(str(path), check_same_thread=False, timeout=10)
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA busy_timeout = 10000")
    return conn


class DamagedDatabaseError(DatabaseError):
    """The database file cannot be read at all (its header or first pages are damaged)."""


def _damaged(path: Path, exc: Exception) -> DatabaseError:
    return DamagedDatabaseError(
        f"The database file {path} is damaged or is not an OA Desktop database ({exc}).",
        "Nothing was changed. Restore your latest backup (File → Restore backup), "
        "or open another data folder.",
        str(exc),
    )


class DiskFullError(DatabaseError):
    """A write failed for lack of disk space; it was rolled back."""


def _is_disk_full(exc: sqlite3.Error) -> bool:
    return getattr(exc, "sqlite_errorcode", None) == sqlite3.SQLITE_FULL or (
        "database or disk is full" in str(exc)
    )


def _quick_check(path: Path) -> str:
    """``ok``, or what SQLite's quick_check found, read through a read-only connection."""
    conn = _connect(path, read_only=True)
    try:
        conn.execute("PRAGMA user_version").fetchone()
        rows = conn.execute("PRAGMA quick_check").fetchall()
    finally:
        conn.close()
    return "; ".join(str(r[0]) for r in rows[:5])


class Store:
    """One SQLite database file.

    A file that fails ``PRAGMA quick_check`` opens read-only (``read_only`` is True and
    ``damaged`` says what SQLite found): it is never written, so nothing is lost, and
    the biller can still read and export while restoring a backup.
    """

    def __init__(self, path: Path, migrations: Sequence[Migration] = MIGRATIONS) -> None:
        self.path = path
        self._lock = threading.RLock()
        self._local = threading.local()
        self._readers: list[sqlite_utils.Database] = []
        self.actor = "system"  # who the audit trail names for the writes that follow
        self.read_only = False
        self.damaged = ""
        existed = path.exists() and path.stat().st_size > 0
        if existed:
            try:
                check = _quick_check(path)
            except sqlite3.DatabaseError as exc:
                raise _damaged(path, exc) from exc
            if check != "ok":
                log.error("quick_check failed; opening read-only: %s", check[:200])
                self._open_read_only(check)
                return
        try:
            conn = _connect(path)
            version = conn.execute("PRAGMA user_version").fetchone()[0]
        except sqlite3.DatabaseError as exc:
            raise _damaged(path, exc) from exc
        if version > len(migrations):
            conn.close()
            raise DatabaseError(
                f"This database was written by a newer version of OA Desktop "
                f"(schema {version}; this version knows up to {len(migrations)}).",
                "Install the newer version of OA Desktop again. Nothing was changed.",
            )
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            audit_chain.register(conn, lambda: self.actor)
            self.db = sqlite_utils.Database(conn)
            if existed and version < len(migrations):
                self._backup_before_migration(version)
            self._migrate(version, migrations)
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise _damaged(path, exc) from exc
        private_file(path)

    def _open_read_only(self, problem: str) -> None:
        self.read_only = True
        self.damaged = problem
        self.db = sqlite_utils.Database(_connect(self.path, read_only=True))

    # -- migrations -------------------------------------------------------------------

    def _backup_before_migration(self, version: int) -> None:
        """Copy the database aside before changing its schema."""
        folder = self.path.parent / "backups"
        folder.mkdir(exist_ok=True)
        stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
        target = folder / f"before-schema-{version + 1}-{stamp}.sqlite3"
        copy = sqlite3.connect(str(target))
        with copy:
            self.db.conn.backup(copy)
        copy.close()
        private_file(target)

    def _migrate(self, version: int, migrations: Sequence[Migration]) -> None:
        for number, migration in enumerate(migrations[version:], start=version + 1):
            log.info("applying schema migration %d", number)
            try:
                with self.db.atomic():
                    migration(self.db)
                    self.db.conn.execute(f"PRAGMA user_version = {number}")
            except Exception as exc:
                log.exception("schema migration %d failed", number)
                raise DatabaseError(
                    f"Updating the database to schema {number} failed: {exc}.",
                    "Your data was left as it was. Please send the log (Help → Show log) "
                    "to support.",
                ) from exc

    @property
    def schema_version(self) -> int:
        """The migration number applied last."""
        return int(self.db.conn.execute("PRAGMA user_version").fetchone()[0])

    # -- access ---------------------------------------------------------------------------

    @contextmanager
    def write(self) -> Iterator[sqlite_utils.Database]:
        """Serialise a write and run it in one transaction: all of it or none of it.

        A full disk (SQLITE_FULL) rolls the whole transaction back and raises
        ``DiskFullError``; reading goes on working.
        """
        if self.read_only:
            raise DatabaseError(
                "This data is open read-only because the database file is damaged, "
                "so nothing can be changed.",
                "Restore your latest backup (File → Restore backup…). The damaged file "
                "is kept as it is.",
                self.damaged,
            )
        with self._lock:
            try:
                with self.db.atomic():
                    yield self.db
            except sqlite3.OperationalError as exc:
                if not _is_disk_full(exc):
                    raise
                if self.db.conn.in_transaction:
                    self.db.conn.rollback()
                log.error("write rolled back: the disk is full")
                raise DiskFullError(
                    "The disk is full, so the last change was not saved. Nothing was "
                    "half-saved, and everything saved before is safe.",
                    "Free some space on this computer's disk (empty the Recycle Bin or "
                    "Trash, remove large downloads), then do it again. You can keep "
                    "looking at your data meanwhile.",
                    str(exc),
                ) from exc

    @property
    def read(self) -> sqlite_utils.Database:
        """A connection for reading, one per thread, apart from the writer's."""
        reader = getattr(self._local, "reader", None)
        if reader is None:
            reader = sqlite_utils.Database(_connect(self.path, read_only=self.read_only))
            self._local.reader = reader
            with self._lock:
                self._readers.append(reader)
        return reader

    def integrity_check(self) -> str:
        """SQLite's own check: ``ok`` or the first problems it found."""
        try:
            rows = self.read.execute("PRAGMA integrity_check").fetchall()
        except sqlite3.DatabaseError as exc:
            return str(exc)
        return "; ".join(str(r[0]) for r in rows[:5])

    def close(self) -> None:
        """Close the writer and every reader."""
        with self._lock:
            for reader in self._readers:
                reader.close()
            self._readers.clear()
            self.db.close()
