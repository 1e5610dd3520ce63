"""Summaries for `oa-desktop status` and `selfcheck`."""

from __future__ import annotations

import importlib.metadata
import platform
import sqlite3
from collections.abc import Callable
from typing import Any, TypeVar

from oa_desktop import __version__
from oa_desktop.domain.money import money_text
from oa_desktop.services.safety import integrity
from oa_desktop.services.safety.backup import latest_backup
from oa_desktop.services.workspace import Workspace
from oa_desktop.store import claims, set_aside, settings
from oa_desktop.store import remittances as era_store
from oa_desktop.store.batches import batch_status_counts
from oa_desktop.store.claims_list import status_counts


def status_summary(workspace: Workspace) -> dict[str, Any]:
    """The JSON of ``oa-desktop status --json`` (CLI.md)."""
    store = workspace.store
    remittances = era_store.status_counts(store)
    unmatched = era_store.unmatched_claim_count(store)
    return {
        "claims": {status.value: count for status, count in status_counts(store).items()},
        "batches": batch_status_counts(store),
        "remittances": remittances,
        "posted_total": money_text(claims.posted_payments_total(store)),
        "unmatched_remittance_claims": unmatched,
        "not_for_this_practice": set_aside.open_count(store),
    }


def _version(package: str) -> str:
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def _keyring_backend() -> str:
    try:
        import keyring

        backend = keyring.get_keyring()
    except Exception as exc:  # any failure here is itself the answer
        return f"unavailable ({exc.__class__.__name__})"
    return f"{backend.__class__.__module__}.{backend.__class__.__name__}"


T = TypeVar("T")


def _checked(check: Callable[[], T], on_damage: Callable[[str], T]) -> T:
    """Run one check; a database too damaged to answer is itself the answer."""
    try:
        return check()
    except sqlite3.DatabaseError as exc:
        return on_damage(f"cannot be checked: {exc}")


def selfcheck(workspace: Workspace) -> tuple[list[tuple[str, str]], bool]:
    """Facts for support, and whether everything checked is healthy. Never a password."""
    store = workspace.store
    database = store.integrity_check()
    cache_problems = _checked(lambda: claims.check_claim_caches(store), lambda e: [e])
    links = _checked(lambda: integrity.foreign_key_problems(store), lambda e: [e])
    chain = _checked(lambda: integrity.audit_problem(store), lambda e: e)
    negative = _checked(lambda: claims.negative_balances(store), lambda e: [e])
    backup = latest_backup(workspace.folder)
    lines = [
        ("OA Desktop", __version__),
        ("Python", platform.python_version()),
        ("System", f"{platform.system()} {platform.release()}"),
        ("PySide6", _version("PySide6-Essentials")),
        ("sqlite-utils", _version("sqlite-utils")),
        ("paramiko", _version("paramiko")),
        ("Data folder", str(workspace.folder.root)),
        ("Database", str(workspace.folder.database)),
        ("Schema version", str(store.schema_version)),
        ("Database integrity", database),
        ("Database links", "; ".join(links[:3]) or "ok"),
        ("Audit trail", chain or "ok (hash chain intact)"),
        ("Last verified backup", f"{backup.created_local:%m/%d/%Y %H:%M} {backup.path}"
                                 if backup else "none yet"),
        ("Claim status and balances", "; ".join(cache_problems[:3]) or "ok"),
        ("Negative balances", f"{len(negative)}: " + "; ".join(negative) if negative else "none"),
        ("Log file", str(workspace.log_file)),
        ("Keyring backend", _keyring_backend()),
        ("Office Ally host", f"{settings.GATEWAY_HOST.get(store)}:"
                             f"{settings.GATEWAY_PORT.get(store)}"),
        ("Office Ally username", settings.GATEWAY_USERNAME.get(store) or "(not set up)"),
        ("Test mode (OATEST)", "on" if settings.TEST_MODE.get(store) else "off"),
    ]
    healthy = (database == "ok" and not cache_problems and not links and chain is None
               and not negative)
    return lines, healthy
