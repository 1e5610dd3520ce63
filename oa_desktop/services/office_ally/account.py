"""The practice's Office Ally account on this computer: its stored settings, the one
credential store, the pinned host key, and logging in with them.

Below :mod:`~oa_desktop.services.office_ally.connection` (setup and sync) and
:mod:`oa_desktop.services.submit.batches` (uploads), which both log in through here.
"""

from __future__ import annotations

from oa_desktop.gateway.api import connect
from oa_desktop.gateway.credentials import CredentialStore
from oa_desktop.gateway.errors import WrongPassword
from oa_desktop.gateway.hostkeys import KnownHostStore, fingerprint
from oa_desktop.gateway.session import GatewaySession
from oa_desktop.gateway.settings import GatewaySettings
from oa_desktop.services.safety import audit
from oa_desktop.services.workspace import Workspace
from oa_desktop.store import settings

# One credential store for the whole process, so a password kept "for this session only"
# (no keyring on this machine) lasts until the app closes.
CREDENTIALS = CredentialStore()


def load_gateway_settings(workspace: Workspace) -> GatewaySettings:
    """The connection settings stored in the data folder (defaults where unset)."""
    return GatewaySettings.from_dict(settings.values_with_prefix(workspace.store, "gateway."))


def save_gateway_settings(workspace: Workspace, gateway: GatewaySettings) -> None:
    """Store the connection settings (never the password)."""
    settings.set_values(workspace.store, gateway.to_dict())


def known_hosts(workspace: Workspace) -> KnownHostStore:
    """The pinned Office Ally host key of this data folder."""
    return KnownHostStore(workspace.folder.known_hosts)


def open_session(workspace: Workspace, password: str | None = None) -> GatewaySession:
    """Log in with the stored (or given, for this run only) password and the pinned key.

    A refused login is written to the audit trail (who tried, which Office Ally user), and
    so is a host key of a new type pinned while connecting (which key vouched for it).
    """
    gateway = load_gateway_settings(workspace)
    try:
        session = connect(gateway, CREDENTIALS, known_hosts(workspace), password=password)
    except WrongPassword:
        if not workspace.store.read_only:
            audit.record(workspace.store, audit.OFFICE_ALLY_LOGIN_FAILED, "office_ally", "",
                         f"Office Ally user {gateway.username} at {gateway.host}")
        raise
    for key in session.adopted:
        if not workspace.store.read_only:
            audit.record(workspace.store, audit.OFFICE_ALLY_HOST_KEY_ADDED, "office_ally", "",
                         f"{gateway.host}:{gateway.port} now also pinned: {key.get_name()} "
                         f"{fingerprint(key)}, accepted because the pinned key "
                         f"{session.fingerprint} verified in the same connection")
    return session
