"""The records screens' entries in the main window's navigation."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from oa_desktop.ui.shell.protocol import Section, Shell


def _patients(window: Shell) -> QWidget:
    from oa_desktop.ui.records.patients_view import PatientsView

    view = PatientsView(window.store)
    view.claim_requested.connect(window.new_claim_for_patient)
    return view


def _payers(window: Shell) -> QWidget:
    from oa_desktop.ui.records.payers_view import PayersView

    return PayersView(window.store)


def _providers(window: Shell) -> QWidget:
    from oa_desktop.ui.records.providers_view import ProvidersView

    return ProvidersView(window.store)


def _practice(window: Shell) -> QWidget:
    from oa_desktop.ui.records.practice_view import PracticeView

    return PracticeView(window.store)


def _fees(window: Shell) -> QWidget:
    from oa_desktop.ui.records.fee_schedule_view import FeeScheduleView

    return FeeScheduleView(window.store)


def record_sections() -> list[Section]:
    """Patients, Payers, Providers (RECORDS); Practice, Fee schedule (PRACTICE)."""
    return [
        Section("patients", "Patients", "RECORDS", _patients),
        Section("payers", "Payers", "RECORDS", _payers),
        Section("providers", "Providers", "RECORDS", _providers),
        Section("practice", "Practice", "PRACTICE", _practice),
        Section("fees", "Fee schedule", "PRACTICE", _fees),
    ]
