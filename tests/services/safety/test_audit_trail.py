"""Each audited action leaves its row, naming the person: exports, failed Office Ally
logins, PIN failures, lock and unlock, settings changes, backups — and command-line
actions name the computer's user (or ``--user`` / ``$OA_DESKTOP_USER``), never "system"."""

from __future__ import annotations

import getpass
import io
from pathlib import Path

import pytest

from oa_desktop.cli.main import main
from oa_desktop.gateway.errors import WrongPassword
from oa_desktop.services.demo.practice import start_demo_sandbox
from oa_desktop.services.office_ally import connection
from oa_desktop.services.safety import audit, backup_passphrase, users
from oa_desktop.services.workspace import Workspace
from oa_desktop.store import audit as audit_store
from oa_desktop.store import settings
from oa_desktop.store.audit import AuditEntry, AuditFilter
from tests.services.safety.conftest import PASSPHRASE


def _latest(workspace: Workspace, action: str) -> AuditEntry:
    found = audit_store.entries(workspace.store, AuditFilter(action=action, limit=1))
    assert found, f"no {action} entry"
    return found[0]


def test_command_line_actions_name_the_person(
    demo_workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = str(demo_workspace.folder.root)
    out = tmp_path / "ready.837"
    assert main(["--data-dir", root, "--user", "ana", "export-837", "--out", str(out)]) == 0
    export = _latest(demo_workspace, audit.EXPORT)
    assert export.actor == "ana (command line)"
    assert export.detail.startswith("837P file, 19 claims") and str(out) in export.detail
    monkeypatch.setenv("OA_DESKTOP_USER", "ben")
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSPHRASE + "\n"))
    assert main(["--data-dir", root, "backup", "--out", str(tmp_path / "b.oabackup"),
                 "--passphrase-stdin"]) == 0
    assert _latest(demo_workspace, audit.BACKUP).actor == "ben (command line)"
    monkeypatch.delenv("OA_DESKTOP_USER")
    monkeypatch.setattr("sys.stdin", io.StringIO("1357\n"))
    assert main(["--data-dir", root, "users", "add", "carl", "--password-stdin"]) == 0
    [made] = audit_store.entries(demo_workspace.store, AuditFilter(object_type="user"))
    assert made.actor == f"{getpass.getuser()} (command line)"


def test_a_refused_office_ally_login_is_recorded(demo_workspace: Workspace) -> None:
    sandbox = start_demo_sandbox(demo_workspace.folder.root, respond_after=60)
    try:
        demo_workspace.store.actor = "ana"
        with pytest.raises(WrongPassword):
            connection.open_session(demo_workspace, "not-the-password")
    finally:
        sandbox.stop()
    entry = _latest(demo_workspace, audit.OFFICE_ALLY_LOGIN_FAILED)
    assert entry.actor == "ana" and entry.object_type == "office_ally"
    assert "demopractice" in entry.detail and "not-the-password" not in entry.detail


def test_pin_failures_lock_unlock_and_settings_are_recorded(demo_workspace: Workspace) -> None:
    store = demo_workspace.store
    users.add_user(store, "ana", "2468")
    assert users.unlock(store, "ana", "1111") is None
    failed = _latest(demo_workspace, audit.LOGIN_FAILED)
    assert failed.actor == users.NOT_SIGNED_IN and "tried as ana" in failed.detail
    assert users.unlock(store, "ana", "2468", first=True) is not None
    assert _latest(demo_workspace, audit.LOGIN).actor == "ana"
    users.lock(store, "idle")
    assert _latest(demo_workspace, audit.LOCK).detail == "idle"
    assert users.unlock(store, "ana", "2468") is not None
    assert _latest(demo_workspace, audit.UNLOCK).actor == "ana"
    settings.GATEWAY_HOST.set(store, "sftp.example.test")
    changed = audit_store.entries(store, AuditFilter(object_type="setting",
                                                     object_id="gateway.host"))
    assert changed and changed[0].actor == "ana"


def test_exports_and_prints_say_what_how_much_and_where(
    demo_workspace: Workspace, tmp_path: Path
) -> None:
    store = demo_workspace.store
    store.actor = "ana"
    audit.record_export(store, "“A/R aging by payer” as CSV", tmp_path / "aging.csv", rows=12)
    audit.record_export(store, "CMS-1500", tmp_path / "claim.pdf", pages=1, object_type="claim",
                        object_id=7, printed=True)
    export = _latest(demo_workspace, audit.EXPORT)
    assert export.detail == f"“A/R aging by payer” as CSV, 12 rows, to {tmp_path / 'aging.csv'}"
    printed = _latest(demo_workspace, audit.PRINT)
    assert (printed.actor, printed.object_type, printed.object_id) == ("ana", "claim", "7")
    assert printed.detail.startswith("CMS-1500, 1 page, to ")
    assert backup_passphrase.load(demo_workspace.folder) is None  # nothing else was touched
