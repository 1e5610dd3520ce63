"""Envelope checks: ISA/IEA, GS/GE and ST/SE pairs, their counts and control numbers.

Count and control-number mismatches are findings; so is a set without its SE (the next
ST or GE closes it, and the set is marked ``broken``, the others are read). A file cut
short or groups and interchanges out of order raise :class:`X12Error` (never a partial
result).
"""

from __future__ import annotations

from oa_desktop.x12.errors import Finding, X12Error
from oa_desktop.x12.read_ta1 import InterchangeAck, read_ta1
from oa_desktop.x12.syntax import Delimiters, Envelope, Seg, TransactionSet


def _el(seg: list[str], index: int) -> str:
    return seg[index] if len(seg) > index else ""


class EnvelopeWalker:
    """Pairs ISA/IEA, GS/GE and ST/SE and checks their counts and control numbers."""

    def __init__(self, text: str, found: list[Seg], delimiters: Delimiters,
                 findings: list[Finding], base: int = 0) -> None:
        self.text = text
        self.base = base
        self.found = found
        self.delimiters = delimiters
        self.findings = findings
        self.envelope = Envelope()
        self.isa: Seg | None = None
        self.gs: Seg | None = None
        self.st: Seg | None = None
        self.groups = 0
        self.sets = 0
        self.previous = 0  # number of the previous envelope segment
        self.stray = False
        self.transactions: list[TransactionSet] = []
        self.interchange_acks: list[InterchangeAck] = []  # TA1s, outside any set

    def _error(self, seg: Seg, element: int | None, message: str) -> None:
        self.findings.append(Finding("error", seg.number, seg.elements[0], element, message))

    def _fatal(self, seg: Seg, message: str) -> X12Error:
        return X12Error(message, segment_number=seg.number, segment_id=seg.elements[0],
                        offset=self.base + seg.start)

    def walk(self) -> list[TransactionSet]:
        """Return the transaction sets; record or raise envelope problems."""
        handlers = {"ISA": self._isa, "IEA": self._iea, "GS": self._gs, "GE": self._ge,
                    "ST": self._st, "SE": self._se, "TA1": self._ta1,
                    "ISB": self._service_request, "ISE": self._service_request}
        for seg in self.found:
            if self.st is None and seg.number > self.previous + 1 and not self.stray:
                self.stray = True
                self.findings.append(Finding("error", self.previous + 1, "", None,
                                             "segment outside a transaction set"))
            handlers[seg.elements[0]](seg)
            self.previous = seg.number
        if self.st is not None:
            raise self._fatal(self.st, f"the file ends inside transaction set "
                                       f"{_el(self.st.elements, 2)} (no SE)")
        if self.gs is not None:
            raise self._fatal(self.gs, "the file ends inside a functional group (no GE)")
        if self.isa is not None:
            raise self._fatal(self.isa, "the file ends inside an interchange (no IEA)")
        return self.transactions

    def _ta1(self, seg: Seg) -> None:
        if self.st is None:
            self.interchange_acks.append(read_ta1(seg.elements, seg.number, self.envelope,
                                                  self.findings))

    def _service_request(self, seg: Seg) -> None:
        """ISB (grade of service) and ISE (deferred delivery): legal after the ISA,
        before the first GS."""
        if self.st is None and (self.isa is None or self.gs is not None):
            self._error(seg, None, f"{seg.elements[0]} belongs between the ISA and the "
                                   "first GS")

    def _isa(self, seg: Seg) -> None:
        if self.st is not None or self.gs is not None or self.isa is not None:
            raise self._fatal(seg, "an ISA starts before the previous interchange ended")
        isa = seg.elements
        if len(isa) < 17:
            raise self._fatal(seg, "the ISA has fewer than 16 elements")
        self.isa, self.groups = seg, 0
        self.envelope = Envelope(isa_control_number=isa[13].strip(), sender_id=isa[6].strip(),
                                 receiver_id=isa[8].strip(), usage=isa[15].strip())

    def _iea(self, seg: Seg) -> None:
        if self.st is not None or self.gs is not None:
            raise self._fatal(seg, "an IEA comes before the group or set is closed")
        iea = seg.elements
        if self.isa is None:
            self._error(seg, None, "IEA without an ISA")
            return
        if _el(iea, 1).strip() != str(self.groups):
            self._error(seg, 1, f"IEA01 says {_el(iea, 1)!r} groups; the interchange "
                                f"has {self.groups}")
        if _el(iea, 2).strip() != self.envelope.isa_control_number:
            self._error(seg, 2, f"IEA02 {_el(iea, 2)!r} does not match ISA13 "
                                f"{self.envelope.isa_control_number!r}")
        self.isa = None

    def _gs(self, seg: Seg) -> None:
        if self.st is not None or self.gs is not None:
            raise self._fatal(seg, "a GS starts before the previous group ended")
        self.gs, self.sets = seg, 0
        self.groups += 1
        gs, env = seg.elements, self.envelope
        self.envelope = Envelope(env.isa_control_number, env.sender_id, env.receiver_id,
                                 env.usage, group_control_number=_el(gs, 6).strip(),
                                 functional_id=_el(gs, 1), group_version=_el(gs, 8).strip(),
                                 application_sender=_el(gs, 2).strip(),
                                 application_receiver=_el(gs, 3).strip())

    def _close_broken(self, seg: Seg) -> None:
        """The open set has no SE: it ends before ``seg`` and is marked, not read."""
        st = self.st
        assert st is not None
        control = _el(st.elements, 2).strip()
        reason = (f"transaction set {control} has no SE (the {seg.elements[0]} of segment "
                  f"{seg.number} comes first)")
        self._error(st, None, reason)
        version = _el(st.elements, 3).strip() or self.envelope.group_version
        self.transactions.append(TransactionSet(
            st.elements[1].strip(), control, version, st.number, seg.number - st.number,
            self.envelope, self.delimiters, self.text, st.start, seg.start, broken=reason))
        self.st = None

    def _ge(self, seg: Seg) -> None:
        if self.st is not None:
            self._close_broken(seg)
        ge = seg.elements
        if self.gs is None:
            self._error(seg, None, "GE without a GS")
            return
        if _el(ge, 1).strip() != str(self.sets):
            self._error(seg, 1, f"GE01 says {_el(ge, 1)!r} transaction sets; the group "
                                f"has {self.sets}")
        if _el(ge, 2).strip() != self.envelope.group_control_number:
            self._error(seg, 2, f"GE02 {_el(ge, 2)!r} does not match GS06 "
                                f"{self.envelope.group_control_number!r}")
        self.gs = None

    def _st(self, seg: Seg) -> None:
        if self.st is not None:
            self._close_broken(seg)
        if not _el(seg.elements, 1) or not _el(seg.elements, 2):
            raise self._fatal(seg, "the ST has no transaction set id or control number")
        self.st = seg
        self.sets += 1

    def _se(self, seg: Seg) -> None:
        st = self.st
        if st is None:
            self._error(seg, None, "SE without an ST")
            return
        se = seg.elements
        count = seg.number - st.number + 1
        if _el(se, 1).strip() != str(count):
            self._error(seg, 1, f"SE01 says {_el(se, 1)!r} segments; the set has {count}")
        if _el(se, 2).strip() != st.elements[2].strip():
            self._error(seg, 2, f"SE02 {_el(se, 2)!r} does not match ST02 "
                                f"{st.elements[2]!r}")
        version = _el(st.elements, 3).strip() or self.envelope.group_version
        self.transactions.append(TransactionSet(
            st.elements[1].strip(), st.elements[2].strip(), version, st.number, count,
            self.envelope, self.delimiters, self.text, st.start, seg.end))
        self.st = None
