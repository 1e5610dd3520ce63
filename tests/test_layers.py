"""Layer rules: only ``oa_desktop/ui`` and ``oa_desktop/app.py`` import Qt (host-key pinning:
gateway tests), and SQL lives in ``oa_desktop/store``: no SQL string and no sqlite-utils or
sqlite3 call anywhere else (layers, CLI, ``app.py``)."""

import ast
import re
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "oa_desktop"


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_only_ui_and_app_import_qt() -> None:
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        relative = path.relative_to(PACKAGE).as_posix()
        if relative.startswith("ui/") or relative == "app.py":
            continue
        if _imports(path) & {"PySide6", "shiboken6"}:
            offenders.append(relative)
    assert offenders == []


def test_domain_uses_the_standard_library_only() -> None:
    allowed = set(sys.stdlib_module_names) | {"oa_desktop"}
    for path in (PACKAGE / "domain").rglob("*.py"):
        assert _imports(path) <= allowed, path


def test_import_contracts_hold() -> None:
    lint = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run(
        [str(lint)], cwd=PACKAGE.parent, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


# A string that starts like an SQL statement. Upper case only, and the statement's next
# word too (``UPDATE x SET``, ``DELETE FROM``), so UI text such as "Update available" passes.
_SQL = re.compile(
    r"\s*(SELECT\s|INSERT\s+(OR\s+\w+\s+)?INTO\s|REPLACE\s+INTO\s|UPDATE\s+\w+\s+SET\s"
    r"|DELETE\s+FROM\s|WITH\s+(RECURSIVE\s+)?\w+(\s*\([^)]*\))?\s+AS\s*\(|PRAGMA\s"
    r"|(CREATE|DROP|ALTER)\s+(TABLE|INDEX|VIEW|TRIGGER)\s)"
)

# Files outside store/ that may still reach SQL, each with the reason. Keep it
# shrinking: SQL belongs in oa_desktop/store/ (DESIGN.md, layers).
SQL_ALLOWED: dict[str, str] = {}

# Calls that reach the database without an SQL string: sqlite-utils' tables, queries and
# statements, and the raw sqlite3 / sqlite_utils modules (their exception classes may
# still be caught anywhere).
_DB_METHODS = {"table", "query", "execute", "executemany", "executescript"}
_DB_MODULES = {"sqlite3", "sqlite_utils"}


def _sql_strings(path: Path) -> list[str]:
    """String literals (f-string parts included) that read as an SQL statement, and calls
    that reach the database directly."""
    found = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if (isinstance(node, ast.Constant) and isinstance(node.value, str)
                and _SQL.match(node.value)):
            found.append(f"{node.lineno}: {node.value.strip()[:60]}")
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            owner = node.func.value
            if node.func.attr in _DB_METHODS or (
                    isinstance(owner, ast.Name) and owner.id in _DB_MODULES):
                found.append(f"{node.lineno}: {ast.unparse(node.func)}(…)")
    return found


def _outside_store() -> list[Path]:
    """Every module of oa_desktop but store/: the layers, the CLI, app.py, the top level."""
    return sorted(path for path in PACKAGE.rglob("*.py")
                  if not path.relative_to(PACKAGE).as_posix().startswith("store/"))


def test_sql_lives_in_store() -> None:
    offenders = {}
    for path in _outside_store():
        relative = path.relative_to(PACKAGE).as_posix()
        found = _sql_strings(path)
        if found and relative not in SQL_ALLOWED:
            offenders[relative] = found
    assert offenders == {}, "SQL outside oa_desktop/store/: " + repr(offenders)


def test_sql_guard_covers_the_cli_app_and_every_layer_but_store() -> None:
    covered = {p.relative_to(PACKAGE).parts[0] for p in _outside_store()}
    assert {"app.py", "cli", "services", "ui", "gateway", "sandbox", "x12", "domain"} <= covered
    assert "store" not in covered


def test_sql_guard_sees_database_calls(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        "import sqlite3\n"
        "db.table('batches').update(1, {'status': 'sent'})\n"
        "n = store.read.table('claims').count\n"
        "rows = db.query(sql)\n"
        "row = store.read.execute(sql, [1]).fetchone()\n"
        "conn = sqlite3.connect(path)\n"
        "try:\n    pass\nexcept sqlite3.DatabaseError:\n    pass\n"
        "self.table.setModel(model)\n"
        "dialog.exec()\n", "utf-8")
    assert sorted(int(line.split(":")[0]) for line in _sql_strings(sample)) == [2, 3, 4, 5, 6]


def test_sql_allowlist_has_no_stale_entries() -> None:
    stale = [name for name in SQL_ALLOWED if not _sql_strings(PACKAGE / name)]
    assert stale == [], f"no SQL left in {stale}: remove them from SQL_ALLOWED"


def test_sql_pattern_sees_statements_and_not_prose() -> None:
    for sql in ("SELECT id FROM claims", "  UPDATE claims SET pcn = ?",
                "INSERT OR IGNORE INTO t VALUES (1)", "DELETE FROM t", "PRAGMA user_version",
                "WITH recent AS (SELECT 1) SELECT * FROM recent"):
        assert _SQL.match(sql), sql
    for prose in ("Update available", "Select a claim", "Delete", "With the payer's number",
                  "UPDATE", "Selected claims"):
        assert not _SQL.match(prose), prose
