"""The one exception type for X12 input that cannot be read, and findings for the rest."""

from __future__ import annotations

from dataclasses import dataclass

from oa_desktop.errors import InputError


class X12Error(InputError):
    """An X12 file that cannot be read. Carries where the problem is.

    ``segment_number`` counts segments from the start of the file (ISA is 1),
    ``element`` is the 1-based element index, ``offset`` the byte offset of the segment.
    """

    def __init__(
        self,
        message: str,
        *,
        segment_number: int | None = None,
        segment_id: str = "",
        element: int | None = None,
        offset: int | None = None,
        next_step: str = "Check that the file is a complete X12 5010 file and ask the sender "
        "for a new copy if it is damaged.",
    ) -> None:
        self.reason = message
        self.segment_number = segment_number
        self.segment_id = segment_id
        self.element = element
        self.offset = offset
        super().__init__(f"{position_text(segment_number, segment_id, element, offset)}{message}",
                         next_step=next_step)


def position_text(
    segment_number: int | None, segment_id: str, element: int | None, offset: int | None
) -> str:
    """Render ``segment 12 (CLP) element 4 at byte 311: `` (empty when nothing is known)."""
    parts: list[str] = []
    if segment_number is not None:
        parts.append(f"segment {segment_number} ({segment_id})" if segment_id
                     else f"segment {segment_number}")
    if element is not None:
        parts.append(f"element {element}")
    if offset is not None:
        parts.append(f"at byte {offset}")
    return (" ".join(parts) + ": ") if parts else ""


@dataclass(frozen=True, slots=True)
class Finding:
    """A problem found in a readable file: an envelope count, a business rule."""

    severity: str  # "error" or "warning"
    segment_number: int | None
    segment_id: str
    element: int | None
    message: str

    def line(self) -> str:
        """``segment N (ID) element E: message`` as ``x12 validate`` prints it."""
        seg = f"segment {self.segment_number if self.segment_number is not None else '-'}"
        seg += f" ({self.segment_id})" if self.segment_id else ""
        elem = f" element {self.element}" if self.element is not None else ""
        return f"{seg}{elem}: {self.message}"
