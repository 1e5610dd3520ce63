"""Drive the Send batch wizard as a biller would: choose, scrub, summary, send; then resend."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from oa_desktop.domain.next_steps import Step
from oa_desktop.domain.status import ClaimStatus
from oa_desktop.services.demo.practice import start_demo_sandbox
from oa_desktop.services.office_ally import connection
from oa_desktop.services.workspace import Workspace
from oa_desktop.store import batches, claims, responses
from oa_desktop.ui.claims.problems_view import SEND_AGAIN, ProblemsView
from oa_desktop.ui.responses.responses_view import ResponsesView
from oa_desktop.ui.shell.main_window import MainWindow
from oa_desktop.ui.submit.batches_view import BatchesView
from oa_desktop.ui.submit.wizard import SubmitWizard
from tests.conftest import DEMO_DAY
from tests.services.submit.helpers import wait_for_answers


def _finish(qtbot: QtBot, window: MainWindow, wizard: SubmitWizard) -> None:
    wizard.next()  # Choose → Scrub
    assert "passed" in wizard.scrub.result.text()
    wizard.next()  # → Summary
    assert "claim" in wizard.summary.totals.text()
    assert wizard.summary.fees.rowCount() >= 1
    wizard.next()  # → Send
    assert not wizard.button(SubmitWizard.WizardButton.FinishButton).isEnabled()
    assert wizard.send.test.isChecked()
    wizard.send.confirm.setChecked(True)
    assert wizard.button(SubmitWizard.WizardButton.FinishButton).isEnabled()
    wizard.button(SubmitWizard.WizardButton.FinishButton).click()
    qtbot.waitUntil(lambda: not window.submit_actions.running, timeout=30_000)


def test_wizard_sends_a_batch_then_a_rejected_claim_is_fixed_and_resent(
    qtbot: QtBot, demo_workspace: Workspace
) -> None:
    root = demo_workspace.folder.root
    sandbox = start_demo_sandbox(root, respond_after=0.2)
    try:
        window = MainWindow(demo_workspace)
        qtbot.addWidget(window)
        window.show()
        assert window.submit_actions.send_action in window.toolbar.actions()
        wizard = window.submit_actions.open_wizard(today=DEMO_DAY)
        choose = wizard.choose
        total = choose.table.rowCount()
        assert total >= 10
        choose.payer.setCurrentIndex(1)  # one payer only
        assert 0 < choose.table.rowCount() < total
        choose.payer.setCurrentIndex(0)
        first = choose.table.item(0, 0)
        first.setCheckState(first.checkState().__class__.Unchecked)  # keep one back
        assert f"{total - 1} of {total} claims chosen" in choose.count.text()
        _finish(qtbot, window, wizard)
        assert window.statusBar().currentMessage().startswith(f"Sent {total - 1} claims")
        batch = batches.list_batches(demo_workspace.store)[0]  # the newest
        assert batch.test_mode and batch.claim_count == total - 1
        sent_ids = batches.batch_claim_ids(demo_workspace.store, batch.id)
        assert {claims.get_claim(demo_workspace.store, i).status for i in sent_ids} == {
            ClaimStatus.SUBMITTED}

        assert "in minutes to hours (999)" in window.statusBar().currentMessage()
        wait_for_answers(root, [batch.file_name])
        window.office_ally.sync_action.trigger()
        qtbot.waitUntil(lambda: not window.office_ally.running, timeout=30_000)
        result = window.office_ally.last_result
        assert result is not None and result.outcome is not None
        assert "claims accepted" in result.summary, result.summary
        assert "files downloaded" not in result.summary
        view = window.show_section("batches")
        assert isinstance(view, BatchesView)
        assert view.model.items[0].batch.ack_status == "A"
        dialog = view.readable_dialog()
        assert dialog is not None
        dialog.close()
        responses_view = window.show_section("responses")
        assert isinstance(responses_view, ResponsesView)
        assert responses_view.model.rowCount() >= 3

        rejected = [i for i in sent_ids
                    if claims.get_claim(demo_workspace.store, i).status == ClaimStatus.REJECTED]
        assert rejected, "the sandbox rejects about one claim in eight"
        claim_id = rejected[0]
        old_pcn = claims.get_claim(demo_workspace.store, claim_id).patient_control_number
        worklist = window.show_section("problems")
        assert isinstance(worklist, ProblemsView)
        assert worklist.select_claim(claim_id)
        assert "new claim number" in worklist.advice.text()
        worklist.ask_fixed = lambda _item: SEND_AGAIN  # type: ignore[method-assign]
        worklist.step_buttons[Step.FIX_AND_RESEND].click()
        resend = window.submit_actions.wizard
        assert resend is not None and resend is not wizard
        assert [c.claim_id for c in resend.flow.chosen()] == [claim_id]
        _finish(qtbot, window, resend)
        claim = claims.get_claim(demo_workspace.store, claim_id)
        assert claim.status == ClaimStatus.SUBMITTED
        assert claim.patient_control_number != old_pcn
        history = [pcn for pcn, _ in responses.pcn_history(demo_workspace.store, claim_id)]
        assert history[-2:] == [old_pcn, claim.patient_control_number]
        connection.sync(demo_workspace)  # a late answer for the old number still matches
        window.close()
    finally:
        sandbox.stop()
