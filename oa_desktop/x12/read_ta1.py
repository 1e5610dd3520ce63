"""Read a TA1 interchange acknowledgment: Office Ally's answer about a whole file (ISA).

A TA1 sits between the ISA and the first GS, or alone in an interchange when the file
was rejected before any transaction set was read. TA101 is the ISA13 of the file it
answers; a service matches it to the batch whose ``interchange_control_number`` is
:attr:`InterchangeAck.interchange_control_number` (and checks
:attr:`InterchangeAck.receiver_id` is our submitter ID, DESIGN §3).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time

from oa_desktop.x12.errors import Finding
from oa_desktop.x12.syntax import Envelope

# TA104 Interchange Acknowledgment Code.
STATUS_TEXT = {
    "A": "Accepted: the file was received with no errors",
    "E": "Accepted with errors: the file was received, with the errors noted",
    "R": "Rejected: the whole file was rejected because of errors in its envelope",
}

# TA105 Interchange Note Code (X12 code list 1, in plain words).
NOTE_TEXT = {
    "000": "No error",
    "001": "The control numbers in the file's header (ISA) and trailer (IEA) do not match",
    "002": "The standard named in the file's header is not supported",
    "003": "This version of the envelope is not supported",
    "004": "The segment terminator is not valid",
    "005": "The sender ID qualifier is not valid",
    "006": "The sender ID is not valid",
    "007": "The receiver ID qualifier is not valid",
    "008": "The receiver ID is not valid",
    "009": "The receiver ID is unknown",
    "010": "The authorization information qualifier is not valid",
    "011": "The authorization information is not valid",
    "012": "The security information qualifier is not valid",
    "013": "The security information is not valid",
    "014": "The interchange date is not valid",
    "015": "The interchange time is not valid",
    "016": "The interchange standards identifier is not valid",
    "017": "The interchange version is not valid",
    "018": "The interchange control number is not valid",
    "019": "The acknowledgment requested value is not valid",
    "020": "The test indicator is not valid",
    "021": "The number of groups in the trailer (IEA01) is not valid",
    "022": "The file's envelope structure is not valid",
    "023": "The file ended too soon (it was cut short in transmission)",
    "024": "The file's content is not valid (for example its GS segment)",
    "025": "This interchange control number was already received (a duplicate file)",
    "026": "The element separator is not valid",
    "027": "The component separator is not valid",
    "028": "The delivery date in the deferred delivery request is not valid",
    "029": "The delivery time in the deferred delivery request is not valid",
    "030": "The delivery time code in the deferred delivery request is not valid",
    "031": "The grade of service code is not valid",
}


@dataclass(frozen=True, slots=True)
class InterchangeAck:
    """One TA1, with the envelope of the interchange that carries it."""

    control_number: str  # TA101: the ISA13 of the file it answers
    date: date | None  # TA102 (YYMMDD)
    time: time | None  # TA103 (HHMM)
    status: str  # TA104: A, E or R
    note_code: str  # TA105
    segment_number: int
    envelope: Envelope  # the TA1's own ISA: sender (Office Ally), receiver (us)

    @property
    def status_text(self) -> str:
        """TA104 in words."""
        return STATUS_TEXT.get(self.status, f"Unknown acknowledgment code {self.status!r}")

    @property
    def status_word(self) -> str:
        """TA104 in one or three words: ``accepted``, ``accepted with errors``, ``rejected``."""
        return self.status_text.split(":", 1)[0].lower()

    @property
    def text(self) -> str:
        """TA105 in words."""
        return NOTE_TEXT.get(self.note_code, f"Note code {self.note_code!r}")

    @property
    def rejected(self) -> bool:
        """True when the whole file it answers was rejected (TA104 = R)."""
        return self.status == "R"

    @property
    def interchange_control_number(self) -> int | None:
        """TA101 as the number a batch stores for its ISA13 (None when not a number)."""
        value = self.control_number.strip()
        return int(value) if value.isdigit() else None

    @property
    def receiver_id(self) -> str:
        """ISA08 of the TA1's interchange: whom it is addressed to."""
        return self.envelope.receiver_id


def _date(text: str) -> date | None:
    if len(text) == 6 and text.isdigit():
        try:
            return date(2000 + int(text[:2]), int(text[2:4]), int(text[4:]))
        except ValueError:
            return None
    return None


def _time(text: str) -> time | None:
    if len(text) == 4 and text.isdigit():
        try:
            return time(int(text[:2]), int(text[2:]))
        except ValueError:
            return None
    return None


def read_ta1(elements: list[str], segment_number: int, envelope: Envelope,
             findings: list[Finding]) -> InterchangeAck:
    """Read one TA1 segment; each value on its own (a bad date is a warning, not a loss)."""
    values = [v.strip() for v in elements] + [""] * 6
    when, at = _date(values[2]), _time(values[3])
    if values[2] and when is None:
        findings.append(Finding("warning", segment_number, "TA1", 2,
                                f"{values[2][:20]!r} is not a date (YYMMDD); left empty"))
    if values[3] and at is None:
        findings.append(Finding("warning", segment_number, "TA1", 3,
                                f"{values[3][:20]!r} is not a time (HHMM); left empty"))
    if values[4] not in STATUS_TEXT:
        findings.append(Finding("error", segment_number, "TA1", 4,
                                f"TA104 {values[4][:20]!r} is not A, E or R"))
    if not values[1]:
        findings.append(Finding("error", segment_number, "TA1", 1,
                                "TA101 (the control number of the file answered) is empty"))
    return InterchangeAck(values[1], when, at, values[4], values[5], segment_number, envelope)
