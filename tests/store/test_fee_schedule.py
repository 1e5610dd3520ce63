from decimal import Decimal

from oa_desktop.store.db import Store
from oa_desktop.store.fee_schedule import Fee, delete_fee, list_fees, price_for, set_fee


def test_prices_with_and_without_modifier(store: Store) -> None:
    set_fee(store, Fee("97153", "", Decimal("30.00"), "ABA by protocol"))
    set_fee(store, Fee("97153", "hn", Decimal("24.00"), "ABA by protocol, bachelor's level"))
    assert price_for(store, "97153") == Decimal("30.00")
    assert price_for(store, "97153", "HN") == Decimal("24.00")
    assert price_for(store, "97153", "59") == Decimal("30.00")  # falls back to no modifier
    assert price_for(store, "90837") is None
    set_fee(store, Fee("97153", "", Decimal("32.50"), "ABA by protocol"))
    assert [f.price for f in list_fees(store)] == [Decimal("32.50"), Decimal("24.00")]
    delete_fee(store, "97153", "HN")
    assert len(list_fees(store)) == 1
