"""Exports for a person (issue #16): what they hold is said, `--status counted` is compare's."""

from __future__ import annotations

import csv
import io
import json

from tests.cli_helpers import run, run_bytes
from tests.fixtures import VISIT, record, setup_db


def recorded(env: dict[str, str]) -> None:
    setup_db(env)
    visits = [{**VISIT, "id": f"00000000-0000-4000-8000-00000000000{i}", "status": status}
              for i, status in enumerate(("submitted", "approved", "draft", "rejected"), 1)]
    assert record(env, visits).returncode == 0


def test_an_export_says_when_it_holds_visits_that_never_count(env: dict[str, str]) -> None:
    recorded(env)
    result = run("--lang", "en", "export", "visits", "--out", "-", env=env)
    assert result.returncode == 0
    assert "never count in comparisons (draft 1, rejected 1)" in result.stderr
    assert len(list(csv.DictReader(io.StringIO(result.stdout)))) == 4
    fi = run("--lang", "fi", "export", "answers", "--out", "-", env=env)
    assert "eivät ole mukana vertailuissa (luonnos 1, hylätty 1)" in fi.stderr


def test_status_counted_is_what_compare_counts(env: dict[str, str]) -> None:
    recorded(env)
    result = run("export", "visits", "--status", "counted", "--out", "-", env=env)
    assert result.returncode == 0 and result.stderr == ""
    statuses = sorted(row["status"] for row in csv.DictReader(io.StringIO(result.stdout)))
    assert statuses == ["approved", "submitted"]
    compared = json.loads(run("compare", "--format", "json", env=env).stdout)
    overall = next(c for c in compared["cells"] if c["principle"] == "overall")
    assert overall["n"] == len(statuses)


def test_excel_names_and_times_beside_the_ids(env: dict[str, str]) -> None:
    recorded(env)
    assert run("rounds", "add", "2018-after", "--label", "Syksy 2018", env=env).returncode == 0
    assert run("libraries", "rename", "FI-Lohja", "Lohjan pääkirjasto", env=env).returncode == 0
    text = run_bytes(env, "--lang", "fi", "export", "visits", "--excel", "--status", "counted",
                     "--out", "-").decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text, newline=""), delimiter=";"))
    assert {row["kirjaston nimi"] for row in rows} == {"Lohjan pääkirjasto"}
    assert {row["käynnin aika"] for row in rows} == {"2017-05-02 14:30"}
    assert {row["tila"] for row in rows} == {"valmis", "hyväksytty"}
    # VISIT's overall: (75 + 87.5 + 50 + 75) / 4 = 71.875, one decimal with a comma
    assert {row["Kokonaisuus"] for row in rows} == {"71,9"}
    plain = run_bytes(env, "export", "visits", "--status", "counted", "--out", "-").decode()
    assert "71.875" in plain and "2017-05-02T14:30:00" in plain
