from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from oa_desktop.services.workspace import Workspace
from oa_desktop.ui.claims import claim_page
from oa_desktop.ui.shell.main_window import GEOMETRY, MainWindow


def _window(qtbot: QtBot, workspace: Workspace) -> MainWindow:
    window = MainWindow(workspace)
    qtbot.addWidget(window)
    window.show()
    return window


def test_opens_on_all_claims_with_counts(qtbot: QtBot, demo_workspace: Workspace) -> None:
    window = _window(qtbot, demo_workspace)
    assert window.claims.title.text() == "All claims"
    assert window.claims.model.rowCount() == 300
    assert window.claims.count.text() == "300 claims"
    assert "(demo)" in window.windowTitle()
    nav = window.navigation
    counts = {
        nav.item(r).text(): nav.item(r).data(Qt.ItemDataRole.UserRole + 1)
        for r in range(1, nav.count())
    }
    assert counts["All claims"] == 300
    assert counts["Problems"] > 0
    assert "Rejections" not in counts and "Denials" not in counts


def test_problems_badge_equals_the_worklist(qtbot: QtBot, demo_workspace: Workspace) -> None:
    from oa_desktop.ui.claims.problems_view import ProblemsView

    window = _window(qtbot, demo_workspace)
    window.navigation.select_section("problems")
    view = window.show_section("problems")
    assert isinstance(view, ProblemsView)
    badge = window.navigation.section_count("problems")
    assert badge == view.model.rowCount() > 0
    assert view.kind_filter.itemText(0) == f"All problems ({badge})"


def test_queue_selection_filters(qtbot: QtBot, demo_workspace: Workspace) -> None:
    window = _window(qtbot, demo_workspace)
    window.navigation.select_queue("drafts")
    model = window.claims.model
    assert window.claims.title.text() == "Drafts"
    assert model.rowCount() > 0
    assert {model.data(model.index(r, 6)) for r in range(model.rowCount())} == {"Draft"}
    assert window.claims.status_filter.isHidden()


def test_status_filter_within_a_queue(qtbot: QtBot, demo_workspace: Workspace) -> None:
    window = _window(qtbot, demo_workspace)
    window.navigation.select_queue("waiting")
    combo = window.claims.status_filter
    labels = [combo.itemText(i) for i in range(combo.count())]
    assert labels == ["All", "Sent, waiting", "Accepted by Office Ally", "Accepted by payer"]
    total = window.claims.model.rowCount()
    combo.setCurrentIndex(2)
    narrowed = window.claims.model.rowCount()
    assert 0 < narrowed < total


def test_typing_a_search_narrows_the_list(qtbot: QtBot, demo_workspace: Workspace) -> None:
    window = _window(qtbot, demo_workspace)
    qtbot.keyClicks(window.claims.search, "smith")
    qtbot.waitUntil(lambda: window.claims.model.rowCount() < 300, timeout=20_000)
    model = window.claims.model
    assert all("SMITH" in model.data(model.index(r, 1)) for r in range(model.rowCount()))
    window.claims.search.clear()
    qtbot.keyClicks(window.claims.search, "no-such-patient")
    qtbot.waitUntil(lambda: window.claims.model.rowCount() == 0, timeout=20_000)
    assert window.claims.stack.currentWidget() is window.claims.empty
    assert "No claims match" in window.claims.empty.text()


def test_selection_shows_detail_and_enter_opens_claim(
    qtbot: QtBot, demo_workspace: Workspace, monkeypatch
) -> None:
    window = _window(qtbot, demo_workspace)
    assert "Timeline" in window.claims.detail.toPlainText()
    opened: list[int] = []
    monkeypatch.setattr(claim_page.ClaimDialog, "exec", lambda self: opened.append(1) or 0)
    window.claims.table.setFocus()
    qtbot.keyClick(window.claims.table, Qt.Key.Key_Return)
    assert opened == [1]


def test_double_click_opens_read_only_claim(qtbot: QtBot, demo_workspace: Workspace) -> None:
    window = _window(qtbot, demo_workspace)
    claim_id = window.claims.selected_claim_id()
    assert claim_id is not None
    dialog = claim_page.ClaimDialog(demo_workspace.store, claim_id, window)
    qtbot.addWidget(dialog)
    text = dialog.page.toPlainText()
    assert "Service lines" in text and "Timeline" in text and "Member ID" in text
    assert dialog.page.isReadOnly()
    assert isinstance(dialog, QDialog)


def test_ctrl_f_finds_a_patients_account(qtbot: QtBot, demo_workspace: Workspace,
                                        monkeypatch) -> None:
    from oa_desktop.ui.patients.actions import FindPatientDialog

    window = _window(qtbot, demo_workspace)
    asked: list[FindPatientDialog] = []
    monkeypatch.setattr(FindPatientDialog, "exec", lambda d: asked.append(d) or 0)
    window.find_action.trigger()  # tests/ui/patients/test_find_account.py: the rest
    assert len(asked) == 1 and asked[0].list.count() > 0


def test_window_remembers_its_layout(qtbot: QtBot, demo_workspace: Workspace) -> None:
    window = _window(qtbot, demo_workspace)
    window.claims.table.setColumnWidth(1, 333)
    window.close()
    assert GEOMETRY.get(demo_workspace.store)
    again = _window(qtbot, demo_workspace)
    assert again.claims.table.columnWidth(1) == 333


def test_sections_are_listed_and_built_once(
    qtbot: QtBot, demo_workspace: Workspace, monkeypatch
) -> None:
    from PySide6.QtWidgets import QLabel

    from oa_desktop.ui.shell import main_window, sections

    built: list[int] = []

    def build(_window: MainWindow) -> QLabel:
        built.append(1)
        return QLabel("Payers live here")

    section = sections.Section("payers", "Payers", "RECORDS", build)
    monkeypatch.setattr(main_window, "sections", lambda: [section])
    window = _window(qtbot, demo_workspace)
    titles = [window.navigation.item(r).text() for r in range(window.navigation.count())]
    assert titles[-2:] == ["RECORDS", "Payers"]
    window.navigation.select_section("payers")
    assert window.pages.currentWidget().text() == "Payers live here"
    window.navigation.select_queue("drafts")
    assert window.pages.currentWidget() is window.claims
    window.navigation.select_section("payers")
    assert built == [1]


def test_send_to_secondary_explains_why_not(
    qtbot: QtBot, demo_workspace: Workspace, monkeypatch
) -> None:
    from PySide6.QtWidgets import QMessageBox

    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda *args: said.append(args[2]))
    window = _window(qtbot, demo_workspace)
    window.navigation.select_queue("drafts")
    window.secondary_action.trigger()
    assert said and ("not paid or denied" in said[0] or "no secondary coverage" in said[0])


def test_eras_to_post_badge_and_the_claim_page_link(qtbot: QtBot,
                                                     demo_workspace: Workspace) -> None:
    from PySide6.QtCore import QUrl

    from oa_desktop.services.demo.practice import add_demo_eras
    from oa_desktop.store import era_queries, remittances
    from oa_desktop.ui.era.list_view import EraListView
    from tests.conftest import DEMO_DAY

    add_demo_eras(demo_workspace, DEMO_DAY)
    window = _window(qtbot, demo_workspace)
    count, amount = era_queries.to_post(demo_workspace.store)
    assert window.navigation.section_count("eras") == count > 0
    era = remittances.list_remittances(demo_workspace.store)[-1]
    claim_id = next(c.claim_id for c in remittances.remittance_claims(demo_workspace.store, era.id)
                    if c.claim_id)
    dialog = claim_page.ClaimDialog(demo_workspace.store, claim_id, window)
    assert f"era:{era.id}" in dialog.page.toHtml()
    dialog.page.anchorClicked.emit(QUrl(f"era:{era.id}"))
    view = window.pages.currentWidget()
    assert isinstance(view, EraListView) and view.selected_id() == era.id


def test_help_is_the_last_menu(qtbot: QtBot, demo_workspace: Workspace) -> None:
    window = _window(qtbot, demo_workspace)
    titles = [a.text().replace("&", "") for a in window.menuBar().actions()]
    assert titles[-1] == "Help" and len(titles) > 2


def test_the_sidebar_follows_the_page_shown(qtbot: QtBot, demo_workspace: Workspace) -> None:
    window = _window(qtbot, demo_workspace)
    window.show_section("batches")  # e.g. from an alert or the status bar, not the sidebar
    current = window.navigation.currentItem()
    assert current is not None and current.data(Qt.ItemDataRole.UserRole) == "section:batches"
    assert window.pages.currentWidget() is window.section_views["batches"]


def test_the_claim_page_offers_what_can_be_done_to_the_claim(
    qtbot: QtBot, demo_workspace: Workspace, monkeypatch
) -> None:
    store = demo_workspace.store
    window = _window(qtbot, demo_workspace)
    paid = store.read.execute("SELECT id FROM claims WHERE status = 'paid' LIMIT 1").fetchone()[0]
    dialog = claim_page.ClaimDialog(store, paid, window, commands=window)
    qtbot.addWidget(dialog)
    buttons = dialog.action_buttons
    assert [b.text() for b in buttons.values()] == [
        "Edit", "Print CMS-1500…", "Corrected claim…", "Send to secondary…", "Patient account",
        "Proof of timely filing…"]
    assert not buttons["edit"].isEnabled()  # sent: it changes through a corrected claim
    assert "corrected claim" in buttons["edit"].toolTip()
    assert buttons["print"].isEnabled() and buttons["corrected"].isEnabled()
    done: list[int] = []
    monkeypatch.setattr(window.print_actions, "print_claim", done.append)
    buttons["print"].click()
    assert done == [paid] and dialog.result() == QDialog.DialogCode.Accepted
    draft = store.read.execute("SELECT id FROM claims WHERE status = 'draft' LIMIT 1").fetchone()[0]
    page = claim_page.ClaimDialog(store, draft, window, commands=window)
    qtbot.addWidget(page)
    assert page.action_buttons["edit"].isEnabled()
    assert not page.action_buttons["corrected"].isEnabled()


def test_closing_the_window_cancels_a_running_job_and_waits_for_it(
    qtbot: QtBot, demo_workspace: Workspace
) -> None:
    """A daily backup still running when the window closed went on after it, while the
    database it reads was closed: a crash (seen once under load). Closing now cancels
    what runs and waits for it to end."""
    import threading
    import time

    from PySide6.QtWidgets import QApplication

    from oa_desktop.services.progress import Progress

    window = _window(qtbot, demo_workspace)
    started = threading.Event()

    def endless(progress: Progress) -> None:
        started.set()
        while True:  # like a long backup: it stops only when cancelled
            progress.report(0, 1, "working")
            time.sleep(0.01)

    failures: list[BaseException] = []
    job = window.jobs.run("endless", endless, on_failure=failures.append)
    try:
        assert started.wait(10)
        window.close()
        assert window.jobs.pool.activeThreadCount() == 0  # it ended before the window went
        QApplication.processEvents()
        assert [type(f).__name__ for f in failures] == ["Cancelled"]
    finally:
        job.cancel()  # never left running, whatever the outcome
