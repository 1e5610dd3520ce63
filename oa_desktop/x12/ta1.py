"""A minimal TA1 reader: what Office Ally says about a whole file (interchange).

A TA1 answers the ISA13 we sent (TA101); TA104 R means the file was rejected before
any of its transaction sets was read, with TA105 saying why. A file may hold nothing
but TA1s, which the full parser does not read yet; this scanner needs only the ISA.
(The full reader, ``x12/read_ta1.py``, is on its way; this module can then go.)
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_ISA = re.compile(r"ISA(?P<e>[^A-Za-z0-9\s])")

# TA104 and TA105 in words (X12 interchange acknowledgment and note codes).
STATUS_TEXT = {"A": "accepted", "E": "accepted with errors", "R": "rejected"}
NOTE_TEXT = {
    "000": "no error",
    "001": "the control numbers in the file's header and trailer do not match",
    "002": "the standard named in the file's header is not supported",
    "003": "this envelope version is not supported",
    "004": "the segment terminator is not valid",
    "005": "the sender ID qualifier is not valid",
    "006": "the sender ID is not valid",
    "007": "the receiver ID qualifier is not valid",
    "008": "the receiver ID is not valid",
    "009": "the receiver ID is unknown",
    "010": "the authorization information qualifier is not valid",
    "011": "the authorization information is not valid",
    "012": "the security information qualifier is not valid",
    "013": "the security information is not valid",
    "014": "the file's date is not valid",
    "015": "the file's time is not valid",
    "016": "the standards identifier is not valid",
    "017": "the envelope version is not valid",
    "018": "the interchange control number is not valid",
    "019": "the acknowledgment requested value is not valid",
    "020": "the test indicator is not valid",
    "021": "the number of groups in the trailer is not valid",
    "022": "the file's envelope structure is not valid",
    "023": "the file ended too soon",
    "024": "the file's content is not valid",
    "025": "this interchange control number was already received (a duplicate file)",
    "026": "the element separator is not valid",
    "027": "the component separator is not valid",
}


@dataclass(frozen=True, slots=True)
class InterchangeAck:
    """One TA1 with the receiver of the interchange that carries it."""

    control_number: str  # TA101: the ISA13 of the file it answers
    status: str  # TA104: A, E or R
    note_code: str  # TA105
    receiver_id: str  # ISA08 of the TA1's own interchange
    sender_id: str  # ISA06

    @property
    def note_text(self) -> str:
        """TA105 in words."""
        return NOTE_TEXT.get(self.note_code, f"note code {self.note_code or '(none)'}")


def read_ta1s(data: bytes) -> list[InterchangeAck]:
    """Every TA1 in ``data`` (none if it is not an X12 interchange)."""
    text = data.decode("latin-1")
    found: list[InterchangeAck] = []
    for match in _ISA.finditer(text):
        start, element = match.start(), match.group("e")
        if len(text) < start + 106:
            break
        terminator = text[start + 105]
        end = text.find("IEA" + element, start)
        body = text[start: end if end > 0 else len(text)]
        segments = [s.strip().split(element) for s in body.split(terminator)]
        isa = segments[0]
        sender = isa[6].strip() if len(isa) > 6 else ""
        receiver = isa[8].strip() if len(isa) > 8 else ""
        for seg in segments[1:]:
            if seg[0] == "TA1":
                seg = [*seg, "", "", "", "", ""]
                found.append(InterchangeAck(seg[1].strip(), seg[4].strip(), seg[5].strip(),
                                            receiver, sender))
    return found
