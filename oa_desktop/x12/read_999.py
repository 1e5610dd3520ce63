"""Read a 999 (005010X231A1) or 997 acknowledgment into plain dataclasses."""

from __future__ import annotations

from dataclasses import dataclass, field

from oa_desktop.x12.code_lists import text
from oa_desktop.x12.errors import Finding
from oa_desktop.x12.syntax import TransactionSet
from oa_desktop.x12.values import el, run_segments


@dataclass(slots=True)
class ElementNote:
    """IK4/AK4: an element in error."""

    position: str  # IK401 (element position, or element:component)
    reference: str  # IK402 data element reference number
    code: str  # IK403
    bad_value: str  # IK404
    text: str
    contexts: list[list[str]] = field(default_factory=list)


@dataclass(slots=True)
class SegmentNote:
    """IK3/AK3: a segment in error, with its CTX contexts and element errors."""

    segment_id: str  # IK301
    position: str  # IK302: segment position in the transaction set
    loop: str  # IK303
    code: str  # IK304
    text: str
    contexts: list[list[str]] = field(default_factory=list)
    elements: list[ElementNote] = field(default_factory=list)


@dataclass(slots=True)
class SetAcknowledgment:
    """AK2 .. IK5/AK5: the answer for one transaction set we sent."""

    set_id: str  # AK201
    control_number: str  # AK202 = our ST02
    version: str  # AK203
    status: str = ""  # IK501: A, E, M, P, R, W, X
    status_text: str = ""
    error_codes: list[tuple[str, str]] = field(default_factory=list)  # IK502-506 + text
    segments: list[SegmentNote] = field(default_factory=list)


@dataclass(slots=True)
class Acknowledgment999:
    """One 999 or 997 transaction set."""

    set_type: str  # "999" or "997"
    control_number: str  # ST02
    version: str
    functional_id: str = ""  # AK101
    group_control_number: str = ""  # AK102 = our GS06
    group_version: str = ""  # AK103
    status: str = ""  # AK901
    status_text: str = ""
    sets_included: str = ""  # AK902
    sets_received: str = ""  # AK903
    sets_accepted: str = ""  # AK904
    error_codes: list[tuple[str, str]] = field(default_factory=list)  # AK905-909 + text
    sets: list[SetAcknowledgment] = field(default_factory=list)
    other_segments: list[list[str]] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


class _Reader:
    def __init__(self, ts: TransactionSet) -> None:
        self.ack = Acknowledgment999(ts.set_id, ts.control_number, ts.version)
        self.set: SetAcknowledgment | None = None
        self.segment: SegmentNote | None = None
        self.element: ElementNote | None = None
        self.last = len(ts.segments) - 1

    def handle(self, index: int, seg: list[str]) -> None:
        sid = seg[0]
        if index == 0 or index == self.last:
            return
        if sid == "AK1":
            self.ack.functional_id, self.ack.group_control_number = el(seg, 1), el(seg, 2)
            self.ack.group_version = el(seg, 3)
        elif sid == "AK2":
            self.set = SetAcknowledgment(el(seg, 1), el(seg, 2), el(seg, 3))
            self.ack.sets.append(self.set)
            self.segment = self.element = None
        elif sid in ("IK3", "AK3") and self.set is not None:
            self.segment = SegmentNote(el(seg, 1), el(seg, 2), el(seg, 3), el(seg, 4),
                                       text("999_ik304", el(seg, 4)))
            self.set.segments.append(self.segment)
            self.element = None
        elif sid in ("IK4", "AK4") and self.segment is not None:
            self.element = ElementNote(el(seg, 1), el(seg, 2), el(seg, 3), el(seg, 4),
                                       text("999_ik403", el(seg, 3)))
            self.segment.elements.append(self.element)
        elif sid == "CTX" and (self.element or self.segment) is not None:
            (self.element or self.segment).contexts.append(seg)  # type: ignore[union-attr]
        elif sid in ("IK5", "AK5") and self.set is not None:
            self.set.status, self.set.status_text = el(seg, 1), text("999_ik501", el(seg, 1))
            self.set.error_codes = [(c, text("999_ik502", c)) for c in seg[2:7] if c]
            self.segment = self.element = None
        elif sid == "AK9":
            self._ak9(seg)
        else:
            self.ack.other_segments.append(seg)

    def _ak9(self, seg: list[str]) -> None:
        ack = self.ack
        ack.status, ack.status_text = el(seg, 1), text("999_ak901", el(seg, 1))
        ack.sets_included, ack.sets_received = el(seg, 2), el(seg, 3)
        ack.sets_accepted = el(seg, 4)
        ack.error_codes = [(c, text("999_ak905", c)) for c in seg[5:10] if c]
        self.set = None
        self.segment = self.element = None


def read_999(ts: TransactionSet) -> Acknowledgment999:
    """Read one 999 or 997 transaction set."""
    reader = _Reader(ts)
    run_segments(ts, reader.handle, reader.ack.findings, reader.ack.other_segments.append)
    return reader.ack
