"""What a sessions import ties rows to: patients, coverages, providers, fees, rules."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from oa_desktop.domain.authorizations import Authorization, pick
from oa_desktop.domain.sessions import BillingPeriod, UnitRule
from oa_desktop.store import authorizations as store_auth
from oa_desktop.store import claims, fee_schedule, import_lookups, records
from oa_desktop.store.db import Store
from oa_desktop.store.settings import Setting

UNIT_RULES = Setting[dict[str, str]](
    "sessions.unit_rules", {},
    "Minutes → units by payer and code: {'*': 'cms8', '<payer id>': 'whole', "
    "'<payer id>:97153': 'cms8'} (cms8: the CMS 8-minute rule; whole: whole units only)")
BILLING_PERIOD = Setting("sessions.billing_period", "week",
                         "Sessions become one claim per week or per month")


@dataclass(frozen=True, slots=True)
class CoverageRef:
    """A patient's coverage with its payer."""

    coverage_id: int
    payer_id: int
    payer_name: str
    rank: int


def _name_key(text: str) -> str:
    """``Doe, Jane`` and ``DOE,JANE`` → ``DOE,JANE``; ``Jane Doe`` → ``DOE,JANE``."""
    value = " ".join(text.upper().replace(".", "").split())
    if "," in value:
        last, first = value.split(",", 1)
    elif " " in value:
        first, last = value.rsplit(" ", 1)
    else:
        return value
    given = first.replace(",", " ").split()
    return f"{last.strip()},{given[0] if given else ''}"


class Lookups:
    """Everything the import looks up, read once."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.accounts = import_lookups.patient_ids_by_account(store)
        self.patients_by_name: dict[str, list[int]] = {}
        self.patient_names: dict[int, str] = {}
        for row in records.list_patients(store):
            assert row.patient.id is not None
            person = row.patient.person
            self.patient_names[row.patient.id] = person.display_name
            key = _name_key(f"{person.last_name}, {person.first_name}")
            self.patients_by_name.setdefault(key, []).append(row.patient.id)
        payers = {p.id: p.name for p in records.list_payers(store)}
        self.coverages: dict[int, list[CoverageRef]] = {}
        for (patient_id, rank), coverage_id in sorted(import_lookups.coverage_ids(store).items()):
            payer_id = records.get_coverage(store, coverage_id).payer_id
            self.coverages.setdefault(patient_id, []).append(
                CoverageRef(coverage_id, payer_id, payers.get(payer_id, ""), rank))
        self.providers_by_npi = import_lookups.rendering_ids_by_npi(store)
        self.providers_by_name: dict[str, int] = {}
        self.provider_names: dict[int, str] = {}
        for provider in records.list_rendering_providers(store):
            assert provider.id is not None
            self.provider_names[provider.id] = provider.display_name
            self.providers_by_name.setdefault(
                _name_key(f"{provider.last_name}, {provider.first_name}"), provider.id)
        self.authorizations: list[Authorization] = store_auth.for_patient(store)
        self.unit_rules = UNIT_RULES.get(store)
        self.period = BillingPeriod(BILLING_PERIOD.get(store))
        self._fees: dict[tuple[str, str], Decimal | None] = {}
        self._diagnoses: dict[int, tuple[str, ...]] = {}

    def patient(self, account: str, name: str) -> tuple[int | None, str]:
        """The patient id, or None and why."""
        if account:
            found = self.accounts.get(account.upper())
            if found is not None:
                return found, ""
            if not name:
                return None, f"no patient has account number {account!r}"
        ids = self.patients_by_name.get(_name_key(name), [])
        if len(ids) == 1:
            return ids[0], ""
        if len(ids) > 1:
            return None, f"{len(ids)} patients are named {name!r}; add the account number"
        return None, f"no patient named {name!r}"

    def coverage(self, patient_id: int, payer: str) -> CoverageRef | None:
        """The coverage the payer column names, else the primary one."""
        mine = self.coverages.get(patient_id, [])
        if payer:
            named = [c for c in mine if c.payer_name.upper() == payer.strip().upper()]
            if named:
                return named[0]
        return mine[0] if mine else None

    def provider(self, npi: str, name: str) -> tuple[int | None, str]:
        """The rendering provider id (None when the file names none), and why not."""
        if npi:
            found = self.providers_by_npi.get(npi.strip())
            return (found, "") if found else (None, f"no active provider has NPI {npi}")
        if name:
            found = self.providers_by_name.get(_name_key(name))
            return (found, "") if found else (None, f"no provider named {name!r}")
        return None, ""

    def rule(self, payer_id: int, code: str) -> UnitRule:
        """The minutes → units rule for this payer and code."""
        rules = self.unit_rules
        for key in (f"{payer_id}:{code}", str(payer_id), f"*:{code}", "*"):
            if key in rules:
                return UnitRule(rules[key])
        return UnitRule.CMS_8_MINUTE

    def price(self, code: str, modifiers: tuple[str, ...]) -> Decimal | None:
        """The fee schedule's unit price (with the first modifier if listed)."""
        key = (code, modifiers[0] if modifiers else "")
        if key not in self._fees:
            self._fees[key] = fee_schedule.price_for(self.store, *key)
        return self._fees[key]

    def diagnoses(self, patient_id: int) -> tuple[str, ...]:
        """The patient's last claim's diagnoses (what a session bills under by default)."""
        if patient_id not in self._diagnoses:
            last = claims.last_claim_for_patient(self.store, patient_id)
            self._diagnoses[patient_id] = tuple(last.diagnoses) if last else ()
        return self._diagnoses[patient_id]

    def authorization(self, coverage_id: int, provider_id: int | None, code: str,
                      modifiers: tuple[str, ...], day: date) -> str:
        """The number of the authorization covering the session, '' when none."""
        found = pick(self.authorizations, coverage_id, provider_id, code, modifiers, day)
        return found.number if found else ""
