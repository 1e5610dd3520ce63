import sqlite3

import pytest

from oa_desktop.services.reports.status import selfcheck
from oa_desktop.services.safety import audit
from oa_desktop.services.workspace import Workspace
from oa_desktop.store import audit as audit_store
from oa_desktop.store import settings
from oa_desktop.store.db import Store
from oa_desktop.store.schema import m004_audit


def _patient(store: Store) -> int:
    with store.write() as db:
        return int(db.table("patients").insert({"last_name": "DOE", "first_name": "JANE"}).last_pk)


def test_row_changes_are_recorded_with_who_and_no_patient_details(store: Store) -> None:
    store.actor = "maria"
    patient_id = _patient(store)
    with store.write() as db:
        db.execute("UPDATE patients SET first_name = 'JANET' WHERE id = ?", [patient_id])
        db.execute("DELETE FROM patients WHERE id = ?", [patient_id])
    settings.TEST_MODE.set(store, True)
    rows = audit_store.entries(store)
    assert [(e.action, e.object_type, e.object_id) for e in reversed(rows)] == [
        ("create", "patient", str(patient_id)), ("update", "patient", str(patient_id)),
        ("delete", "patient", str(patient_id)), ("create", "setting", "gateway.test_mode"),
    ]
    assert {e.actor for e in rows} == {"maria"}
    text = repr(store.read.execute("SELECT * FROM audit_log").fetchall())
    assert "DOE" not in text and "JANE" not in text
    assert audit_store.verify_chain(store) is None


def test_window_layout_settings_are_not_audited(store: Store) -> None:
    settings.Setting("ui.test.width", 0, "").set(store, 5)
    assert audit_store.count(store) == 0


def test_record_and_filters(store: Store) -> None:
    store.actor = "ann"
    audit.record(store, audit.EXPORT, "batch", 7, "837P")
    store.actor = "bob"
    audit.record(store, audit.LOGIN, "user", 2)
    assert [e.actor for e in audit_store.entries(store, audit_store.AuditFilter(actor="ann"))] == [
        "ann"]
    assert audit_store.count(store, audit_store.AuditFilter(action="login")) == 1
    assert audit_store.distinct(store, "object_type") == ["batch", "user"]
    assert audit_store.count(store, audit_store.AuditFilter(since="2000-01-01",
                                                            until="2999-01-01")) == 2


def test_failed_write_leaves_no_audit_row(store: Store) -> None:
    with pytest.raises(RuntimeError), store.write() as db:
        db.table("payers").insert({"name": "X"})
        raise RuntimeError("stop")
    assert audit_store.count(store) == 0


def test_audit_rows_cannot_be_changed_through_the_app(store: Store) -> None:
    audit.record(store, audit.LOGIN, "user", 1)
    with pytest.raises(sqlite3.IntegrityError, match="append-only"), store.write() as db:
        db.execute("UPDATE audit_log SET actor = 'someone'")


def _tamper(store: Store, sql: str) -> None:
    conn = sqlite3.connect(store.path)  # the sqlite3 shell, as a tamperer would
    conn.execute("DROP TRIGGER audit_log_no_update")
    conn.execute("DROP TRIGGER audit_log_no_delete")
    conn.execute(sql)
    conn.commit()
    conn.close()


@pytest.mark.parametrize(("sql", "expected"), [
    ("UPDATE audit_log SET object_id = '999' WHERE id = 3", "audit entry 3 was changed"),
    ("DELETE FROM audit_log WHERE id = 2", "entries 2–2 are missing"),
    ("UPDATE audit_log SET hash = 'x' WHERE id = 2", "audit entry 2 was changed"),
])
def test_editing_an_audit_row_is_reported_by_selfcheck(
    demo_workspace: Workspace, sql: str, expected: str
) -> None:
    store = demo_workspace.store
    lines, healthy = selfcheck(demo_workspace)
    assert healthy and dict(lines)["Audit trail"].startswith("ok")
    _tamper(store, sql)
    lines, healthy = selfcheck(demo_workspace)
    assert not healthy
    assert expected in dict(lines)["Audit trail"]


def test_migration_is_safe_to_apply_twice(store: Store) -> None:
    with store.write() as db:
        m004_audit.migrate(db)  # as schema 3 on one branch and 4 on another
    audit.record(store, audit.LOGIN, "user", 1)
    assert audit_store.count(store) == 1


def test_later_tables_join_the_trail_the_documented_way(store: Store) -> None:
    with store.write() as db:
        db.execute("CREATE TABLE later_examples (id INTEGER PRIMARY KEY, trace TEXT)")
        m004_audit.audit_table(db, "later_examples", "remittance")
        db.execute("INSERT INTO later_examples (trace) VALUES ('T1')")
    [entry] = audit_store.entries(store)
    assert (entry.action, entry.object_type, entry.object_id) == ("create", "remittance", "1")
