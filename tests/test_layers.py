"""Only ``oa_desktop/ui`` and ``oa_desktop/app.py`` import Qt (host-key pinning: gateway tests)."""

import ast
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
