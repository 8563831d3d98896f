"""The review commands as a user types them: roles, decisions, the evaluator's own actions, history."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from pilotkit.core.framework_file import default_framework
from pilotkit.core.visit_service import VisitService
from tests.cli_helpers import run
from tests.fixtures import CONTRACT_EXAMPLE, VISIT, record, setup_db

SUBMITTED = VISIT["id"]
DRAFT = "11111111-2222-4333-8444-555555555555"


def with_visits(env: dict[str, str]) -> None:
    """A submitted visit and a draft that lacks its required answers."""
    setup_db(env)
    draft: dict[str, Any] = {**VISIT, "id": DRAFT, "status": "draft",
                             "answers": {"greeted": "yes"}}
    assert record(env, [VISIT, draft]).returncode == 0


def status(env: dict[str, str], visit: str) -> str | None:
    with VisitService.open(Path(env["PILOTKIT_DB"]), default_framework().ids) as store:
        return store.visit_meta(visit).status if store.has_visit(visit) else None


def test_an_evaluators_database_cannot_review(env: dict[str, str]) -> None:
    with_visits(env)
    for args in (["approve"], ["reject", "--reason", "x"], ["return", "--reason", "x"],
                 ["undo"]):
        result = run("visits", *args, SUBMITTED[:8], env=env)
        assert result.returncode == 1
        assert result.stderr == (
            "this is an evaluator's database: visits are approved, rejected and returned in "
            "the team lead's database (if this is it, run: pilotkit role lead)\n")
    assert status(env, SUBMITTED) == "submitted"
    fi = run("--lang", "fi", "visits", "approve", SUBMITTED, env=env)
    assert fi.returncode == 1 and fi.stderr.startswith("tämä on arvioijan tietokanta: ")


def test_role_prints_and_sets_and_a_lead_reviews(env: dict[str, str]) -> None:
    with_visits(env)
    assert run("role", env=env).stdout.startswith("evaluator: this is an evaluator's database")
    refused = run("role", "lead", env=env)       # no terminal to ask on: --yes is needed
    assert refused.returncode == 1 and "--yes" in refused.stderr
    assert len(refused.stderr.splitlines()) == 1
    assert run("role", "lead", "--yes", env=env).stdout == "this is now the team lead's database\n"
    assert run("role", env=env).stdout.startswith("lead: ")
    assert run("role", "boss", env=env).returncode == 2
    approved = run("visits", "approve", SUBMITTED[:8], "--reason", "fine", env=env)
    assert approved.returncode == 0 and approved.stdout == f"approved {SUBMITTED}\n"
    again = run("visits", "approve", SUBMITTED[:8], env=env)
    assert again.returncode == 1
    assert again.stderr == (f"visit {SUBMITTED[:8]} is approved, so it cannot be approved "
                            "(only a submitted visit can)\n")
    assert run("visits", "undo", SUBMITTED, env=env).stdout == f"decision undone {SUBMITTED}\n"
    assert run("visits", "return", SUBMITTED, env=env).returncode == 2   # --reason is required
    blank = run("visits", "return", SUBMITTED, "--reason", " ", env=env)
    assert blank.returncode == 1 and "needs a reason" in blank.stderr
    returned = run("visits", "return", SUBMITTED, "--reason", "the time", env=env)
    assert returned.stdout == f"returned for correction {SUBMITTED}\n"
    assert status(env, SUBMITTED) == "returned"


def test_an_unknown_id_changes_nothing(env: dict[str, str]) -> None:
    with_visits(env)
    assert run("role", "lead", "--yes", env=env).returncode == 0
    result = run("visits", "approve", SUBMITTED, "deadbeef", env=env)
    assert (result.returncode, result.stderr) == (1, "no visit deadbeef\n")
    assert status(env, SUBMITTED) == "submitted"      # all or nothing
    short = run("visits", "history", "0d6c", env=env)
    assert short.returncode == 1 and "at least 6 characters" in short.stderr


def test_submit_names_the_missing_questions_in_the_users_language(env: dict[str, str]) -> None:
    scenario = Path(env["PILOTKIT_SCENARIOS"]) / "proxy.yaml"
    scenario.write_text(CONTRACT_EXAMPLE.replace(
        'text: {en: "What happened?"}', 'text: {fi: "Mitä tapahtui?", en: "What happened?"}'),
        encoding="utf-8")
    with_visits(env)
    result = run("--lang", "fi", "visits", "submit", DRAFT[:8], env=env)
    assert result.returncode == 1
    # greeted = yes shows needs_clarified (no Finnish text: English is shown) and outcome
    assert result.stderr == (
        f"käyntiä {DRAFT[:8]} ei voi merkitä valmiiksi: pakollisiin kysymyksiin ei ole vastattu: "
        "Did the staff member ask what you needed it for?; Mitä tapahtui?\n")
    assert status(env, DRAFT) == "draft"
    reopened = run("visits", "reopen", SUBMITTED, env=env)
    assert reopened.stdout == f"reopened {SUBMITTED}\n" and status(env, SUBMITTED) == "draft"
    assert run("visits", "submit", SUBMITTED, env=env).stdout == f"submitted {SUBMITTED}\n"


def test_discard_takes_drafts_only_and_the_history_remembers(env: dict[str, str]) -> None:
    with_visits(env)
    submitted = run("visits", "discard", SUBMITTED, "--yes", env=env)
    assert submitted.returncode == 1
    assert submitted.stderr == (f"visit {SUBMITTED[:8]} is submitted, so it cannot be "
                                "discarded (only a draft can)\n")
    unasked = run("visits", "discard", DRAFT, env=env)
    assert unasked.returncode == 1 and "--yes" in unasked.stderr
    assert status(env, DRAFT) == "draft"
    assert run("visits", "discard", DRAFT, "--yes", env=env).stdout == f"discarded {DRAFT}\n"
    assert status(env, DRAFT) is None
    history = run("visits", "history", DRAFT[:8], env=env)
    assert history.returncode == 0
    (line,) = history.stdout.splitlines()
    assert line.endswith(" · draft discarded (draft → discarded) · evaluator, this database")
    assert run("visits", "discard", DRAFT, "--yes", env=env).stderr == f"no visit {DRAFT}\n"


def test_history_is_oldest_first_in_the_users_language(env: dict[str, str]) -> None:
    with_visits(env)
    assert run("role", "lead", "--yes", env=env).returncode == 0
    assert run("visits", "reject", SUBMITTED, "--reason", "wrong branch", env=env
               ).returncode == 0
    lines = run("--lang", "fi", "visits", "history", SUBMITTED, env=env).stdout.splitlines()
    assert [line.split(" · ", 1)[1] for line in lines] == [
        "tuonti tiedostosta (valmis) · arvioija, tämä tietokanta",
        "hylkäys (valmis → hylätty) · tiiminvetäjä, tämä tietokanta · syy: wrong branch"]
    draft = run("visits", "history", DRAFT, env=env)
    assert draft.stdout == f"visit {DRAFT} has had no status change: it is a draft\n"


def test_a_terminal_is_asked_before_the_role_changes(env: dict[str, str]) -> None:
    setup_db(env)
    for answer, expected in ((b"n\n", "evaluator"), (b"y\n", "lead")):
        leader, follower = os.openpty()
        child = subprocess.Popen(
            [sys.executable, "-m", "pilotkit", "role", "lead"], stdin=follower,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            env={**{k: v for k, v in os.environ.items() if not k.startswith("PILOTKIT_")},
                 **env})
        os.close(follower)
        os.write(leader, answer)
        out, err = child.communicate(timeout=60)
        os.close(leader)
        assert out.startswith("Make this the team lead's database?")
        assert child.returncode == (1 if expected == "evaluator" else 0), err
        assert run("role", env=env).stdout.startswith(f"{expected}: ")


def test_returned_travels_in_the_interchange_and_never_counts(env: dict[str, str]) -> None:
    setup_db(env)
    returned = {**VISIT, "status": "returned", "answers": {"greeted": "yes"}}  # like a draft
    assert record(env, [returned]).returncode == 0
    exported = run("export", "visits", "--format", "json", "--out", "-", env=env)
    assert '"status": "returned"' in exported.stdout
    assert run("compare", "--format", "json", env=env).stdout.replace(" ", "").replace(
        "\n", "").endswith('"cells":[]}')
    listed = run("visits", "list", "--status", "returned", "--format", "json", env=env)
    assert VISIT["id"] in listed.stdout
