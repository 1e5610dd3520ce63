"""Writing Office Ally's X12 answers: envelopes with correct counts, OA's id as sender."""

from __future__ import annotations

from decimal import Decimal

OA_ID = "330897513"


def amount(value: Decimal) -> str:
    """X12 money: no trailing zeros beyond cents, no plus sign (``12.5``, ``-3``, ``0``)."""
    text = f"{value.quantize(Decimal('0.01')):f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


class Interchange:
    """One ISA/GS with any number of ST/SE sets, rendered with ``*``, ``:`` and ``~``."""

    def __init__(
        self, functional_id: str, version: str, receiver_id: str, control: int,
        date: str, time: str,
    ) -> None:
        self.functional_id = functional_id
        self.version = version
        self.receiver_id = receiver_id
        self.control = control
        self.date = date  # CCYYMMDD
        self.time = time  # HHMM
        self.sets: list[list[list[str]]] = []

    def add_set(self, transaction: str, body: list[list[str]]) -> None:
        """Append ST + ``body`` + SE (SE01 counts ST and SE)."""
        st_control = f"{len(self.sets) + 1:04d}"
        segments = [["ST", transaction, st_control, self.version], *body]
        segments.append(["SE", str(len(segments) + 1), st_control])
        self.sets.append(segments)

    def render(self) -> str:
        """The whole interchange as text, one segment per line."""
        ctrl = f"{self.control:09d}"
        isa = ["ISA", "00", " " * 10, "00", " " * 10, "ZZ", OA_ID.ljust(15), "ZZ",
               self.receiver_id.ljust(15)[:15], self.date[2:], self.time, "^", "00501", ctrl,
               "0", "P", ":"]
        rows = [isa, ["GS", self.functional_id, OA_ID, self.receiver_id, self.date, self.time,
                      str(self.control), "X", self.version]]
        for segments in self.sets:
            rows.extend(segments)
        rows.append(["GE", str(len(self.sets)), str(self.control)])
        rows.append(["IEA", "1", ctrl])
        return "".join(_segment(row) for row in rows)


def _segment(elements: list[str]) -> str:
    while len(elements) > 1 and elements[-1] == "":
        elements = elements[:-1]
    return "*".join(elements) + "~\n"
