"""Cancel reaches the socket: a sync stalled on the server stops at once, as "cancelled"."""

from __future__ import annotations

import threading
from contextlib import ExitStack

from oa_desktop.gateway.session import GatewaySession
from oa_desktop.gateway.settings import Timeouts
from oa_desktop.services.office_ally import connection
from oa_desktop.services.progress import Cancelled, Progress
from oa_desktop.services.workspace import Workspace
from oa_desktop.store import settings as store_settings
from tests.gateway.servers import OAServer

PATIENT = Timeouts(connect=5, banner=10, auth=10, channel=120, keepalive=60, stall=120)


class _StallAtDownload(Progress):
    """The server stops answering just as the sync starts to download."""

    def __init__(self, server: OAServer, stack: ExitStack) -> None:
        super().__init__()
        self.server, self.stack = server, stack
        self.stalled = threading.Event()

    def _on_report(self, done: int, total: int, text: str) -> None:
        if text.startswith("Downloading") and not self.stalled.is_set():
            self.stack.enter_context(self.server.stalled())
            self.stalled.set()


def test_cancel_stops_a_stalled_sync_as_cancelled_not_timed_out(
    practice: Workspace, server: OAServer,
) -> None:
    def open_patiently(workspace: Workspace, password: str | None) -> GatewaySession:
        return GatewaySession.open(connection.load_gateway_settings(workspace),
                                   server.password, connection.known_hosts(workspace),
                                   timeouts=PATIENT)

    server.put_outbound("a.txt", b"report\n")
    outcome: list[object] = []
    with ExitStack() as stack:
        progress = _StallAtDownload(server, stack)

        def work() -> None:
            try:
                outcome.append(connection.sync(practice, progress=progress,
                                               session_factory=open_patiently))
            except BaseException as exc:  # noqa: BLE001 - the test looks at it
                outcome.append(exc)

        worker = threading.Thread(target=work)
        worker.start()
        assert progress.stalled.wait(30)
        progress.cancel()
        worker.join(30)  # a guard only: without the fix the sync waits for the 120 s watchdog
        assert not worker.is_alive(), "Cancel did not reach the connection"
    (result,) = outcome
    assert isinstance(result, Cancelled), result
    assert not store_settings.LAST_SYNC.get(practice.store)  # not a finished sync...
    assert not connection.alerts.LAST_SYNC_ERROR.get(practice.store)  # ...nor a failed one
    assert not list(practice.folder.archive.rglob("*.part"))
