"""States the screenshots must show that a fresh demo does not have, made as a biller
would meet them: through the services, against the demo's in-process Office Ally stand-in
with its fault switches. Used by ``oa-desktop screenshot --demo`` only (a throw-away demo
folder), never on a practice's own data.

- Office Ally's payer list imported through the importer (for Find a payer);
- another practice's 999 and ERA downloaded by a sync and set aside by the addressee checks
  ("Not for this practice"), beside files that could not be downloaded (permission denied,
  a link to nothing, a name no disk can hold: the "Could not download" list);
- a batch refused by the server (permission denied: the "Batch not sent" message) and one
  whose upload answer was lost ("Upload unconfirmed");
- a claim paid by one ERA, then reversed and paid again (corrected) by a later ERA, which
  waits to be posted (the reversal posting preview).
"""

from __future__ import annotations

import contextlib
import random
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path

from oa_desktop.domain.status import ClaimStatus
from oa_desktop.sandbox.server import Faults
from oa_desktop.sandbox.submitted import Envelope, SubmittedClaim
from oa_desktop.services.demo import data
from oa_desktop.services.demo.practice import DEMO_SANDBOX_PASSWORD, start_demo_sandbox
from oa_desktop.services.reports.table import write_csv_rows
from oa_desktop.services.workspace import Workspace, open_workspace
from oa_desktop.store import batches, remittances
from oa_desktop.store.claims_list import ClaimColumn, ClaimQuery, claim_ids

FOREIGN_NAME = "RIVERBEND FAMILY CLINIC"
FOREIGN_NPI = "1999999992"
FOREIGN_SUBMITTER = "RIVERBND01"
PAYER_SEARCH = "magellan"


@dataclass(frozen=True)
class ScreenStates:
    """What was made, for the screens that show it."""
    not_sent_line: str = ""  # the refused batch's outcome, as the "Batch not sent" box says
    unconfirmed_batch: int | None = None
    reversal_era: int | None = None  # remittance id of the ERA with a reversal + correction
    payer_search: str = PAYER_SEARCH
    payer_name: str = "MAGELLAN HEALTHCARE"  # the practice's payer Find a payer shows


def make_screen_states(root: Path, today: date | None = None) -> ScreenStates:
    """Make the states in the demo folder ``root`` (seeded already); returns what was made."""
    day = today or date.today()
    workspace = open_workspace(root)
    sandbox = start_demo_sandbox(root, respond_after=3600)  # no answers: none are shown
    try:
        import_demo_payer_list(workspace)
        _downloads(workspace, sandbox.layout.outbound, sandbox.faults)
        not_sent = _refused_batch(workspace, sandbox.faults)
        unconfirmed = _unconfirmed_batch(workspace, sandbox.faults)
        reversal = _reversal_era(workspace, day)
    finally:
        sandbox.stop()
        workspace.close()
    return ScreenStates(not_sent, unconfirmed, reversal)


def import_demo_payer_list(workspace: Workspace) -> None:
    """Office Ally's payer list, in its export's shape, for the demo's payers and a few
    others (one row per payer and transaction), imported through the importer."""
    from oa_desktop.services.imports.payer_list import import_payer_list

    header = ["PAYER NAME", "PAYER ID", "TRANSACTION", "AVAILABLE", "NON PAR", "ENROLLMENT",
              "SECONDARY", "ATTACHMENT", "WC / AUTO", "NOTES"]
    rows: list[list[str]] = []
    yes_no = ("No", "Yes")
    for name, payer_id, non_par, _indicator in data.PAYERS:
        notes = ("Behavioral health only.\nSend ABA claims with the authorization number."
                 if "Magellan" in name else "")
        rows += [
            [name.upper(), payer_id, "Professional Claims 837P", "Yes", yes_no[non_par],
             yes_no[non_par], "Yes", "No", "", notes],
            [name.upper(), payer_id, "Remits 835", "Yes", "No", "Yes", "No", "No", "",
             "ERA enrollment takes 30-45 days."],
            [name.upper(), f"{payer_id[:3]}27", "Claim Status 276 / 277", "Yes", "No", "No",
             "No", "No", "", ""],
            [name.upper(), f"{payer_id[:3]}70", "Eligibility 270 / 271", "No", "No", "No",
             "No", "No", "", ""],
        ]
    rows += [["MAGELLAN COMPLETE CARE OF FLORIDA", "MCCFL", "Professional Claims 837P", "Yes",
              "No", "Yes", "No", "No", "", ""],
             ["TEXAS MUTUAL WORK COMP", "TXMWC", "Professional Claims 837P", "Yes", "No",
              "No", "No", "No", "Work Comp", ""]]
    path = workspace.folder.root / "Office Ally payer list.csv"
    write_csv_rows([header, *rows], path)  # the app's one CSV writer
    import_payer_list(workspace.store, path)


def _downloads(workspace: Workspace, outbound: Path, faults: Faults) -> None:
    """One sync finds another practice's 999 and ERA (set aside) and three files it cannot
    download (listed with the reason)."""
    from oa_desktop.services.office_ally import connection

    connection.sync(workspace)  # whatever the demo left waiting goes first
    ours = max(batches.list_batches(workspace.store), key=lambda b: b.id)
    (outbound / "RIVERBEND_999_ACK.999").write_bytes(_foreign_999(ours.group_control_number))
    (outbound / "RIVERBEND_ERA_835.835").write_bytes(_foreign_835(workspace))
    (outbound / "CLAIMS_REPORT_LOCKED.txt").write_text("locked\n")
    faults.deny.add("/outbound/CLAIMS_REPORT_LOCKED.txt")
    with contextlib.suppress(OSError):  # a link to a file that is gone (Windows may refuse)
        (outbound / "ERA_LINK.835").symlink_to(outbound / "ERA_REMOVED.835")
    faults.hostile_names = {"ERA\0PART2.835": b"x"}
    connection.sync(workspace)
    faults.deny.clear()
    faults.hostile_names = {}


def _foreign_999(group: int) -> bytes:
    """Another submitter's 999 for a group numbered like one of ours."""
    from oa_desktop.sandbox.x12out import Interchange

    x12 = Interchange("FA", "005010X231A1", FOREIGN_SUBMITTER, 900001, "20261201", "1200")
    x12.add_set("999", [
        ["AK1", "HC", str(group), "005010X222A1"], ["AK2", "837", "9001", "005010X222A1"],
        ["IK3", "NM1", "12", "", "8"], ["IK4", "9", "", "7", "X"], ["IK5", "R", "5"],
        ["AK9", "R", "1", "1", "0"]])
    return x12.render().encode()


def _foreign_835(workspace: Workspace) -> bytes:
    """An ERA the payer made for another practice, for a claim numbered like one of ours."""
    from oa_desktop.sandbox.era import build_835
    from oa_desktop.sandbox.responses import adjudicate

    envelope, claim = _submitted(workspace, _at_payer(workspace)[-1])
    other = replace(claim, billing_name=FOREIGN_NAME, billing_npi=FOREIGN_NPI,
                    tax_id="999999999")
    remits = adjudicate(other, random.Random("foreign"))[:1]
    return build_835(envelope, remits, 900_000_077, date.today(),
                     random.Random(1)).encode("ascii")


def _submitted(workspace: Workspace, claim_id: int) -> tuple[Envelope, SubmittedClaim]:
    from oa_desktop.sandbox.submitted import read_envelope, read_submitted_claims
    from oa_desktop.services.claims.bundles import export_837

    sent, _ = export_837(workspace.store, [claim_id])
    raw = sent.encode("ascii")
    envelope, _segments = read_envelope(raw)
    return envelope, read_submitted_claims(raw)[0]


def _at_payer(workspace: Workspace) -> list[int]:
    """Claims the payer accepted that no ERA names yet, by claim number."""
    named = {c.claim_id for r in remittances.list_remittances(workspace.store)
             for c in remittances.remittance_claims(workspace.store, r.id)}
    query = ClaimQuery(statuses=frozenset({ClaimStatus.ACCEPTED_BY_PAYER}),
                       sort=ClaimColumn.PCN, descending=False)
    return [c for c in claim_ids(workspace.store, query) if c not in named]


def _ready(workspace: Workspace, count: int) -> list[int]:
    from oa_desktop.services.submit.batches import sendable_claim_ids

    return sendable_claim_ids(workspace.store)[-count:]


def _refused_batch(workspace: Workspace, faults: Faults) -> str:
    """A batch the server refuses to take (permission denied on its upload folder)."""
    from oa_desktop.services.submit import batches as submit

    (batch,) = submit.prepare_batches(workspace, _ready(workspace, 1), test_mode=True)
    faults.deny.add(f"/inbound/{batch.file_name}")
    faults.deny.add(f"/inbound/.{batch.file_name}.part")
    try:
        (outcome,) = submit.send_batches(workspace, [batch], password=DEMO_SANDBOX_PASSWORD)
    finally:
        faults.deny.clear()
    return "" if outcome.sent else outcome.line


def _unconfirmed_batch(workspace: Workspace, faults: Faults) -> int | None:
    """A batch renamed on the server whose answer never came: "Upload unconfirmed"."""
    from oa_desktop.services.submit import batches as submit

    sendable = [c for c in _ready(workspace, 3)
                if c not in {i for b in submit.waiting_batches(workspace.store)
                             for i in batches.batch_claim_ids(workspace.store, b.id)}]
    if not sendable:
        return None
    (batch,) = submit.prepare_batches(workspace, sendable[:2], test_mode=True)
    faults.drop_after_rename = True
    try:
        (outcome,) = submit.send_batches(workspace, [batch], password=DEMO_SANDBOX_PASSWORD)
    finally:
        faults.drop_after_rename = False
    return batch.id if outcome.unconfirmed else None


def _reversal_era(workspace: Workspace, day: date) -> int | None:
    """An ERA pays a claim and is posted; a later ERA reverses that payment and pays the
    claim again (a correction). The later one is imported, not posted."""
    from oa_desktop.sandbox.era import build_835
    from oa_desktop.sandbox.responses import Remit, adjudicate
    from oa_desktop.services.era import importing, posting

    for claim_id in _at_payer(workspace)[:10]:
        envelope, claim = _submitted(workspace, claim_id)
        first = adjudicate(claim, random.Random(f"paid:{claim_id}"))[0]
        again = adjudicate(claim, random.Random(f"again:{claim_id}"))[-1]
        if first.status != "1" or again.status != "1" or first.paid == again.paid:
            continue
        paid = importing.import_bytes(
            workspace, f"ERA_835_{day - timedelta(days=9):%Y%m%d}_PAID.835",
            build_835(envelope, [first], 900_000_101, day - timedelta(days=9),
                      random.Random(7)).encode("ascii"))
        for remittance_id in paid.remittance_ids:
            posting.post(workspace.store, remittance_id)
        back = Remit(first.claim, "22", first.paid, first.patient_resp, first.lines, sign=-1)
        later = importing.import_bytes(
            workspace, f"ERA_835_{day - timedelta(days=1):%Y%m%d}_CORRECTED.835",
            build_835(envelope, [back, again], 900_000_102, day - timedelta(days=1),
                      random.Random(7)).encode("ascii"))
        return later.remittance_ids[0] if later.remittance_ids else None
    return None
