"""The sections of the main window beside the claim queues (patients, payers, ...).

Each section is a view the window builds the first time the biller opens it. A new
screen registers itself here with its group heading; the navigation lists the groups in
the order of ``GROUPS``. No section is listed before it exists.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from oa_desktop.ui.shell.protocol import Section, Shell

GROUPS = ("CLAIMS", "RECORDS", "OFFICE ALLY", "MONEY", "PRACTICE")


def _build_deadlines(window: Shell) -> QWidget:
    from oa_desktop.ui.auth.deadlines_view import DeadlinesView

    return DeadlinesView(window.store, window.open_claim)


def _count_deadlines(window: Shell) -> int:
    from oa_desktop.ui.auth.deadlines_view import due_soon_count

    return due_soon_count(window.store)


def _build_auth_worklist(window: Shell) -> QWidget:
    from oa_desktop.ui.auth.auth_worklist_view import AuthWorklistView

    return AuthWorklistView(window.store, window.open_claim)


def _count_auth_worklist(window: Shell) -> int:
    from oa_desktop.ui.auth.auth_worklist_view import running_out_count

    return running_out_count(window.store)


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



def _build_problems(window: Shell) -> QWidget:
    from oa_desktop.ui.claims.problems_view import ProblemsView

    view = ProblemsView(window.workspace, window.open_claim,
                        lambda ids: window.submit_actions.open_wizard(ids))
    view.changed.connect(window.refresh)
    return view


def _build_eras(window: Shell) -> QWidget:
    from oa_desktop.ui.era.list_view import EraListView

    view = EraListView(window.workspace, window.jobs)
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
        Section("problems", "Problems", "CLAIMS", _build_problems),
        Section("filing_deadlines", "Filing deadlines", "OFFICE ALLY",
                _build_deadlines, _count_deadlines),
        Section("auth_worklist", "Auths running out", "OFFICE ALLY",
                _build_auth_worklist, _count_auth_worklist),
        Section("batches", "Batches", "OFFICE ALLY", _build_batches),
        Section("responses", "Responses", "OFFICE ALLY", _build_responses),
        Section("not_ours", "Not for this practice", "OFFICE ALLY", _build_not_ours),


        Section("eras", "ERAs", "MONEY", _build_eras),
        Section("reports", "Reports", "MONEY", _build_reports),
        Section("costs", "Costs", "MONEY", _build_costs),
        Section("audit", "Audit trail", "PRACTICE", _build_audit),
    ]
    return sorted(found, key=lambda s: GROUPS.index(s.group))
