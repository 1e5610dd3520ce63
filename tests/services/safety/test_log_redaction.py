"""The log never holds a patient's name, member id or birth date: the demo round trip
(submit, sync, import and post ERAs) runs, a careless line logs them on purpose, and the
log file is searched for every demo patient's."""

from __future__ import annotations

import re
from datetime import date

from oa_desktop.cli.main import main
from oa_desktop.logs import LOG_FILE, get_logger, redact
from oa_desktop.services.demo.practice import DEMO_SANDBOX_PASSWORD, start_demo_sandbox
from oa_desktop.services.era import posting
from oa_desktop.services.workspace import Workspace
from tests.services.submit.helpers import wait_for_answers


def _demo_secrets(workspace: Workspace) -> tuple[set[str], set[str], set[date]]:
    db = workspace.store.read
    names = {w for row in db.execute("SELECT last_name, first_name FROM patients")
             for w in row if len(w) >= 3}
    members = {r[0] for r in db.execute("SELECT member_id FROM coverages")}
    born = {date.fromisoformat(r[0]) for r in
            db.execute("SELECT birth_date FROM patients WHERE birth_date IS NOT NULL")}
    return names, members, born


def test_the_round_trip_log_holds_no_patient_details(demo_workspace: Workspace) -> None:
    root = demo_workspace.folder.root
    names, members, born = _demo_secrets(demo_workspace)
    patient = demo_workspace.store.read.execute(
        "SELECT p.last_name, p.first_name, p.birth_date, c.member_id FROM patients p "
        "JOIN coverages c ON c.patient_id = p.id LIMIT 1").fetchone()
    log = get_logger("services")
    log.warning("careless: %s, %s member %s born %s ssn 123-45-6789", *patient)
    try:
        raise ValueError(f"no coverage for {patient[0]} {patient[3]}")
    except ValueError:
        log.exception("careless traceback")
    sandbox = start_demo_sandbox(root, respond_after=0.1)
    try:
        assert main(["--data-dir", str(root), "submit", "--all-ready", "--test"]) == 0
        name = demo_workspace.store.read.execute(
            "SELECT file_name FROM batches ORDER BY id DESC LIMIT 1").fetchone()[0]
        wait_for_answers(root, [name])
        assert main(["--data-dir", str(root), "sync"]) == 0
    finally:
        sandbox.stop()
    posting.post_all(demo_workspace.store)
    text = (demo_workspace.folder.logs / LOG_FILE).read_text(encoding="utf-8")
    assert "careless" in text and "[redacted]" in text and "[ssn]" in text
    assert DEMO_SANDBOX_PASSWORD not in text
    words = set(re.findall(r"[A-Za-z0-9][A-Za-z0-9'-]*", text.upper()))
    assert not words & names, sorted(words & names)[:10]
    assert not words & {m.upper() for m in members}
    for day in born:
        assert day.isoformat() not in text and f"{day:%m/%d/%Y}" not in text
        assert f"{day:%Y%m%d}" not in text


def test_redact_keeps_ids_and_words() -> None:
    line = "batch 42 sent in HARBORLT01_X.txt, claim C0000123 posted"
    assert redact(line) == line
    assert redact("ssn 123-45-6789") == "ssn [ssn]"
