"""Import 835 ERAs: downloaded, taken out of Office Ally's ERA zips, or chosen by hand.

The whole file is parsed and its balancing checked before anything is stored; a file
that cannot be read changes nothing. Each ST/SE becomes one remittance. One set's error
stays in its set: a set that cannot be read (no SE, a segment out of place) is kept as a
remittance of its own that cannot be posted, naming the set, where and what is wrong and
what to do; the other sets are stored and postable as usual. The same bytes
again are refused ("already imported on …"); the same payment (payer, TRN02, amount,
date) in new bytes is stored but held as a suspected duplicate for the biller to decide.
"""

from __future__ import annotations

import functools
import hashlib
import io
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path, PurePosixPath

import sqlite_utils

from oa_desktop.domain.display import plural
from oa_desktop.domain.money import to_cents
from oa_desktop.durable import write_atomically
from oa_desktop.errors import KnownError
from oa_desktop.gateway.classify import FileKind, classify
from oa_desktop.gateway.unzip import MAX_MEMBER_BYTES, MAX_RATIO
from oa_desktop.logs import get_logger
from oa_desktop.services.era.matching import auto_match
from oa_desktop.services.responses import addressee
from oa_desktop.services.responses.outcome import NOT_OURS, IngestOutcome
from oa_desktop.services.safety import audit
from oa_desktop.services.workspace import Workspace
from oa_desktop.store import files, paper_eobs, remittances, set_aside
from oa_desktop.store.db import utc_now
from oa_desktop.store.era_detail import (
    CasAdjustment,
    ClaimDetail,
    EraLine,
    NewEraClaim,
    NewPlb,
    NewRemittance,
    cas,
)
from oa_desktop.store.files import ReceivedFile
from oa_desktop.store.set_aside import SetAside
from oa_desktop.x12.errors import X12Error
from oa_desktop.x12.head_835 import read_835_header
from oa_desktop.x12.model_835 import Adjustment, ClaimPayment, Remittance835
from oa_desktop.x12.parse import BadSet, ParseResult, UnreadableSet, parse_bytes

log = get_logger("services")


@dataclass
class ImportResult:
    """What one import did, in numbers and one line."""

    remittance_ids: list[int] = field(default_factory=list)
    held_duplicates: int = 0
    not_postable: int = 0
    already_imported_on: str | None = None
    unmatched_claims: int = 0
    set_aside: int = 0  # payments to another practice: listed as not for this practice
    unreadable: list[str] = field(default_factory=list)  # the sets not read, one line each

    @property
    def summary(self) -> str:
        """One line for the status bar, the Responses screen and the CLI."""
        if self.already_imported_on is not None:
            return f"This ERA was already imported on {_local_day(self.already_imported_on)}; " \
                   "nothing was posted again."
        count = len(self.remittance_ids)
        if self.set_aside and not count:
            return ("Not for this practice: this ERA pays another payee. Nothing was "
                    "posted or changed.")
        parts = [f"Imported {count} ERA payment{'s' if count != 1 else ''}"]
        if self.held_duplicates:
            parts.append(f"{self.held_duplicates} held as a suspected duplicate")
        if self.not_postable:
            parts.append(f"{self.not_postable} with problems (cannot be posted)")
        if self.unmatched_claims:
            parts.append(f"{plural(self.unmatched_claims, 'claim')} not matched")
        if self.set_aside:
            parts.append(f"{self.set_aside} set aside as not for this practice")
        if self.unreadable:
            parts.append(f"{plural(len(self.unreadable), 'transaction set')} could not be read "
                         f"({'; '.join(self.unreadable)}): ask the payer or Office Ally for a "
                         "corrected copy of this ERA")
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
    unread = _unread(result)
    if unread and not any(isinstance(t, Remittance835) for t in result.transactions):
        raise X12Error(f"{name}: {unread[0].line()}",  # nothing of it can be read
                       next_step="Ask the payer or Office Ally for a new copy of this ERA.")
    if not any(isinstance(t, Remittance835) for t in result.transactions):
        raise KnownError(f"{name} is not an 835 ERA.", "Choose the ERA file (.835) or Office "
                         "Ally's ERA package (.zip).")
    return result


def _unread(result: ParseResult) -> list[BadSet]:
    """The 835 sets of the file that could not be read at all (kept as rows of their own)."""
    return [b for b in result.bad_sets if b.set_id == "835"
            and isinstance(result.transactions[b.index], UnreadableSet)]


def _money(value: Decimal | None) -> str | None:
    """``12.30`` for an amount (two decimals, as the detail JSON keeps them)."""
    return None if value is None else _amount(value)


def _amount(value: Decimal) -> str:
    if not value:
        return f"{value:.2f}"  # 0 and -0 are equal but written apart
    return _money_text(value)


@functools.lru_cache(maxsize=4096)
def _money_text(value: Decimal) -> str:
    # An ERA repeats the same few amounts thousands of times; format() is the slow part.
    return f"{value:.2f}"


def _adjustments(items: list[Adjustment]) -> tuple[CasAdjustment, ...]:
    return tuple(cas(a.group, a.reason, _amount(a.amount), _money(a.quantity)) for a in items)


def _detail(claim: ClaimPayment) -> ClaimDetail:
    lines = tuple(EraLine(
        line.procedure, line.modifiers, _amount(line.charge), _amount(line.paid),
        _money(line.units), _money(line.amounts.get("B6")),
        line.service_date.isoformat() if line.service_date else None, line.control_number,
        _adjustments(line.adjustments), tuple(line.remarks), line.original_procedure)
        for line in claim.lines)
    return ClaimDetail(_adjustments(claim.adjustments), tuple(claim.remark_codes), lines,
                       {k: v.isoformat() for k, v in claim.dates.items()}, claim.frequency,
                       _money(claim.amounts.get("AU")))


def _claim_row(seq: int, claim: ClaimPayment, claim_id: int | None) -> NewEraClaim:
    detail = _detail(claim)
    dates = [ln.date for ln in detail.lines if ln.date]
    return NewEraClaim(
        seq, claim.patient_control_number, claim.status_code, to_cents(claim.charge),
        to_cents(claim.paid), to_cents(claim.patient_responsibility or 0),
        claim.payer_claim_number, claim.patient_last, claim.patient_first, claim.member_id,
        min(dates) if dates else detail.dates.get("232"), detail, claim_id,
        "pcn" if claim_id is not None else "")


def _problems(era: Remittance835, result: ParseResult) -> list[str]:
    problems = [f"Balancing: {e.message}" for e in era.balance_errors]
    problems += [f"Unreadable: {f.line()}" for f in era.findings if f.severity == "error"]
    own = next(i for i, t in enumerate(result.transactions) if t is era)
    problems += [f"Envelope: {f.line()}"  # another set's errors stay in that set
                 for f in [*result.file_findings, *result.set_findings(own)]
                 if f.severity == "error" and f not in era.findings]
    bad = next((b for b in result.bad_sets if b.index == own), None)
    if bad is not None and problems:  # name the set and say what to do
        problems.append(f"This is set {bad.control_number} ({bad.set_id}, from segment "
                        f"{bad.first_number}). {bad.next_step}")
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
    eras = _eras_in_order(result)
    identity = addressee.our_identity(workspace.store)
    with workspace.store.write() as db:
        for index, (era, bad) in enumerate(eras):
            named = bad is None or bool(era.payee_npi or era.payee_tax_id)
            not_ours = addressee.era_problem(era, identity) if named else None
            if not_ours is not None:
                set_aside.add_in(db, [SetAside(name, "835", addressee.era_claims_for(era),
                                               not_ours, era.control_number, file_id)], now)
                outcome.set_aside += 1
                continue
            if bad is None:
                problems = _problems(era, result)
            else:  # kept as a row of its own, never posted, naming the set and what to do
                problems = [f"Unreadable: {bad.line()}", bad.next_step]
                outcome.unreadable.append(bad.line())
            _store_era(db, outcome, (file_id, name, sha, index, now), era, problems)
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
        total.set_aside += one.set_aside
        total.unreadable += one.unreadable
    if total.remittance_ids:
        total.already_imported_on = None
    return total


def _eras_in_order(result: ParseResult) -> list[tuple[Remittance835, BadSet | None]]:
    """Every 835 set in file order; an unreadable one as its header, with its error."""
    unread = {b.index: b for b in _unread(result)}
    found: list[tuple[Remittance835, BadSet | None]] = []
    for i, item in enumerate(result.transactions):
        if isinstance(item, Remittance835):
            found.append((item, None))
        elif i in unread:
            found.append((read_835_header(result.sets[i]), unread[i]))
    return found


def _store_era(db: sqlite_utils.Database, outcome: ImportResult,
               where: tuple[int | None, str, str, int, str], era: Remittance835,
               problems: list[str]) -> None:
    """Store one 835 set (``where``: file id, name, sha, set index, now) with its claims."""
    file_id, name, sha, index, now = where
    day = era.payment_date.isoformat() if era.payment_date else None
    amount_cents = to_cents(era.amount)
    duplicate_of = remittances.same_payment(db, era.payer_id, era.trace_number,
                                            amount_cents, day)
    duplicate_of = duplicate_of or paper_eobs.paper_twin(  # typed in from paper before
        db, era.trace_number, amount_cents, [c.patient_control_number for c in era.claims])
    status = "not_postable" if problems else ("duplicate" if duplicate_of else "ready")
    matches = auto_match(db, [c.patient_control_number for c in era.claims])
    claim_rows = [_claim_row(seq, c, claim_id)
                  for seq, (c, claim_id) in enumerate(zip(era.claims, matches, strict=True))]
    matched = sum(1 for m in matches if m is not None)
    header = NewRemittance(
        file_id, name, sha, index, era.control_number, era.payer.name, era.payer_id,
        era.payee.name, era.payee_npi, era.payee_tax_id, era.method, era.credit_debit,
        amount_cents, day, era.trace_number, sum(r.paid_cents for r in claim_rows),
        sum(to_cents(p.amount) for p in era.provider_adjustments), len(claim_rows),
        tuple(problems), status, duplicate_of, now)
    plb = [NewPlb(p.provider_id, p.reason, p.reference,
                  p.fiscal_date.isoformat() if p.fiscal_date else None,
                  to_cents(p.amount)) for p in era.provider_adjustments]
    outcome.remittance_ids.append(remittances.insert_remittance(db, header, claim_rows, plb))
    outcome.held_duplicates += status == "duplicate"
    outcome.not_postable += status == "not_postable"
    outcome.unmatched_claims += len(claim_rows) - matched


def ingest_era(workspace: Workspace, received: ReceivedFile, data: bytes) -> IngestOutcome:
    """The ingester for downloaded ``835`` and ``era_zip`` files (services.ingest)."""
    result = import_bytes(workspace, received.remote_name, data, received.id)
    status = "duplicate" if result.already_imported_on is not None else _status(result)
    return IngestOutcome(received.id, status, result.summary)


def _status(result: ImportResult) -> str:
    return NOT_OURS if result.set_aside and not result.remittance_ids else "ingested"


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
    files.mark_received(workspace.store, file_id, _status(result), result.summary)
    audit.record(workspace.store, audit.INGEST, "file", file_id, f"ERA imported by hand ({kind})")
    return result


def _file_imported_on(workspace: Workspace, sha: str) -> str | None:
    downloaded_at = files.first_downloaded_at(workspace.store, sha)
    if downloaded_at is not None:
        return downloaded_at
    return remittances.imported_on(workspace.store, sha)
