import pytest

from oa_desktop.errors import KnownError
from oa_desktop.services.safety import users
from oa_desktop.store import audit as audit_store
from oa_desktop.store.db import Store


def test_secret_is_hashed_with_scrypt_and_checked(store: Store) -> None:
    stored = users.hash_secret("4321")
    assert stored.startswith("scrypt$") and "4321" not in stored
    assert users.check_secret("4321", stored)
    assert not users.check_secret("1234", stored)
    assert not users.check_secret("4321", "garbage")


def test_no_users_means_no_lock(store: Store) -> None:
    assert not users.lock_enabled(store)
    assert users.lock_minutes(store) == 15


def test_unlock_names_the_user_in_the_trail(store: Store) -> None:
    users.add_user(store, "Maria", "2468")
    assert users.lock_enabled(store)
    assert users.unlock(store, "maria", "0000") is None
    user = users.unlock(store, "Maria", "2468", first=True)
    assert user is not None and store.actor == "Maria"
    actions = [(e.action, e.actor) for e in reversed(audit_store.entries(store))]
    assert actions == [
        ("create", "system"), ("login_failed", "(not signed in)"), ("login", "Maria")]
    # the PIN is in no audit column (the chain's hex hashes are left out: by chance they
    # may hold any four digits)
    raw = repr(store.read.execute(
        "SELECT at, actor, action, object_type, object_id, detail FROM audit_log").fetchall())
    assert "2468" not in raw


def test_short_secret_and_duplicate_names_are_refused(store: Store) -> None:
    with pytest.raises(KnownError, match="at least 4"):
        users.add_user(store, "Ann", "12")
    users.add_user(store, "Ann", "1234")
    with pytest.raises(KnownError, match="already a user"):
        users.add_user(store, "ann", "5678")
