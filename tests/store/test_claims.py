import sqlite3
from datetime import date
from decimal import Decimal

import pytest

from oa_desktop.domain.models import ServiceLine
from oa_desktop.domain.status import ClaimStatus, EventKind, InvalidTransition
from oa_desktop.store import claims, counters, settings
from oa_desktop.store.db import Store
from tests.store.factories import make_claim


def test_claim_round_trip(store: Store) -> None:
    claim = make_claim(store)
    claim.lines.append(ServiceLine(
        date(2026, 10, 2), "97155", Decimal("90.00"), Decimal("2"), modifiers=("HN", "59"),
        diagnosis_pointers=(1,), control_number="X1",
    ))
    claims.save_claim(store, claim)
    assert claim.id is not None
    loaded = claims.get_claim(store, claim.id)
    assert loaded.lines[1].modifiers == ("HN", "59")
    assert loaded.charge_amount == Decimal("190.00")
    assert loaded.diagnoses == ["F840"]
    assert claims.balance(store, claim.id) == Decimal("190.00")


def test_events_drive_status_and_timeline(store: Store) -> None:
    claim = make_claim(store)
    assert claim.id is not None
    assert claims.add_event(store, claim.id, EventKind.MARKED_READY) is ClaimStatus.READY
    assert claims.add_event(store, claim.id, EventKind.SUBMITTED) is ClaimStatus.SUBMITTED
    status = claims.add_event(store, claim.id, EventKind.PAYER_REJECTED, source="277",
                              codes="A7:562", text="NPI invalid")
    assert status is ClaimStatus.REJECTED
    kinds = [e.kind for e in claims.timeline(store, claim.id)]
    assert kinds == [EventKind.CREATED, EventKind.MARKED_READY, EventKind.SUBMITTED,
                     EventKind.PAYER_REJECTED]
    assert claims.get_claim(store, claim.id).status == "rejected"


def test_refused_action_writes_nothing(store: Store) -> None:
    claim = make_claim(store)
    assert claim.id is not None
    with pytest.raises(InvalidTransition):
        claims.add_event(store, claim.id, EventKind.SUBMITTED)
    assert len(claims.timeline(store, claim.id)) == 1


def test_sent_claim_cannot_be_edited(store: Store) -> None:
    claim = make_claim(store)
    assert claim.id is not None
    claims.add_event(store, claim.id, EventKind.MARKED_READY)
    claims.add_event(store, claim.id, EventKind.SUBMITTED)
    claim.note = "changed"
    with pytest.raises(InvalidTransition):
        claims.save_claim(store, claim)
    assert claims.get_claim(store, claim.id).note == ""


def test_events_and_ledger_are_append_only(store: Store) -> None:
    claim = make_claim(store)
    with store.write() as db:
        claims.add_ledger_entry(db, claim.id or 0, "payment", Decimal("10.00"), at="2026-10-05")
    for table in ("claim_events", "ledger"):
        with pytest.raises(sqlite3.IntegrityError, match="append-only"), store.write() as db:
            db.execute(f"DELETE FROM {table}")
        with pytest.raises(sqlite3.IntegrityError, match="append-only"), store.write() as db:
            db.execute(f"UPDATE {table} SET at = 'x'" if table == "claim_events"
                       else f"UPDATE {table} SET amount_cents = 0")


def test_ledger_balance_and_cache_agree(store: Store) -> None:
    claim = make_claim(store, charge="200.00")
    assert claim.id is not None
    with store.write() as db:
        claims.add_ledger_entry(db, claim.id, "payment", Decimal("120.00"), at="t")
        claims.add_ledger_entry(db, claim.id, "adjustment", Decimal("50.00"), at="t",
                                group_code="CO", reason_code="45")
        claims.add_ledger_entry(db, claim.id, "patient_responsibility", Decimal("30.00"), at="t")
    assert claims.balance(store, claim.id) == Decimal("30.00")
    assert claims.check_claim_caches(store) == []
    assert claims.posted_payments_total(store) == Decimal("120.00")


def test_a_failed_write_changes_nothing(store: Store) -> None:
    claim = make_claim(store)
    assert claim.id is not None
    with pytest.raises(RuntimeError), store.write() as db:
        claims.add_ledger_entry(db, claim.id, "payment", Decimal("10.00"), at="t")
        raise RuntimeError("power cut")
    assert claims.balance(store, claim.id) == Decimal("100.00")
    assert claims.check_claim_caches(store) == []


def test_counters_never_repeat(store: Store) -> None:
    with store.write() as db:
        values = [counters.next_value(db, "isa13") for _ in range(5)]
    assert values == [1, 2, 3, 4, 5]
    assert claims.new_pcn(store) != claims.new_pcn(store)


def test_settings_registry(store: Store) -> None:
    assert settings.GATEWAY_HOST.get(store) == "ftp10.officeally.com"
    settings.GATEWAY_PORT.set(store, 2222)
    assert settings.GATEWAY_PORT.get(store) == 2222
    with pytest.raises(TypeError):
        settings.GATEWAY_PORT.set(store, "22")  # type: ignore[arg-type]
    assert "gateway.host" in settings.REGISTRY


def test_reads_work_from_another_thread(store: Store) -> None:
    import threading

    make_claim(store)
    seen: list[int] = []
    thread = threading.Thread(target=lambda: seen.append(store.read.table("claims").count))
    thread.start()
    thread.join()
    assert seen == [1]
