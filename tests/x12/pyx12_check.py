"""Run pyx12's validator in-process and read its 999 with our own reader."""

from __future__ import annotations

import io
import logging

from oa_desktop.x12.parse import parse_bytes
from oa_desktop.x12.read_999 import Acknowledgment999


def pyx12_problems(text: str) -> list[str]:
    """Return pyx12's complaints about an 837P (empty when it passes)."""
    import pyx12.params
    import pyx12.x12n_document

    logging.getLogger("pyx12").setLevel(logging.CRITICAL)
    param = pyx12.params.params()
    out = io.StringIO()
    ok = pyx12.x12n_document.x12n_document(param, io.StringIO(text), out, None)
    problems: list[str] = [] if ok else ["pyx12 reported the file invalid"]
    for item in parse_bytes(out.getvalue().encode()).transactions:
        assert isinstance(item, Acknowledgment999)
        if item.status != "A":
            problems.append(f"AK9 {item.status}")
        for ack_set in item.sets:
            for seg in ack_set.segments:
                problems.append(f"{seg.segment_id} at {seg.position} ({seg.loop}): {seg.text} "
                                + "; ".join(f"{e.position} {e.text} {e.bad_value}"
                                            for e in seg.elements))
    return problems
