"""Make ERAs for the demo practice's own claims with the Office Ally sandbox's responder."""

from __future__ import annotations

import time
from pathlib import Path

from oa_desktop.domain.status import EventKind
from oa_desktop.sandbox.responder import Responder, SandboxLayout
from oa_desktop.services.claims.bundles import export_837, ready_claim_ids
from oa_desktop.services.workspace import Workspace
from oa_desktop.store import claims


def sandbox_eras(workspace: Workspace, tmp: Path, seed: int = 7) -> list[tuple[str, bytes]]:
    """Send every ready demo claim to the sandbox and return the ERA zips it answers with."""
    ids = ready_claim_ids(workspace.store)
    text, _ = export_837(workspace.store, ids)
    for claim_id in ids:
        claims.add_event(workspace.store, claim_id, EventKind.SUBMITTED, text="Sent (test)")
    layout = SandboxLayout(tmp / f"oa{seed}").prepare()
    (layout.inbound / "batch.837").write_text(text)
    Responder(layout, seed=seed, respond_after=0).poll(time.monotonic())
    found = [(p.name.split("__")[-1], p.read_bytes())
             for p in [*layout.outbound.iterdir(), *layout.scheduled.iterdir()]]
    return sorted((n, b) for n, b in found if "_ERA_STATUS_" in n and n.endswith(".zip"))


def import_era(workspace: Workspace, tmp_path: Path, name: str, data: bytes) -> int:
    """Import one 835 written to ``tmp_path``; the id of the one remittance it holds."""
    from oa_desktop.services.era import importing

    (tmp_path / name).write_bytes(data)
    [rid] = importing.import_era_file(workspace, tmp_path / name).remittance_ids
    return rid


DEMO_TAX_ID = "742345678"  # the demo practice's EIN (services/demo/practice.py)

Line = tuple[str, str, str, list[tuple[str, str, str]]]  # procedure, charge, paid, CAS


def era_text(
    claims_: list[tuple[str, str, str, str, list[Line]]], *, trace: str = "CHK1001",
    amount: str | None = None, plb: list[tuple[str, str]] = (),  # type: ignore[assignment]
    payer_id: str = "87726", day: str = "20261201", control: str = "0001",
    payee_npi: str = "1234567893", payee_tax_id: str = DEMO_TAX_ID,
) -> bytes:
    """A small, well-formed 835: claims are (pcn, CLP02, charge, paid, lines).

    It pays the demo practice (its Tax ID) unless told another payee."""
    from decimal import Decimal

    body = [
        ["BPR", "I", "0", "C", "CHK", "", "", "", "", "", "", "", "", "", "", "", day],
        ["TRN", "1", trace, "1512345678"],
        ["N1", "PR", "TEST PAYER", "XV", payer_id],
        ["N1", "PE", "HARBOR LIGHT", "XX", payee_npi], ["REF", "TJ", payee_tax_id], ["LX", "1"],
    ]
    total = Decimal(0)
    for pcn, status, charge, paid, lines in claims_:
        total += Decimal(paid)
        body.append(["CLP", pcn, status, charge, paid, "", "12", f"PCN{pcn}"])
        body.append(["NM1", "QC", "1", "DOE", "JANE", "", "", "", "MI", "M123"])
        for procedure, line_charge, line_paid, adjustments in lines:
            body.append(["SVC", f"HC:{procedure}", line_charge, line_paid, "", "1"])
            body.append(["DTM", "472", "20261101"])
            for group, reason, value in adjustments:
                body.append(["CAS", group, reason, value])
    for reason, value in plb:
        body.append(["PLB", "1234567893", "20261231", f"{reason}:REF1", value])
        total -= Decimal(value)
    body[0][2] = amount if amount is not None else f"{total:.2f}"
    segments = [["ST", "835", control], *body]
    segments.append(["SE", str(len(segments) + 1), control])
    isa = ("ISA*00*          *00*          *ZZ*330897513      *ZZ*HARBORLT01     *261201*1200*^*"
           f"00501*00000{control}*0*P*:")
    text = [isa, "GS*HP*330897513*HARBORLT01*20261201*1200*1*X*005010X221A1"]
    text += ["*".join(s) for s in segments]
    text += ["GE*1*1", f"IEA*1*00000{control}"]
    return ("~\n".join(text) + "~\n").encode()


OpenClaim = tuple[int, str, list[tuple[str, int]]]  # claim id, CLM01, (code, charge cents)


def open_claims(workspace: Workspace, count: int, min_lines: int = 1) -> list[OpenClaim]:
    """The first ``count`` claims the payer accepted and nothing paid yet (with at least
    ``min_lines`` service lines), each with its lines' codes and charges."""
    read = workspace.store.read
    rows = read.execute(
        "SELECT c.id, c.pcn FROM claims c WHERE c.status = 'accepted_by_payer' "
        "AND c.paid_cents = 0 AND (SELECT COUNT(*) FROM service_lines s "
        "WHERE s.claim_id = c.id) >= ? ORDER BY c.id LIMIT ?", [min_lines, count]).fetchall()
    assert len(rows) == count
    return [(claim_id, pcn, [(code, cents) for code, cents in read.execute(
        "SELECT procedure_code, charge_cents FROM service_lines WHERE claim_id = ? "
        "ORDER BY line_number", [claim_id]).fetchall()]) for claim_id, pcn in rows]

