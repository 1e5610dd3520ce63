"""A typed settings registry (Electrum's ConfigVar is the model), stored as JSON rows."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from oa_desktop.store.db import Store, like_starts

T = TypeVar("T")

REGISTRY: dict[str, Setting[Any]] = {}


@dataclass(frozen=True)
class Setting(Generic[T]):
    """One named setting with its type and default."""

    key: str
    default: T
    description: str

    def __post_init__(self) -> None:
        REGISTRY[self.key] = self

    def get(self, store: Store) -> T:
        """The stored value, or the default."""
        row = store.read.execute("SELECT value FROM settings WHERE key = ?", [self.key]).fetchone()
        if row is None:
            return self.default
        value: T = json.loads(row[0])
        return value

    def set(self, store: Store, value: T) -> None:
        """Store ``value`` (checked against the default's type)."""
        if self.default is not None and not isinstance(value, type(self.default)):
            raise TypeError(f"setting {self.key} takes {type(self.default).__name__}")
        with store.write() as db:
            db.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                [self.key, json.dumps(value)],
            )


# Office Ally gateway (OFFICE_ALLY.md: every value is a setting with its default). The keys
# are those of gateway.settings.GatewaySettings.to_dict().
GATEWAY_HOST = Setting("gateway.host", "ftp10.officeally.com", "Office Ally SFTP host")
GATEWAY_PORT = Setting("gateway.port", 22, "Office Ally SFTP port")
GATEWAY_USERNAME = Setting("gateway.username", "", "Office Ally SFTP username")
GATEWAY_UPLOAD_FOLDER = Setting("gateway.upload_folder", "/inbound", "Folder claims go to")
GATEWAY_DOWNLOAD_FOLDER = Setting("gateway.download_folder", "/outbound", "Folder answers are in")
GATEWAY_TAX_ID = Setting("gateway.tax_id", "", "The practice's Tax ID given to Office Ally")
GATEWAY_SUBMITTER_ID = Setting("gateway.submitter_id", "", "Submitter id (ISA06, GS02)")
GATEWAY_MOVE_AFTER_IMPORT = Setting(
    "gateway.move_after_import", False, "Move imported files to Office Ally's /tmp folder"
)
GATEWAY_REMOTE_DONE_FOLDER = Setting("gateway.remote_done_folder", "/tmp", "Where imported go")
GATEWAY_RESPONSES_REQUESTED = Setting(
    "gateway.responses_requested", False, "Asked Office Ally to turn on 999 and 277 files"
)
GATEWAY_AGREEMENT_SIGNED = Setting(
    "gateway.agreement_signed", False, "Signed Office Ally's agreement"
)
TEST_MODE = Setting("gateway.test_mode", True, "Mark uploads OATEST: processed, not forwarded")
LAST_SYNC = Setting("gateway.last_sync", "", "When the last sync with Office Ally finished")
OA_RECEIVER_ID = Setting("x12.receiver_id", "330897513", "Office Ally's id (ISA08, GS03)")
BATCH_CLAIM_CAP = Setting("x12.batch_claim_cap", 500, "Most claims in one uploaded file")
NON_PAR_FEE = Setting("fees.non_par_fee", "35.00", "Office Ally Non-Par fee per month")
PER_CLAIM_CHARGE = Setting(
    "fees.per_claim_charge", "0.00", "A vendor's own charge per claim sent (0 for none)"
)
NON_PAR_THRESHOLD = Setting(
    "fees.non_par_threshold_percent", 50, "Share of Non-Par claims that triggers the fee"
)
DEMO = Setting("app.demo", False, "This data folder holds the demo practice")


def values_with_prefix(store: Store, prefix: str) -> dict[str, Any]:
    """Every setting whose key starts with ``prefix``: registered defaults, then stored values."""
    values: dict[str, Any] = {
        key: setting.default for key, setting in REGISTRY.items() if key.startswith(prefix)
    }
    rows = store.read.execute(
        "SELECT key, value FROM settings WHERE key LIKE ? ESCAPE '\\'",
        [like_starts(prefix)],
    )
    values.update({key: json.loads(value) for key, value in rows})
    return values


def set_values(store: Store, values: dict[str, Any]) -> None:
    """Store several settings in one transaction."""
    with store.write() as db:
        for key, value in values.items():
            db.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                [key, json.dumps(value)],
            )
