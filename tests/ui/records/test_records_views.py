from decimal import Decimal
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from oa_desktop.services.workspace import Workspace
from oa_desktop.store import fee_schedule, records
from oa_desktop.store.db import Store
from oa_desktop.ui.kit.roles import ItemRole
from oa_desktop.ui.kit.table_model import TableModel
from oa_desktop.ui.records import fee_schedule_view, patients_view, payers_view, providers_view
from oa_desktop.ui.records.fee_schedule_view import FeeScheduleView
from oa_desktop.ui.records.patients_view import PatientsView
from oa_desktop.ui.records.payers_view import PayersView
from oa_desktop.ui.records.practice_view import PracticeView
from oa_desktop.ui.records.providers_view import ProvidersView


def _models(store: Store) -> dict[str, TableModel[Any]]:
    names = {p.id: p.name for p in records.list_payers(store) if p.id is not None}
    first = records.list_patients(store)[0].patient.id
    assert first is not None
    sources: dict[str, tuple[list[Any], list[Any]]] = {
        "patients": (patients_view.COLUMNS, list(records.list_patients(store))),
        "coverages": (patients_view.coverage_columns(names), records.list_coverages(store, first)),
        "payers": (payers_view.COLUMNS, records.list_payers(store)),
        "providers": (providers_view.PROVIDER_COLUMNS, records.list_rendering_providers(store)),
        "facilities": (providers_view.FACILITY_COLUMNS, records.list_facilities(store)),
        "fees": (fee_schedule_view.COLUMNS, fee_schedule.list_fees(store)),
    }
    models: dict[str, TableModel[Any]] = {}
    for key, (columns, rows) in sources.items():
        model: TableModel[Any] = TableModel(columns)
        model.set_items(rows)
        models[key] = model
    return models


@pytest.mark.parametrize(
    "kind", ["patients", "coverages", "payers", "providers", "facilities", "fees"]
)
def test_every_list_model_passes_qtmodeltester(
    qtmodeltester: ModelTester, demo_workspace: Workspace, kind: str
) -> None:
    model = _models(demo_workspace.store)[kind]
    assert model.rowCount() > 0
    qtmodeltester.check(model, force_py=True)
    model.set_items(model.items[:1])  # the tester checks the reset too
    model.set_items([])


def test_patient_filter_narrows_by_typing(qtbot: QtBot, demo_workspace: Workspace) -> None:
    view = PatientsView(demo_workspace.store)
    qtbot.addWidget(view)
    total = view.pane.proxy.rowCount()
    qtbot.keyClicks(view.pane.find_box, "smith")
    assert 0 < view.pane.proxy.rowCount() < total
    assert view.pane.count.text().endswith(f"of {total} patients")
    qtbot.keyClicks(view.pane.find_box, "zzz")
    assert "No patients match" in view.pane.empty.text()


def test_fee_prices_are_money_right_aligned_and_sort_as_decimal(
    qtbot: QtBot, demo_workspace: Workspace
) -> None:
    view = FeeScheduleView(demo_workspace.store)
    qtbot.addWidget(view)
    model = view.pane.model
    price = model.index(0, 2)
    assert str(model.data(price)).startswith("$")
    assert model.data(price, Qt.ItemDataRole.TextAlignmentRole) & Qt.AlignmentFlag.AlignRight
    assert isinstance(model.data(price, ItemRole.SORT), Decimal)


def test_payer_form_enter_saves_and_esc_puts_back(qtbot: QtBot, demo_workspace: Workspace) -> None:
    store = demo_workspace.store
    view = PayersView(store)
    qtbot.addWidget(view)
    view.show()
    form = view.form
    original = form.record.name
    form.name.edit.selectAll()
    qtbot.keyClicks(form.name.edit, "CHANGED BUT CANCELLED")
    qtbot.keyClick(form.name.edit, Qt.Key.Key_Escape)
    assert form.name.text() == original
    assert {p.name for p in records.list_payers(store)} >= {original}
    assert "CHANGED BUT CANCELLED" not in {p.name for p in records.list_payers(store)}

    view.new_record()
    qtbot.keyClicks(form.name.edit, "Acme Health")
    qtbot.keyClick(form.name.edit, Qt.Key.Key_Return)
    assert "Type the 837P payer id" in form.payer_id.message.text()  # not saved: no id
    qtbot.keyClicks(form.payer_id.edit, "acm01")
    qtbot.keyClick(form.payer_id.edit, Qt.Key.Key_Return)
    saved = [p for p in records.list_payers(store) if p.name == "Acme Health"]
    assert len(saved) == 1 and saved[0].claim_payer_id == "ACM01"
    assert view.pane.current() == saved[0]


def test_provider_npi_checked_as_typed(qtbot: QtBot, demo_workspace: Workspace) -> None:
    view = ProvidersView(demo_workspace.store)
    qtbot.addWidget(view)
    form = view.providers.form
    form.npi.edit.clear()
    qtbot.keyClicks(form.npi.edit, "123456789")
    assert "10 digits" in form.npi.message.text()
    qtbot.keyClicks(form.npi.edit, "0")
    assert "mistyped" in form.npi.message.text()
    form.npi.edit.backspace()
    qtbot.keyClicks(form.npi.edit, "3")  # 1234567893 passes the Luhn check
    assert form.npi.message.text() == ""


def test_practice_form_checks_ein_and_saves(qtbot: QtBot, demo_workspace: Workspace) -> None:
    store = demo_workspace.store
    view = PracticeView(store)
    qtbot.addWidget(view)
    form = view.form
    form.ein.edit.clear()
    qtbot.keyClicks(form.ein.edit, "07-1234567")
    assert "never issues" in form.ein.message.text()
    form.ein.edit.clear()
    qtbot.keyClicks(form.ein.edit, "74-1111111")
    qtbot.keyClick(form.ein.edit, Qt.Key.Key_Return)
    practice = records.load_practice(store)
    assert practice is not None and practice.ein == "741111111"


def test_fee_schedule_add(qtbot: QtBot, demo_workspace: Workspace) -> None:
    store = demo_workspace.store
    view = FeeScheduleView(store)
    qtbot.addWidget(view)
    view.new_record()
    form = view.form
    qtbot.keyClicks(form.code.edit, "h2019")
    qtbot.keyClicks(form.modifier.edit, "hn")
    qtbot.keyClicks(form.price.edit, "$1,020.5")
    qtbot.keyClick(form.price.edit, Qt.Key.Key_Return)
    assert fee_schedule.price_for(store, "H2019", "HN") == Decimal("1020.50")
