"""Import 835 ERAs: downloaded, taken out of Office Ally's ERA zips, or chosen by hand.

The whole file is parsed and its balancing checked before anything is stored; a file
that cannot be read changes nothing. Each ST/SE becomes one remittance. The same bytes
again are refused ("already imported on …"); the same payment (payer, TRN02, amount,
date) in new bytes is stored but held as a suspected duplicate for the biller to decide.
"""

from __future__ import annotations

import functools
import hashlib
import io
import json
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from oa_desktop.domain.display import plural
from oa_desktop.domain.money import to_cents
from oa_desktop.durable import write_atomically
from oa_desktop.errors import KnownError
from oa_desktop.gateway.classify import FileKind, classify
from oa_desktop.gateway.unzip import MAX_MEMBER_BYTES, MAX_RATIO
from oa_desktop.logs import get_logger
from oa_desktop.services.era.matching import auto_match
from oa_desktop.services.responses.outcome import IngestOutcome
from oa_desktop.services.safety import audit
from oa_desktop.services.workspace import Workspace
from oa_desktop.store import files, remittances
from oa_desktop.store.db import utc_now
from oa_desktop.store.files import ReceivedFile
from oa_desktop.x12.errors import X12Error
from oa_desktop.x12.model_835 import Adjustment, ClaimPayment, Remittance835
from oa_desktop.x12.parse import ParseResult, parse_bytes

log = get_logger("services")


@dataclass
class ImportResult:
    """What one import did, in numbers and one line."""

    remittance_ids: list[int] = field(default_factory=list)
    held_duplicates: int = 0
    not_postable: int = 0
    already_imported_on: str | None = None
    unmatched_claims: int = 0

    @property
    def summary(self) -> str:
        """One line for the status bar, the Responses screen and the CLI."""
        if self.already_imported_on is not None:
            return f"This ERA was already imported on {_local_day(self.already_imported_on)}; " \
                   "nothing was posted again."
        count = len(self.remittance_ids)
        parts = [f"Imported {count} ERA payment{'s' if count != 1 else ''}"]
        if self.held_duplicates:
            parts.append(f"{self.held_duplicates} held as a suspected duplicate")
        if self.not_postable:
            parts.append(f"{self.not_postable} with problems (cannot be posted)")
        if self.unmatched_claims:
            parts.append(f"{plural(self.unmatched_claims, 'claim')} not matched")
        return "; ".join(parts) + "."


def _local_day(stamp: str) -> str:
    return f"{stamp[5:7]}/{stamp[8:10]}/{stamp[0:4]}" if len(stamp) >= 10 else stamp


def era_members(name: str, data: bytes) -> list[tuple[str, bytes]]:
    """The 835 files inside ``data``: the file itself, or the ``.835`` members of a zip."""
    if not data.startswith(b"PK\x03\x04"):
        return [(name, data)]
    found: list[tuple[str, bytes]] = []
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for info in archive.infolist():
                member = PurePosixPath(info.filename.replace("\\", "/")).name
                if info.is_dir() or not member or member.startswith("."):
                    continue
                if info.file_size > MAX_MEMBER_BYTES or \
                        info.file_size / max(info.compress_size, 1) > MAX_RATIO:
                    raise KnownError(f"{member} in {name} is implausibly large.",
                                     "Ask Office Ally for the ERA again.")
                body = archive.read(info)
                if classify(member, body[:4096]) is FileKind.REMITTANCE_835:
                    found.append((member, body))
    except (zipfile.BadZipFile, EOFError) as exc:
        raise KnownError(f"{name} could not be opened as a zip file ({exc}).",
                         "Download the ERA package again.") from None
    if not found:
        raise KnownError(f"{name} holds no 835 ERA.", "Check that this is Office Ally's ERA "
                         "package (…_ERA_STATUS_5010_….zip).")
    return found


def read_eras(name: str, data: bytes) -> ParseResult:
    """Parse a whole file; raise X12Error (with the position) or KnownError (not an 835)."""
    try:
        result = parse_bytes(data)
    except X12Error as exc:
        raise X12Error(f"{name}: {exc.reason}", segment_number=exc.segment_number,
                       segment_id=exc.segment_id, element=exc.element, offset=exc.offset,
                       next_step=exc.next_step) from None
    if not any(isinstance(t, Remittance835) for t in result.transactions):
        raise KnownError(f"{name} is not an 835 ERA.", "Choose the ERA file (.835) or Office "
                         "Ally's ERA package (.zip).")
    return result


def _money(value: Any) -> str | None:
    """``12.30`` for an amount (two decimals, as the detail JSON keeps them)."""
    if value is None:
        return None
    if not value:
        return f"{value:.2f}"  # 0 and -0 are equal but written apart
    return _money_text(value)


@functools.lru_cache(maxsize=4096)
def _money_text(value: Any) -> str:
    # An ERA repeats the same few amounts thousands of times; format() is the slow part.
    return f"{value:.2f}"


def _adjustments(items: list[Adjustment]) -> list[list[Any]]:
    return [[a.group, a.reason, _money(a.amount), _money(a.quantity)] for a in items]


def _claim_row(seq: int, claim: ClaimPayment) -> dict[str, Any]:
    lines = []
    for line in claim.lines:
        allowed = line.amounts.get("B6")
        lines.append({
            "procedure": line.procedure, "modifiers": list(line.modifiers),
            "charge": _money(line.charge), "paid": _money(line.paid),
            "units": _money(line.units), "allowed": _money(allowed),
            "date": line.service_date.isoformat() if line.service_date else None,
            "control": line.control_number, "adjustments": _adjustments(line.adjustments),
            "remarks": list(line.remarks), "original_procedure": line.original_procedure,
        })
    dates = [ln["date"] for ln in lines if ln["date"]]
    claim_dates = {k: v.isoformat() for k, v in claim.dates.items()}
    first = min(dates) if dates else claim_dates.get("232")
    detail = {"adjustments": _adjustments(claim.adjustments), "remarks": claim.remark_codes,
              "dates": claim_dates, "lines": lines, "frequency": claim.frequency,
              "allowed": _money(claim.amounts.get("AU"))}
    return {
        "seq": seq, "pcn": claim.patient_control_number, "status_code": claim.status_code,
        "charge_cents": to_cents(claim.charge), "paid_cents": to_cents(claim.paid),
        "patient_resp_cents": to_cents(claim.patient_responsibility or 0),
        "payer_claim_number": claim.payer_claim_number, "patient_last": claim.patient_last,
        "patient_first": claim.patient_first, "member_id": claim.member_id,
        "first_date": first, "detail": json.dumps(detail, separators=(",", ":")),
    }


def _problems(era: Remittance835, result: ParseResult) -> list[str]:
    problems = [f"Balancing: {e.message}" for e in era.balance_errors]
    problems += [f"Unreadable: {f.line()}" for f in era.findings if f.severity == "error"]
    problems += [f"Envelope: {f.line()}" for f in result.findings
                 if f.severity == "error" and f not in era.findings]
    return problems


def store_result(
    workspace: Workspace, name: str, data: bytes, result: ParseResult, file_id: int | None
) -> ImportResult:
    """Store every 835 of a parsed file in one transaction (dedup first)."""
    sha = hashlib.sha256(data).hexdigest()
    outcome = ImportResult()
    earlier = remittances.imported_on(workspace.store, sha)
    if earlier is not None:
        outcome.already_imported_on = earlier
        return outcome
    now = utc_now()
    eras = [t for t in result.transactions if isinstance(t, Remittance835)]
    with workspace.store.write() as db:
        for index, era in enumerate(eras):
            problems = _problems(era, result)
            day = era.payment_date.isoformat() if era.payment_date else None
            amount_cents = to_cents(era.amount)
            duplicate_of = remittances.same_payment(db, era.payer_id, era.trace_number,
                                                    amount_cents, day)
            status = "not_postable" if problems else ("duplicate" if duplicate_of else "ready")
            claim_rows = [_claim_row(seq, c) for seq, c in enumerate(era.claims)]
            matched = auto_match(db, claim_rows)
            row = {
                "file_id": file_id, "source_name": name, "source_sha256": sha,
                "set_index": index, "control_number": era.control_number,
                "payer_name": era.payer.name, "payer_id": era.payer_id,
                "payee_name": era.payee.name, "payee_npi": era.payee_npi,
                "payee_tax_id": era.payee_tax_id, "method": era.method,
                "credit_debit": era.credit_debit, "amount_cents": amount_cents,
                "payment_date": day, "trace_number": era.trace_number,
                "claims_paid_cents": sum(r["paid_cents"] for r in claim_rows),
                "plb_cents": sum(to_cents(p.amount) for p in era.provider_adjustments),
                "claim_count": len(claim_rows), "problems": json.dumps(problems),
                "status": status, "duplicate_of": duplicate_of, "imported_at": now,
            }
            plb = [{"provider_id": p.provider_id, "reason": p.reason, "reference": p.reference,
                    "fiscal_date": p.fiscal_date.isoformat() if p.fiscal_date else None,
                    "amount_cents": to_cents(p.amount)} for p in era.provider_adjustments]
            outcome.remittance_ids.append(remittances.insert_remittance(db, row, claim_rows, plb))
            outcome.held_duplicates += status == "duplicate"
            outcome.not_postable += status == "not_postable"
            outcome.unmatched_claims += len(claim_rows) - matched
    log.info("imported %d remittance(s) from file %s", len(eras), file_id)
    return outcome


def import_bytes(
    workspace: Workspace, name: str, data: bytes, file_id: int | None = None
) -> ImportResult:
    """Parse every 835 in ``data`` (a file or an ERA zip) first, then store them.

    Raises X12Error / KnownError before anything is stored.
    """
    return store_parsed(workspace, parse_members(name, data), file_id)


def parse_members(name: str, data: bytes) -> list[tuple[str, bytes, ParseResult]]:
    """Every 835 in ``data`` (a file or an ERA zip), parsed whole; raises before storing."""
    return [(member, body, read_eras(member, body)) for member, body in era_members(name, data)]


def store_parsed(
    workspace: Workspace, parsed: list[tuple[str, bytes, ParseResult]], file_id: int | None
) -> ImportResult:
    """Store what :func:`parse_members` read (each member in its own transaction)."""
    total = ImportResult()
    for member, body, result in parsed:
        one = store_result(workspace, member, body, result, file_id)
        if one.already_imported_on is not None and not total.remittance_ids:
            total.already_imported_on = one.already_imported_on
            continue
        total.remittance_ids += one.remittance_ids
        total.held_duplicates += one.held_duplicates
        total.not_postable += one.not_postable
        total.unmatched_claims += one.unmatched_claims
    if total.remittance_ids:
        total.already_imported_on = None
    return total


def ingest_era(workspace: Workspace, received: ReceivedFile, data: bytes) -> IngestOutcome:
    """The ingester for downloaded ``835`` and ``era_zip`` files (services.ingest)."""
    result = import_bytes(workspace, received.remote_name, data, received.id)
    status = "duplicate" if result.already_imported_on is not None else "ingested"
    return IngestOutcome(received.id, status, result.summary)


def import_era_file(workspace: Workspace, path: Path) -> ImportResult:
    """File → Import ERA… and ``import-era FILE``: as if the file had been downloaded.

    A file that cannot be read raises before anything is stored or archived.
    """
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise KnownError(f"{path.name} cannot be read ({exc.strerror or exc}).",
                         "Check the file name and that you may read it.") from None
    sha = hashlib.sha256(data).hexdigest()
    parsed = parse_members(path.name, data)  # a malformed file is refused before any write
    earlier = _file_imported_on(workspace, sha)
    if earlier is not None:
        return ImportResult(already_imported_on=earlier)
    target = workspace.folder.archive / "imported" / f"{sha[:12]}_{path.name}"
    write_atomically(target, data)
    kind = classify(path.name, data[:4096]).value
    file_id = files.record_received(
        workspace.store, remote_name=path.name, size=len(data), mtime=int(path.stat().st_mtime),
        sha256=sha, local_path=target.relative_to(workspace.folder.root).as_posix(), kind=kind,
        downloaded_at=utc_now(), status="new")
    result = store_parsed(workspace, parsed, file_id)
    files.mark_received(workspace.store, file_id, "ingested", result.summary)
    audit.record(workspace.store, audit.INGEST, "file", file_id, f"ERA imported by hand ({kind})")
    return result


def _file_imported_on(workspace: Workspace, sha: str) -> str | None:
    downloaded_at = files.first_downloaded_at(workspace.store, sha)
    if downloaded_at is not None:
        return downloaded_at
    return remittances.imported_on(workspace.store, sha)
