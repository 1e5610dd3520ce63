"""Code lists shipped as package data (read with the standard library only)."""

from __future__ import annotations

import csv
import io
from functools import cache
from importlib import resources


@cache
def load_code_list(name: str) -> dict[str, str]:
    """Return ``{code: description}`` from ``oa_desktop/codes/<name>.csv``."""
    text = resources.files("oa_desktop.codes").joinpath(f"{name}.csv").read_text("utf-8")
    return {row["code"]: row["description"] for row in csv.DictReader(io.StringIO(text))}


def describe(name: str, code: str) -> str:
    """Return the description of ``code``, or a plain note that this version has none."""
    text = load_code_list(name).get(code)
    if text is None:
        return f"code {code} (no description in this version)"
    return text


def place_of_service_codes() -> dict[str, str]:
    """CMS place-of-service codes (public domain list) with their names."""
    return load_code_list("place_of_service")
