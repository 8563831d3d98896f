"""Exports: the Excel dialect read back, formulas neutralised, the interchange round trip."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from pathlib import Path

from pilotkit.core.export import (
    ANSWER_COLUMNS,
    CsvPieces,
    Dialect,
    ExportFilters,
    answer_rows,
    write_answers_csv,
    write_csv,
)
from pilotkit.core.framework_file import default_framework
from pilotkit.core.loader import parse_scenario
from pilotkit.core.scenarios import ScenarioFile
from pilotkit.core.visit_service import VisitService
from tests.cli_helpers import run, run_bytes
from tests.fixtures import VISIT, record, setup_db

HOSTILE = "=1+1; \"quoted\"\nnew line, tab\t, NUL\x00? ‮rtl mark, emoji 📚, ääkköset"


def recorded(env: dict[str, str]) -> None:
    setup_db(env)
    visit = {**VISIT, "answers": {**VISIT["answers"], "wait_minutes": 3.5, "remarks": HOSTILE},
             "notes": {"greeted": "-2 minutes, @someone", "outcome": "+358 40 123"},
             "comment": "@SUM(A1)"}
    assert record(env, [visit]).returncode == 0


def test_excel_dialect_reads_back(env: dict[str, str]) -> None:
    recorded(env)
    raw = run_bytes(env, "--lang", "fi", "export", "answers", "--excel", "--out", "-")
    assert raw.startswith(b"\xef\xbb\xbf")                        # BOM
    text = raw.decode("utf-8-sig")
    # every record ends in CRLF; the one bare LF is inside the quoted multi-line cell
    assert text.count("\r\n") == 8
    assert text.replace("\r\n", "").count("\n") == 1
    rows = list(csv.DictReader(io.StringIO(text, newline=""), delimiter=";"))
    assert len(rows) == 7                                          # one per item of the scenario
    # issue #16: with --excel the headers are in the chosen language (here Finnish); the
    # plain CSV keeps the machine headers (golden files)
    by_item = {row["kohdan tunnus"]: row for row in rows}
    assert by_item["wait_minutes"]["vastaus"] == "3,5"             # decimal comma
    assert float(by_item["wait_minutes"]["pisteet (0–1)"].replace(",", ".")) == 0.5
    assert by_item["needs_clarified"]["pisteet (0–1)"] == "0,75"
    assert by_item["greeted"]["vastaus sanoin"] == "kyllä"
    assert by_item["greeted"]["kohta"] == "Tervehdittiinkö sinua?"
    # text cells that would run as formulas are neutralised; the rest is intact
    assert by_item["remarks"]["vastaus"] == "'" + HOSTILE
    assert by_item["greeted"]["huomio"] == "'-2 minutes, @someone"
    assert by_item["outcome"]["huomio"] == "'+358 40 123"
    for row in rows:
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r"))


def test_plain_dialect_and_visits(env: dict[str, str]) -> None:
    recorded(env)
    text = run_bytes(env, "export", "visits", "--out", "-").decode("utf-8")
    assert not text.startswith("\ufeff") and "\r\n" not in text
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 1
    row = rows[0]
    # hand-worked as in the scoring tests, with wait 3.5 → band 0.5
    assert float(row["customer_orientation"]) == 87.5
    assert float(row["responsiveness"]) == 50.0
    assert float(row["overall"]) == (87.5 + 50 + 75 + 75) / 4
    assert row["openness"] == ""
    assert row["comment"] == "'@SUM(A1)"


def test_status_filter_and_file_output(env: dict[str, str], tmp_path: Path) -> None:
    recorded(env)
    out = tmp_path / "visits.csv"
    assert run("export", "visits", "--status", "draft", "--out", out, env=env).returncode == 0
    assert out.read_text(encoding="utf-8").count("\n") == 1        # the header only
    bad = run("export", "visits", "--status", "final", "--out", out, env=env)
    assert bad.returncode == 1 and "unknown status final" in bad.stderr


def test_interchange_round_trip(env: dict[str, str], tmp_path: Path) -> None:
    recorded(env)
    draft = {**VISIT, "id": "11111111-2222-4333-8444-555555555555", "status": "draft",
             "answers": {"greeted": "no"}}
    del draft["notes"], draft["comment"]
    assert record(env, [draft]).returncode == 0
    first = run_bytes(env, "export", "visits", "--format", "json", "--out", "-")
    data = json.loads(first)
    assert data["format"] == "pilotkit-visits/1" and len(data["visits"]) == 2
    empty = {**env, "PILOTKIT_DB": str(tmp_path / "empty.db")}
    result = run("record", "-", "--create-missing", stdin=first.decode("utf-8"), env=empty)
    assert result.returncode == 0, result.stderr
    second = run_bytes(empty, "export", "visits", "--format", "json", "--out", "-")
    assert json.loads(second) == json.loads(first)


def test_scores_export_matches_compare(env: dict[str, str]) -> None:
    recorded(env)
    compare = json.loads(run("compare", "--format", "json", env=env).stdout)
    scores = json.loads(run_bytes(env, "export", "scores", "--format", "json", "--out", "-"))
    assert scores == compare
    assert {c["principle"] for c in scores["cells"]} == {
        "customer_orientation", "responsiveness", "professionalism", "reliability", "overall"}


def test_one_cell_pieces_are_what_the_csv_writer_makes() -> None:
    """A single cell skips the writer when it needs no quotes; whether it does is decided by
    hand, so each text is checked against the writer itself, in both dialects."""
    texts = ["", " ", "plain", "a,b", "a;b", 'say "hi"', "line\nbreak", "car\rriage", "tab\t",
             "'=1+1", "00001a90-b9b8-4797-a557-38eed25230ff", "2026-09-29T13:20:00", "ä 📚",
             '"', ",", ";", "\r\n", "x\x00y", HOSTILE]
    for excel in (False, True):
        dialect = Dialect(excel=excel)
        pieces = CsvPieces(dialect)
        for text in texts:
            line = io.StringIO(newline="")
            csv.writer(line, delimiter=pieces.delimiter, lineterminator="\r\n").writerow(
                ["x", text])
            assert pieces.delimiter.join(["x", pieces.one(text)]) + "\r\n" == line.getvalue()


def fast_and_row_by_row_alike(store: VisitService, lang: str) -> dict[bool, str]:
    """Per dialect (Excel or not), the answers export, after checking that `write_answers_csv`
    (lines from reused pieces) wrote exactly what `write_csv` over `answer_rows` writes."""
    texts: dict[bool, str] = {}
    for excel in (False, True):
        dialect = Dialect(excel=excel)
        rows, pieces = io.StringIO(newline=""), io.StringIO(newline="")
        write_csv(rows, ANSWER_COLUMNS, answer_rows(store, ExportFilters(), lang), dialect)
        write_answers_csv(pieces, store, ExportFilters(), lang, dialect)
        assert pieces.getvalue() == rows.getvalue()
        texts[excel] = pieces.getvalue()
    return texts


def test_a_visit_of_a_scenario_without_items_writes_no_line(
        store: VisitService, scenario_file: ScenarioFile) -> None:
    """The loader accepts a section with no items: such a visit has no answer lines, and the
    next visit's lines must not be glued onto a bare visit's columns."""
    empty = parse_scenario("id: nothing-asked\nversion: 1\ntitle: {en: Nothing asked}\n"
                           "channel: in_person\nsections:\n  - id: only\n"
                           "    title: {en: Only}\n    items: []\n", "e.yaml", default_framework())
    for number, chosen in enumerate((empty, scenario_file, empty)):
        store.start_visit(chosen, "FI-Lohja", "2017-baseline", f"E{number:02}",
                          f"2017-05-{number + 1:02}T10:00:00")
    for excel, text in fast_and_row_by_row_alike(store, "en").items():
        lines = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""),
                                delimiter=";" if excel else ","))
        assert len(lines) == 1 + len(list(scenario_file.scenario.items()))
        assert {len(line) for line in lines} == {len(ANSWER_COLUMNS)}


def test_fast_answers_csv_is_byte_for_byte_the_row_by_row_writer(
        store: VisitService, scenario_file: ScenarioFile) -> None:
    """`write_answers_csv` builds lines from reused pieces; `write_csv` over `answer_rows`
    formats every cell of every row. The two must never differ, in either dialect."""
    texts = ["=HYPERLINK(\"x\")", "a;b,c", "say \"hi\"", "line\nbreak", "car\rriage",
             "plain", "-5", "", "ääkköset 📚"]
    # (greeted, wait, clarified, outcome, remarks, note on greeted)
    plans = [("yes", 3.5, 4, "answered", 0, None), ("no", 2, 4, "none", 1, "@boss"),
             ("yes", 3.5, 4, "answered", 2, "fine"), ("na", 12.25, None, "referred", 3, None),
             ("yes", 0, 5, None, 4, "+1"), ("no", 7.0, None, "referred", 5, ""),
             (None, None, None, None, 6, None), ("yes", 2.0, 1, "answered", 8, "x;y")]
    for number, (greeted, wait, clarified, outcome, remark, note) in enumerate(plans):
        visit = store.start_visit(scenario_file, "FI-Lohja", "2017-baseline", f"E{number:02}",
                                  f"2017-05-{number + 1:02}T10:00:00")
        # clarified first, then greeted: a "no" hides an answer that stays stored
        for item, value in (("greeted", "yes"), ("needs_clarified", clarified),
                            ("greeted", greeted), ("wait_minutes", wait),
                            ("outcome", outcome), ("remarks", texts[remark])):
            if value is not None and value != "":
                store.set_answer(visit, item, value)
        if note is not None:
            store.set_note(visit, "greeted", note)
    fast_and_row_by_row_alike(store, "fi")
    # the same stored answer (clarified 4) scores when shown and not when hidden
    text = io.StringIO(newline="")
    write_answers_csv(text, store, ExportFilters(), "en", Dialect())
    clarified_rows = [row for row in csv.DictReader(io.StringIO(text.getvalue(), newline=""))
                 if row["item_id"] == "needs_clarified" and row["answer"] == "4"]
    assert sorted(row["score"] for row in clarified_rows) == ["", "0.75", "0.75"]


def test_answers_of_no_visit_do_not_shift_the_others(
        store: VisitService, scenario_file: ScenarioFile, db_path: Path) -> None:
    """A file edited with its foreign keys off may hold answers of a visit that is gone: the
    whole export reads the answers without a list of the visits, and must pass those over."""
    made = [store.start_visit(scenario_file, "FI-Lohja", "2017-baseline", f"E0{n}",
                              f"2017-05-0{n}T14:30:00") for n in range(1, 5)]
    for visit_id in made:
        store.set_answer(visit_id, "greeted", "yes")
    before = fast_and_row_by_row_alike(store, "en")
    lines = {excel: text.count("\n") for excel, text in before.items()}
    gone = sorted(made)[1]  # between two visits that stay
    with sqlite3.connect(db_path) as conn:  # foreign keys off, as in any other SQLite tool
        conn.execute("DELETE FROM visits WHERE id = ?", [gone])
        assert conn.execute("SELECT count(*) FROM answers WHERE visit_id = ?", [gone]
                            ).fetchone()[0] == 1
    for excel, text in fast_and_row_by_row_alike(store, "en").items():
        rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""),
                               delimiter=";" if excel else ","))
        assert text.count("\n") == lines[excel] - len(list(scenario_file.scenario.items()))
        answered = [row for row in rows[1:] if row[10] == "greeted"]
        assert sorted(row[0] for row in answered) == sorted(set(made) - {gone})
        assert {row[12] for row in answered} == {"yes"}
