"""Issue 13: hostile values over `record` files and `merge` sources give problems, never crashes.

Generated values include lone UTF-16 surrogates, whole numbers far beyond 64
bits (past Python's 4,300-digit conversion limit too), CR and LF inside
strings, NaN, infinities and other float edge cases, text that is not UTF-8
and BLOBs. `record` inputs are JSON files (written byte for byte, escapes,
raw number tokens and stray bytes included); `merge` sources are real
databases whose rows are damaged with SQL. Both run in this process against
one scenario catalog.

The only errors allowed are the documented ones: `InterchangeError` for a
file, `StoreError` (a refused merge is `MergeRefused`) for a source. Every
problem is one line in every language; what is accepted can be stored, and a
refused merge leaves the target as it was.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import shutil
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pilotkit.core.answers import check_answer
from pilotkit.core.database import StoreError
from pilotkit.core.framework_file import default_framework
from pilotkit.core.interchange import (
    InterchangeError,
    parse_json,
    parse_visits,
    personal_data_warnings,
    record_context,
)
from pilotkit.core.langs import LANGS
from pilotkit.core.loader import Catalog, parse_scenario
from pilotkit.core.merge import MergeRefused, merge_database
from pilotkit.core.messages import localize
from pilotkit.core.visit_service import VisitService
from tests.fixtures import CONTRACT_EXAMPLE, VISIT

FRAMEWORK = default_framework()
SCENARIO = parse_scenario(CONTRACT_EXAMPLE, "example.yaml", FRAMEWORK)
CATALOG = Catalog(FRAMEWORK, {SCENARIO.scenario.id: SCENARIO})
ITEM_IDS = [item.id for item in SCENARIO.scenario.items()]
STAMP = "2017-05-02T12:00:00.000000+00:00"


def one_line_everywhere(lines: list[str]) -> None:
    assert lines, "a refusal names at least one problem"
    for line in lines:
        for lang in LANGS:
            text = localize(line, lang)
            assert text.strip() and "\n" not in text and "\r" not in text, repr(text)


# -- values -------------------------------------------------------------------------------------

SURROGATE = st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF)
WITH_SURROGATE = st.builds(lambda a, s, b: a + s + b, st.text(max_size=4), SURROGATE,
                           st.text(max_size=4))
SEPARATED = st.builds(lambda a, sep, b: a + sep + b, st.text(max_size=6),
                      st.sampled_from(["\n", "\r", "\r\n", "\u2028", "\x00", "\t"]),
                      st.text(max_size=6))
LIKELY = st.sampled_from([
    "yes", "no", "na", "answered", "referred", "none", "E07", "FI-Lohja", "2017-baseline",
    "proxy-borrowing", "2017-05-02T14:30:00", "draft", "submitted", "approved", "in_person",
    "fi", "040 123 4567", "maija@example.fi", "131052-308T", "=1+1", "", " "])
LATIN1_BYTES = st.binary(max_size=12).map(lambda b: b.decode("latin-1"))  # BLOB-like text
TEXT = st.one_of(st.text(max_size=20), WITH_SURROGATE, SEPARATED, LIKELY, LATIN1_BYTES)


@dataclass(frozen=True)
class Raw:
    """A JSON number token written exactly as given (json.dumps could not write most)."""

    token: str


HUGE = st.builds(lambda sign, digits: Raw(sign + "9" * digits), st.sampled_from(["", "-"]),
                 st.sampled_from([19, 20, 41, 400, 4300, 4301, 6000]) | st.integers(1, 5000))
FLOATISH = st.one_of(
    st.sampled_from([Raw("1e400"), Raw("-1e400"), Raw("1e-400"), Raw("-0.0"), Raw("NaN"),
                     Raw("Infinity"), Raw("-Infinity"), Raw("0.1e1"), Raw("1E+2")]),
    st.floats(allow_nan=False, allow_infinity=False))
INTS = st.integers() | st.sampled_from([2**63 - 1, 2**63, -(2**63), -(2**63) - 1, 0, 1, 3, 5])
SCALAR = st.one_of(TEXT, HUGE, FLOATISH, INTS, st.booleans(), st.none())
JSON_VALUE = st.recursive(SCALAR, lambda inner: st.lists(inner, max_size=3)
                          | st.dictionaries(TEXT | st.sampled_from(ITEM_IDS), inner, max_size=3),
                          max_leaves=8)


# -- record -------------------------------------------------------------------------------------


@st.composite
def record_files(draw: st.DrawFn) -> bytes:
    """A JSON file of one to three visits, each the contract's example with some damage."""
    visits: list[Any] = []
    for _ in range(draw(st.integers(1, 3))):
        visit: dict[str, Any] = json.loads(json.dumps(VISIT))
        if draw(st.booleans()):
            visit["id"] = str(draw(st.uuids(version=4)))
        for _ in range(draw(st.integers(0, 3))):
            where = draw(st.sampled_from(["answer", "answer", "note", "comment", "top",
                                          "delete"]))
            item = draw(st.sampled_from(ITEM_IDS) | TEXT) if draw(st.integers(0, 9)) == 0 \
                else draw(st.sampled_from(ITEM_IDS))
            if where in ("answer", "note"):
                key = "answers" if where == "answer" else "notes"
                if not isinstance(visit.get(key), dict):
                    visit[key] = {}
                visit[key][item] = draw(SCALAR | JSON_VALUE if where == "answer"
                                        else TEXT | JSON_VALUE)
            elif where == "comment":
                visit["comment"] = draw(TEXT)
            elif where == "top":
                visit[draw(st.sampled_from([*VISIT, "extra"]) | TEXT)] = draw(SCALAR | JSON_VALUE)
            else:
                visit.pop(draw(st.sampled_from(list(VISIT))), None)
        visits.append(visit)
    document: Any = {"format": "pilotkit-visits/1", "visits": visits}
    if draw(st.integers(0, 19)) == 0:
        document = draw(JSON_VALUE)  # not even the shape
    raws: list[str] = []

    def placeholder(value: object) -> str:
        assert isinstance(value, Raw)
        raws.append(value.token)
        return f"@@RAW{len(raws) - 1}@@"

    ascii_only = draw(st.integers(0, 3)) > 0  # else a lone surrogate is written raw: not UTF-8
    text = json.dumps(document, ensure_ascii=ascii_only, default=placeholder)
    for n, token in enumerate(raws):
        text = text.replace(f'"@@RAW{n}@@"', token, 1)
    # a lone surrogate written raw (not as an escape) is no UTF-8: that is for parse_json to see
    raw = text.encode("utf-8", "surrogatepass")
    if draw(st.integers(0, 9)) == 0:
        at = draw(st.integers(0, len(raw)))
        raw = raw[:at] + draw(st.binary(min_size=1, max_size=4)) + raw[at:]
    return raw


class RecordHarness:
    """One store for every example; what parse_visits accepts must be storable."""

    def __init__(self, path: Path) -> None:
        self.store = VisitService.open(path, FRAMEWORK.ids)
        self.store.conn.execute("PRAGMA synchronous=OFF")  # a test database: speed over fsync
        self.store.add_library("FI-Lohja", "Lohja")
        self.store.add_round("2017-baseline")

    def run(self, raw: bytes) -> None:
        try:
            data = parse_json(raw, "fuzz.json")
            visits = parse_visits(data, record_context(self.store, CATALOG))
        except InterchangeError as e:
            one_line_everywhere(e.problems)
            return
        assert self.store.add_visits(visits) == len(visits)
        for warning in personal_data_warnings(visits):
            one_line_everywhere([warning])
        with self.store.writing() as conn:  # each example starts from the same database
            conn.executemany("DELETE FROM visits WHERE id = ?", [[v.id] for v in visits])


@pytest.fixture(scope="module")
def recorder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RecordHarness]:
    harness = RecordHarness(tmp_path_factory.mktemp("record") / "fuzz.db")
    yield harness
    harness.store.close()


# -- merge --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class NotUtf8:
    """Bytes stored as TEXT that are not UTF-8 (as another program could write them)."""

    data: bytes


STORABLE = st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=16)
SQL_VALUE = st.one_of(
    st.none(), st.integers(-(2**63), 2**63 - 1), st.sampled_from([2**63 - 1, -(2**63)]),
    st.floats(),  # NaN is stored as NULL; the infinities stay
    STORABLE, st.builds(lambda a, sep, b: a + sep + b, STORABLE,
                        st.sampled_from(["\n", "\r", "\r\n", "\u2028", "\x00"]), STORABLE),
    LIKELY, st.sampled_from(["lots", "4", "3.0", "9" * 30, "9" * 5000]),
    st.binary(max_size=16),  # a BLOB
    st.binary(min_size=1, max_size=8).map(NotUtf8),
    st.sampled_from([NotUtf8(b"\xed\xa0\x80"), NotUtf8(b"a\xffb"), NotUtf8(b"\xc3")]),
)
COLUMNS: dict[str, list[str]] = {
    "libraries": ["id", "name", "municipality", "created"],
    "rounds": ["id", "label", "pilot", "start_date", "end_date", "created"],
    "evaluators": ["code", "created"],
    "scenario_texts": ["sha256", "scenario_id", "version"],
    "visits": ["id", "library_id", "round_id", "scenario_id", "scenario_version",
               "scenario_sha256", "evaluator", "channel", "language", "visited_at", "status",
               "comment", "created", "modified", "status_reason", "reviewed_at"],
    "answers": ["item_id", "value", "value", "value", "note", "modified"],
    "visit_scores": ["principle", "score"],
}
SCENARIO_LINES = CONTRACT_EXAMPLE.splitlines(keepends=True)
FRAGMENTS = ["", ":", "- ", "[", "{", "&a", "*a", "!!python/name:os.system", "'", "null", "-1",
             "1e999", ".nan", "type: scale", "principles: [novel_principle]", "score: 2",
             "id: greeted", "show_if: {item: remarks, in: [1]}", "type: essay", "\t"]


@st.composite
def scenario_texts(draw: st.DrawFn) -> str:
    """The stored scenario text with a few lines damaged (as in the loader's fuzz test)."""
    lines = list(SCENARIO_LINES)
    for _ in range(draw(st.integers(1, 3))):
        index = draw(st.integers(0, len(lines) - 1))
        action = draw(st.sampled_from(["delete", "duplicate", "insert", "truncate"]))
        if action == "delete" and len(lines) > 1:
            del lines[index]
        elif action == "duplicate":
            lines.insert(index, lines[index])
        elif action == "insert":
            col = draw(st.integers(0, len(lines[index])))
            fragment = draw(st.sampled_from(FRAGMENTS) | STORABLE)
            lines[index] = lines[index][:col] + fragment + lines[index][col:]
        else:
            lines[index] = lines[index][: draw(st.integers(0, len(lines[index])))]
    return "".join(lines)


Damage = tuple[str, tuple[Any, ...]]

SET = st.tuples(st.just("set"), st.tuples(st.sampled_from(sorted(COLUMNS)), st.integers(0, 9),
                                         st.integers(0, 5), SQL_VALUE))
ANSWER = st.tuples(st.just("answer"), st.tuples(st.integers(0, 1),
                                                st.sampled_from(ITEM_IDS) | st.text(max_size=8),
                                                SQL_VALUE, SQL_VALUE))
# a damaged scenario text that matches its sha256 is parsed (pure-Python YAML: ~30 ms), so it
# comes less often than the others
SCENARIO_TEXT = st.tuples(st.just("scenario"), st.tuples(scenario_texts(), st.booleans()))
DELETE = st.tuples(st.just("delete"), st.tuples(st.sampled_from(sorted(COLUMNS)),
                                                st.integers(0, 9)))
DAMAGE = st.integers(0, 15).flatmap(
    lambda n: SCENARIO_TEXT if n == 0 else DELETE if n == 1 else ANSWER if n < 5 else SET)


def bind(value: object) -> tuple[str, object]:
    """The SQL placeholder and parameter that store `value` as it is meant."""
    if isinstance(value, NotUtf8):
        return "CAST(? AS TEXT)", value.data
    return "?", value


def damage(path: Path, damages: list[Damage], visit_ids: list[str]) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA synchronous=OFF")  # a scratch copy: no fsync
    conn.execute("PRAGMA ignore_check_constraints=ON")  # another program need not honour them
    try:
        for kind, args in damages:
            # a NOT NULL or a repeated key makes a damage impossible to write: go on without it
            with contextlib.suppress(sqlite3.DatabaseError):
                _apply(conn, kind, args, visit_ids)
    finally:
        conn.close()


def _apply(conn: sqlite3.Connection, kind: str, args: tuple[Any, ...],
           visit_ids: list[str]) -> None:
    if kind == "set":
        table, row, column, value = args
        columns = COLUMNS[table]
        placeholder, param = bind(value)
        conn.execute(f"UPDATE {table} SET {columns[column % len(columns)]} = {placeholder}"
                     f" WHERE rowid = (SELECT rowid FROM {table} LIMIT 1 OFFSET ?)"
                     if table not in ("answers", "visit_scores") else
                     f"UPDATE {table} SET {columns[column % len(columns)]} = {placeholder}"
                     f" WHERE (visit_id, {'item_id' if table == 'answers' else 'principle'}) ="
                     f" (SELECT visit_id, {'item_id' if table == 'answers' else 'principle'}"
                     f"  FROM {table} LIMIT 1 OFFSET ?)", [param, row])
    elif kind == "answer":
        visit, item_id, value, note = args
        (value_sql, value_param), (note_sql, note_param) = bind(value), bind(note)
        conn.execute(f"INSERT OR REPLACE INTO answers (visit_id, item_id, value, note, modified)"
                     f" VALUES (?, ?, {value_sql}, {note_sql}, ?)",
                     [visit_ids[visit], item_id, value_param, note_param, STAMP])
    elif kind == "scenario":
        content, rehash = args
        new_sha = hashlib.sha256(content.encode("utf-8")).hexdigest()
        conn.execute("UPDATE scenario_texts SET content = ?", [content])
        if rehash:  # as if the visit had been filled with this text: it is parsed
            conn.execute("UPDATE scenario_texts SET sha256 = ?", [new_sha])
            conn.execute("UPDATE visits SET scenario_sha256 = ?", [new_sha])
    else:
        table, row = args
        key = "rowid" if table not in ("answers", "visit_scores") else "visit_id"
        conn.execute(f"DELETE FROM {table} WHERE {key} = (SELECT {key} FROM {table}"
                     f" LIMIT 1 OFFSET ?)", [row])


def snapshot(conn: sqlite3.Connection) -> list[Any]:
    return [sorted(conn.execute(f"SELECT * FROM {table}"), key=repr) for table in COLUMNS]


class MergeHarness:
    """A source database made once and copied for each example, and a target to merge into."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.template = folder / "template.db"
        with VisitService.open(self.template, FRAMEWORK.ids) as store:
            store.add_library("FI-Lohja", "Lohja", "Lohja")
            store.add_round("r1", "Baseline", "none", "2017-01-01", "2017-12-31")
            first = store.start_visit(SCENARIO, "FI-Lohja", "r1", "E1", "2017-05-02T14:30")
            for item, value in [("greeted", "yes"), ("wait_minutes", 3), ("needs_clarified", 4),
                                ("outcome", "answered"), ("remarks", "ok")]:
                store.set_answer(first, item, value)
            store.set_note(first, "greeted", "a note")
            store.set_comment(first, "a comment")
            store.set_status(first, "submitted")
            second = store.start_visit(SCENARIO, "FI-Lohja", "r1", "E2", "2017-05-03T10:00")
            store.set_answer(second, "greeted", "no")
            store.set_answer(second, "wait_minutes", 2.5)
        self.visit_ids = [first, second]
        self.target_template = folder / "target.db"
        with VisitService.open(self.target_template, FRAMEWORK.ids) as store:
            store.add_library("FI-Lohja", "Lohja")
            store.add_round("r1")
            other = store.start_visit(SCENARIO, "FI-Lohja", "r1", "E9", "2017-05-04T09:00")
            store.set_answer(other, "greeted", "yes")
        self.source = folder / "source.db"
        self.target = VisitService.open(self.target_template, FRAMEWORK.ids)
        self.before = snapshot(self.target.conn)

    def prepare(self, damages: list[Damage]) -> Path:
        for suffix in ("-wal", "-shm"):
            Path(f"{self.source}{suffix}").unlink(missing_ok=True)
        shutil.copyfile(self.template, self.source)
        damage(self.source, damages, self.visit_ids)
        return self.source

    def dry_run(self, damages: list[Damage]) -> None:
        """Check the whole source and write it, then roll back: the target never changes."""
        source = self.prepare(damages)
        try:
            merge_database(self.target, source, dry_run=True)
        except MergeRefused as e:
            one_line_everywhere(e.problems)
        except StoreError as e:
            one_line_everywhere([str(e)])
        assert snapshot(self.target.conn) == self.before

    def merge(self, damages: list[Damage], n: int) -> None:
        """A real merge into a fresh copy of the target: what goes in is valid."""
        source = self.prepare(damages)
        target = self.folder / f"target-{n}.db"
        shutil.copyfile(self.target_template, target)
        with VisitService.open(target, FRAMEWORK.ids) as store:
            before = snapshot(store.conn)
            try:
                merge_database(store, source)
            except MergeRefused as e:
                one_line_everywhere(e.problems)
                assert snapshot(store.conn) == before
                return
            except StoreError as e:
                one_line_everywhere([str(e)])
                assert snapshot(store.conn) == before
                return
            check_merged(store)
        target.unlink()


def check_merged(store: VisitService) -> None:
    """Every answer in the target fits its item, and the database is whole."""
    conn = store.conn
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    for visit_id, sha256 in conn.execute("SELECT id, scenario_sha256 FROM visits").fetchall():
        scenario = store.stored_scenario(sha256)
        answers = conn.execute("SELECT item_id, value FROM answers WHERE visit_id = ?"
                               " AND value IS NOT NULL", [visit_id]).fetchall()
        for item_id, value in answers:
            item = scenario.item(item_id)
            assert item is not None
            assert check_answer(item, value) == value
        assert store.open_visit(visit_id).scores  # and it opens, scores and all


@pytest.fixture(scope="module")
def merger(tmp_path_factory: pytest.TempPathFactory) -> Iterator[MergeHarness]:
    harness = MergeHarness(tmp_path_factory.mktemp("merge"))
    yield harness
    harness.target.close()


DAMAGES = st.lists(DAMAGE, min_size=1, max_size=4)
FAST = settings(max_examples=150, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@FAST
@given(record_files())
def test_record_files_give_problems_or_storable_visits(recorder: RecordHarness,
                                                       raw: bytes) -> None:
    recorder.run(raw)


@FAST
@given(DAMAGES)
def test_damaged_sources_are_refused_whole_or_merged_valid(merger: MergeHarness,
                                                          damages: list[Damage]) -> None:
    merger.merge(damages, 0)


@FAST
@given(DAMAGES)
def test_a_dry_run_over_damaged_sources_leaves_the_target_alone(
        merger: MergeHarness, damages: list[Damage]) -> None:
    merger.dry_run(damages)


@pytest.mark.slow
@pytest.mark.timeout(600)  # about 2 minutes alone; more on a machine shared with other work
@settings(max_examples=10_000, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.one_of(record_files(), DAMAGES))
def test_ten_thousand_record_files_and_merge_sources(recorder: RecordHarness,
                                                     merger: MergeHarness,
                                                     example: bytes | list[Damage]) -> None:
    """Half files for record, half damaged sources for merge (a dry run: the same checks and
    writes, rolled back, so one target serves every example): about 2 minutes."""
    if isinstance(example, bytes):
        recorder.run(example)
    else:
        merger.dry_run(example)
