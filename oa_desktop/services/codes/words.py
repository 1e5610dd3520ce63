"""The words a biller reads beside a code: taxonomy names and procedure descriptions.

Where the words come from, first found wins:

- taxonomy: the NUCC list the practice loaded, else the built-in short list;
- a HCPCS Level II code (a letter and four digits): the practice's own description in
  its fee schedule, else the CMS file it loaded, else the built-in short list;
- a CPT code (five digits, or four digits and a letter): ONLY the practice's own
  description from its fee schedule. CPT text is licensed by the AMA and never shipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from oa_desktop.domain.codes import load_code_list
from oa_desktop.store import code_words, fee_schedule
from oa_desktop.store.code_words import CodeWord
from oa_desktop.store.db import Store

HCPCS_LEVEL_II = re.compile(r"^[A-V]\d{4}$")


def is_hcpcs_level_ii(code: str) -> bool:
    """True for a HCPCS Level II code such as ``H2019`` (never a CPT code)."""
    return bool(HCPCS_LEVEL_II.match(code.strip().upper()))


@dataclass
class CodeWords:
    """The lists at hand. A loaded list is read one code at a time, when a code is shown,
    and remembered (a view asks again on reload); the fee schedule's words are read once."""

    store: Store | None = None  # None: only the built-in lists
    own: dict[str, str] = field(default_factory=dict)  # the fee schedule's descriptions
    _seen: dict[tuple[str, str], CodeWord | None] = field(default_factory=dict, repr=False)

    def loaded(self, kind: str, code: str) -> CodeWord | None:
        """``code`` in the practice's loaded ``kind`` list (taxonomy, hcpcs), or None."""
        key = (kind, code)
        if key not in self._seen:
            self._seen[key] = (code_words.code_word(self.store, kind, code)
                               if self.store is not None else None)
        return self._seen[key]

    def taxonomy_name(self, code: str) -> str:
        """``103K00000X`` → ``Behavior Analyst``; "" when no list has it."""
        code = code.strip().upper()
        found = self.loaded("taxonomy", code)
        return found.words if found else load_code_list("taxonomy").get(code, "")

    def taxonomy_text(self, code: str) -> str:
        """``103K00000X Behavior Analyst`` (the bare code when there are no words)."""
        name = self.taxonomy_name(code)
        return f"{code} {name}" if code and name else code

    def procedure_words(self, code: str) -> str:
        """What ``code`` is, in the practice's words or CMS's (never CPT's own text)."""
        code = code.strip().upper()
        return self.own.get(code) or self.hcpcs_words(code)

    def hcpcs_words(self, code: str) -> str:
        """CMS's words for a HCPCS Level II code (loaded, else built in); "" for CPT."""
        code = code.strip().upper()
        if not is_hcpcs_level_ii(code):
            return ""
        found = self.loaded("hcpcs", code)
        return found.words if found else load_code_list("hcpcs").get(code, "")

    def procedure_long_words(self, code: str) -> str:
        """The full description for a tooltip (the short words when there is no long one)."""
        code = code.strip().upper()
        found = None if self.own.get(code) else self.loaded("hcpcs", code)
        return found.long_words if found and found.long_words else self.procedure_words(code)

    def procedure_text(self, code: str) -> str:
        """``H2019 Therapeutic behavioral services, per 15 minutes`` (bare when none)."""
        words = self.procedure_words(code)
        return f"{code} {words}" if code and words else code


def built_in() -> CodeWords:
    """Only the lists shipped with the app (no database): for tests and previews."""
    return CodeWords()


def load(store: Store) -> CodeWords:
    """Every list at hand for ``store``'s practice."""
    own: dict[str, str] = {}
    for fee in fee_schedule.list_fees(store):
        if fee.description.strip():
            own.setdefault(fee.procedure_code.strip().upper(), fee.description.strip())
    return CodeWords(store, own)
