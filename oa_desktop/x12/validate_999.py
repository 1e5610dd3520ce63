"""Structure checks of a 999 / 997 for ``x12 validate``: AK1 and AK9, set counts, verdicts.

The reader takes a 999 as it comes; these checks say where one does not add up (a file
that claims three sets accepted but answers two), so support can tell a damaged answer
from a real rejection.
"""

from __future__ import annotations

from oa_desktop.x12.errors import Finding
from oa_desktop.x12.read_999 import Acknowledgment999
from oa_desktop.x12.syntax import TransactionSet

_ACCEPTED = frozenset({"A", "E"})  # IK501/AK501: accepted, accepted with errors


class _Check:
    def __init__(self, ts: TransactionSet) -> None:
        self.ts = ts
        self.findings: list[Finding] = []
        self.where: dict[str, list[int]] = {}
        for index, seg in enumerate(ts.segments):
            self.where.setdefault(seg[0], []).append(index)

    def error(self, sid: str, element: int | None, message: str, index: int | None = None
              ) -> None:
        if index is None:
            index = self.where.get(sid, [0])[0]
        self.findings.append(Finding("error", self.ts.first_number + index, sid, element,
                                     message))

    def count(self, seg: list[str], element: int, name: str) -> int | None:
        value = seg[element].strip() if len(seg) > element else ""
        if not value.isdigit():
            self.error("AK9", element, f"{name} {value!r} is not a number of sets")
            return None
        return int(value)


def _envelope(check: _Check) -> list[str] | None:
    """AK1 once, first; AK9 once, last. Returns the AK9, or None when it is missing."""
    ts, where = check.ts, check.where
    ak1, ak9 = where.get("AK1", []), where.get("AK9", [])
    last = len(ts.segments) - 1
    if not ak1:
        check.error("ST", None, "the acknowledgment has no AK1 (which group it answers)")
    elif len(ak1) > 1:
        check.error("AK1", None, "more than one AK1 in one acknowledgment", ak1[1])
    elif ak1[0] != 1:
        check.error("AK1", None, "AK1 must follow the ST", ak1[0])
    elif not (ts.segments[ak1[0]] + ["", "", ""])[2].strip():
        check.error("AK1", 2, "AK102 (the group control number answered) is empty", ak1[0])
    if not ak9:
        check.error("SE", None, "the acknowledgment has no AK9 (the group's verdict)", last)
        return None
    if len(ak9) > 1 or ak9[0] != last - 1:
        check.error("AK9", None, "AK9 must be the last segment before the SE", ak9[-1])
    return ts.segments[ak9[0]]


def _sets(check: _Check, ack: Acknowledgment999) -> None:
    for index, ack_set in zip(check.where.get("AK2", []), ack.sets, strict=False):
        if not ack_set.control_number:
            check.error("AK2", 2, "AK202 (the set control number answered) is empty", index)
        if not ack_set.status:
            ik5 = "IK5" if ack.set_type == "999" else "AK5"
            check.error("AK2", None, f"set {ack_set.control_number!r} has no {ik5} "
                                     "(its verdict)", index)


def _counts(check: _Check, ack: Acknowledgment999, ak9: list[str]) -> None:
    included = check.count(ak9, 2, "AK902")
    received = check.count(ak9, 3, "AK903")
    accepted = check.count(ak9, 4, "AK904")
    if included is None or received is None or accepted is None:
        return
    answered = len(ack.sets)
    if answered and answered != included:
        check.error("AK9", 2, f"AK902 says {included} sets; the acknowledgment answers "
                              f"{answered} (AK2)")
    if received > included:
        check.error("AK9", 3, f"AK903 says {received} sets received, more than the "
                              f"{included} included")
    if accepted > received:
        check.error("AK9", 4, f"AK904 says {accepted} sets accepted, more than the "
                              f"{received} received")
    if answered and all(s.status for s in ack.sets):
        counted = sum(s.status in _ACCEPTED for s in ack.sets)
        if counted != accepted:
            check.error("AK9", 4, f"AK904 says {accepted} sets accepted; the AK2 loops "
                                  f"accept {counted}")
    verdict = ack.status
    expected = {"A": accepted == received, "E": accepted == received,
                # A group error (AK905..) rejects the whole group, whatever its sets.
                "R": accepted == 0 or bool(ack.error_codes),
                "P": 0 < accepted < received}.get(verdict)
    if expected is False:
        check.error("AK9", 1, f"AK901 {verdict!r} ({ack.status_text or 'unknown'}) does not "
                              f"fit {accepted} of {received} sets accepted")


def check_999(ts: TransactionSet, ack: Acknowledgment999) -> list[Finding]:
    """Structure findings for one 999 or 997 transaction set."""
    check = _Check(ts)
    ak9 = _envelope(check)
    _sets(check, ack)
    if ak9 is not None:
        _counts(check, ack, ak9)
    return check.findings
