"""The sections of the main window beside the claim queues (patients, payers, ...).

Each section is a view the window builds the first time the biller opens it. A new
screen registers itself here with its group heading; the navigation lists the groups in
the order of ``GROUPS``. No section is listed before it exists.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from oa_desktop.ui.shell.protocol import Section, Shell

GROUPS = ("RECORDS", "OFFICE ALLY", "MONEY", "PRACTICE")


def _build_audit(window: Shell) -> QWidget:
    from oa_desktop.ui.safety.audit_view import AuditView

    return AuditView(window.store, window.jobs)


def _build_batches(window: Shell) -> QWidget:
    from oa_desktop.ui.submit.batches_view import BatchesView

    return BatchesView(window.workspace, window.submit_actions.retry)


def _build_responses(window: Shell) -> QWidget:
    from oa_desktop.ui.responses.responses_view import ResponsesView

    return ResponsesView(window.workspace)


def _build_not_ours(window: Shell) -> QWidget:
    from oa_desktop.ui.responses.not_ours_view import NotOursView

    return NotOursView(window.workspace)


def _build_rejections(window: Shell) -> QWidget:
    from oa_desktop.ui.claims.rejections_view import RejectionsView

    return RejectionsView(window.workspace, window.open_claim,
                          lambda ids: window.submit_actions.open_wizard(ids))


def _build_eras(window: Shell) -> QWidget:
    from oa_desktop.ui.era.list_view import EraListView

    view = EraListView(window.workspace, window.jobs)
    view.changed.connect(window.refresh)
    return view


def _build_denials(window: Shell) -> QWidget:
    from oa_desktop.ui.claims.denials_view import DenialsView

    view = DenialsView(window.store)
    view.changed.connect(window.refresh)
    return view


def _build_reports(window: Shell) -> QWidget:
    from oa_desktop.ui.reports.reports_view import ReportsView

    return ReportsView(window.store)


def _build_costs(window: Shell) -> QWidget:
    from oa_desktop.ui.reports.costs_view import CostsView

    return CostsView(window.store)


def sections() -> list[Section]:
    """Every section that exists, in navigation order."""
    from oa_desktop.ui.records import registry  # the screens import Qt widgets; load late

    found: list[Section] = [
        *registry.record_sections(),
        Section("rejections", "Rejections worklist", "OFFICE ALLY", _build_rejections),
        Section("batches", "Batches", "OFFICE ALLY", _build_batches),
        Section("responses", "Responses", "OFFICE ALLY", _build_responses),
        Section("not_ours", "Not for this practice", "OFFICE ALLY", _build_not_ours),


        Section("eras", "ERAs", "MONEY", _build_eras),
        Section("denial_worklist", "Denials to work", "MONEY", _build_denials),
        Section("reports", "Reports", "MONEY", _build_reports),
        Section("costs", "Costs", "MONEY", _build_costs),
        Section("audit", "Audit trail", "PRACTICE", _build_audit),
    ]
    return sorted(found, key=lambda s: GROUPS.index(s.group))
