"""Summaries for `oa-desktop status` and `selfcheck`."""

from __future__ import annotations

import importlib.metadata
import platform
from typing import Any

from oa_desktop import __version__
from oa_desktop.domain.money import money_text
from oa_desktop.services.workspace import Workspace
from oa_desktop.store import claims, settings
from oa_desktop.store.batches import batch_status_counts
from oa_desktop.store.claims_list import status_counts


def status_summary(workspace: Workspace) -> dict[str, Any]:
    """The JSON of ``oa-desktop status --json`` (CLI.md)."""
    store = workspace.store
    remittances: dict[str, int] = {}  # filled in by the ERA posting work
    unmatched = 0
    return {
        "claims": {status.value: count for status, count in status_counts(store).items()},
        "batches": batch_status_counts(store),
        "remittances": remittances,
        "posted_total": money_text(claims.posted_payments_total(store)),
        "unmatched_remittance_claims": unmatched,
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


def selfcheck(workspace: Workspace) -> tuple[list[tuple[str, str]], bool]:
    """Facts for support, and whether everything checked is healthy. Never a password."""
    store = workspace.store
    integrity = store.integrity_check()
    cache_problems = claims.check_claim_caches(store)
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
        ("Database integrity", integrity),
        ("Claim status and balances", "; ".join(cache_problems[:3]) or "ok"),
        ("Log file", str(workspace.log_file)),
        ("Keyring backend", _keyring_backend()),
        ("Office Ally host", f"{settings.GATEWAY_HOST.get(store)}:"
                             f"{settings.GATEWAY_PORT.get(store)}"),
        ("Office Ally username", settings.GATEWAY_USERNAME.get(store) or "(not set up)"),
        ("Test mode (OATEST)", "on" if settings.TEST_MODE.get(store) else "off"),
    ]
    return lines, integrity == "ok" and not cache_problems
