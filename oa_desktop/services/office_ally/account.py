"""The practice's Office Ally account on this computer: its stored settings, the one
credential store, the pinned host key, and logging in with them.

Below :mod:`~oa_desktop.services.office_ally.connection` (setup and sync) and
:mod:`oa_desktop.services.submit.batches` (uploads), which both log in through here.
"""

from __future__ import annotations

from oa_desktop.gateway.api import connect
from oa_desktop.gateway.credentials import CredentialStore
from oa_desktop.gateway.hostkeys import KnownHostStore
from oa_desktop.gateway.session import GatewaySession
from oa_desktop.gateway.settings import GatewaySettings
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
    """Log in with the stored (or given, for this run only) password and the pinned key."""
    return connect(load_gateway_settings(workspace), CREDENTIALS, known_hosts(workspace),
                   password=password)
