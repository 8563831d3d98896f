"""The database schema, as the ordered list of steps that builds it.

Never edit a step that has shipped: add a new one. `SCHEMA_VERSION` is the
number of steps, kept in `PRAGMA user_version` so that a database written by
a newer pilotkit can be recognised (and refused) without reading its tables.
"""

from __future__ import annotations

import sqlite3
import uuid

from sqlite_utils import Database, Migrations

migrations = Migrations("pilotkit")


@migrations()
def m001_initial(db: Database) -> None:
    db.executescript(
        """
        CREATE TABLE libraries (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            municipality TEXT,
            created TEXT NOT NULL
        );
        CREATE TABLE rounds (
            id TEXT PRIMARY KEY,
            label TEXT,
            pilot TEXT,
            start_date TEXT,
            end_date TEXT,
            created TEXT NOT NULL
        );
        -- pseudonymous codes only: there is deliberately no name column
        CREATE TABLE evaluators (
            code TEXT PRIMARY KEY,
            created TEXT NOT NULL
        );
        -- the exact scenario text each visit was filled with, shared by content hash
        CREATE TABLE scenario_texts (
            sha256 TEXT PRIMARY KEY,
            scenario_id TEXT NOT NULL,
            version INTEGER NOT NULL,
            content TEXT NOT NULL
        );
        CREATE TABLE visits (
            id TEXT PRIMARY KEY,
            library_id TEXT NOT NULL REFERENCES libraries(id),
            round_id TEXT NOT NULL REFERENCES rounds(id),
            scenario_id TEXT NOT NULL,
            scenario_version INTEGER NOT NULL,
            scenario_sha256 TEXT NOT NULL REFERENCES scenario_texts(sha256),
            evaluator TEXT NOT NULL REFERENCES evaluators(code),
            channel TEXT NOT NULL,
            language TEXT,
            visited_at TEXT NOT NULL,
            status TEXT NOT NULL
                CHECK (status IN ('draft', 'submitted', 'approved', 'rejected')),
            comment TEXT,
            created TEXT NOT NULL,
            modified TEXT NOT NULL
        );
        CREATE INDEX visits_round_library ON visits(round_id, library_id);
        CREATE INDEX visits_status ON visits(status);
        -- value has no declared type so that integers, reals and text keep their type
        CREATE TABLE answers (
            visit_id TEXT NOT NULL REFERENCES visits(id) ON DELETE CASCADE,
            item_id TEXT NOT NULL,
            value,
            note TEXT,
            modified TEXT NOT NULL,
            PRIMARY KEY (visit_id, item_id)
        ) WITHOUT ROWID;
        -- each visit's principle and overall scores, rewritten whenever the visit
        -- changes, so that comparisons never rescore answers
        CREATE TABLE visit_scores (
            visit_id TEXT NOT NULL REFERENCES visits(id) ON DELETE CASCADE,
            principle TEXT NOT NULL,
            score REAL,
            PRIMARY KEY (visit_id, principle)
        ) WITHOUT ROWID;
        """
    )


@migrations()
def m002_review(db: Database) -> None:
    """Team leads approve or reject visits, with a reason."""
    db.executescript(
        """
        ALTER TABLE visits ADD COLUMN status_reason TEXT;
        ALTER TABLE visits ADD COLUMN reviewed_at TEXT;
        """
    )



@migrations()
def m003_merge_sync(db: Database) -> None:
    """Remember, per visit, the source's modification time at the last merge.

    With it a later merge can tell a visit changed on one side only (a clean
    update) from one changed on both sides (a conflict, reported).
    """
    db.execute("ALTER TABLE visits ADD COLUMN merged_modified TEXT")


@migrations()
def m004_score_groups(db: Database) -> None:
    """Keep each score row's grouping columns beside it, maintained by triggers.

    Comparisons then read one table instead of joining 20,000 visits by id:
    the triggers keep the copies right whatever writes a visit (the store,
    merge, a future migration).
    """
    db.executescript(
        """
        ALTER TABLE visit_scores ADD COLUMN library_id TEXT;
        ALTER TABLE visit_scores ADD COLUMN round_id TEXT;
        ALTER TABLE visit_scores ADD COLUMN scenario_id TEXT;
        ALTER TABLE visit_scores ADD COLUMN channel TEXT;
        ALTER TABLE visit_scores ADD COLUMN status TEXT;
        UPDATE visit_scores SET (library_id, round_id, scenario_id, channel, status) =
            (SELECT library_id, round_id, scenario_id, channel, status
             FROM visits WHERE visits.id = visit_scores.visit_id);
        -- covers the default comparison (by library): GROUP BY without a sort
        CREATE INDEX visit_scores_by_library
            ON visit_scores(library_id, round_id, principle, status, score);
        -- rows written without their copies (bulk writers give them) get them here
        CREATE TRIGGER visit_scores_groups AFTER INSERT ON visit_scores
            WHEN NEW.library_id IS NULL BEGIN
            UPDATE visit_scores SET (library_id, round_id, scenario_id, channel, status) =
                (SELECT library_id, round_id, scenario_id, channel, status
                 FROM visits WHERE visits.id = NEW.visit_id)
            WHERE visit_id = NEW.visit_id AND principle = NEW.principle;
        END;
        CREATE TRIGGER visits_groups AFTER UPDATE OF library_id, round_id, scenario_id, channel,
            status ON visits BEGIN
            UPDATE visit_scores SET library_id = NEW.library_id, round_id = NEW.round_id,
                scenario_id = NEW.scenario_id, channel = NEW.channel, status = NEW.status
            WHERE visit_id = NEW.id;
        END;
        """
    )


@migrations()
def m005_isil_case(db: Database) -> None:
    """One library per ISIL, compared without regard to case (ISO 15511: `FI-Lohja` = `fi-lohja`).

    A database may already hold case variants of one ISIL, made before this
    rule. They are one library, so they are merged rather than refused
    (refusing would leave the user stuck: no command can fix them): the
    variant added first keeps its id, display case and name, takes a
    municipality from a variant if it has none, and every visit of the other
    variants moves to it (the `visits_groups` trigger moves the score rows'
    copies). The copy written before migrating keeps the database as it was.
    """
    db.executescript(
        """
        CREATE TEMP TABLE library_variants AS
            SELECT l.id AS variant,
                   (SELECT k.id FROM libraries k WHERE k.id = l.id COLLATE NOCASE
                    ORDER BY k.created, k.rowid LIMIT 1) AS kept
            FROM libraries l;
        DELETE FROM library_variants WHERE variant = kept;
        UPDATE visits SET library_id =
            (SELECT kept FROM library_variants WHERE variant = visits.library_id)
            WHERE library_id IN (SELECT variant FROM library_variants);
        UPDATE libraries SET municipality =
            (SELECT v.municipality FROM library_variants x JOIN libraries v ON v.id = x.variant
             WHERE x.kept = libraries.id AND v.municipality IS NOT NULL
             ORDER BY v.created, v.rowid LIMIT 1)
            WHERE municipality IS NULL AND id IN (SELECT kept FROM library_variants);
        DELETE FROM libraries WHERE id IN (SELECT variant FROM library_variants);
        DROP TABLE library_variants;
        CREATE UNIQUE INDEX libraries_isil ON libraries(id COLLATE NOCASE);
        """
    )


# The instant of a visit time, in UTC, from the time as stored: with an offset
# (`2017-05-02T14:30:00+03:00`) converted; without one, Finnish local time
# (EET, +2; EEST, +3, from 01:00 UTC on the last Sunday of March to 01:00 UTC
# on the last Sunday of October). `entities.visit_time_utc` is the same in
# Python; a test holds the two equal.
_VISIT_TIME_UTC = """
    CASE
    WHEN {v} GLOB '????-??-??T??:??:??[+-]??:??'
        THEN strftime('%Y-%m-%dT%H:%M:%SZ', {v})
    WHEN {v} GLOB '????-??-??T??:??:??'
        THEN strftime('%Y-%m-%dT%H:%M:%SZ', {v},
            CASE WHEN datetime({v}, '-3 hours')
                      >= datetime(substr({v}, 1, 4) || '-03-25', 'weekday 0', '+1 hours')
                  AND datetime({v}, '-3 hours')
                      < datetime(substr({v}, 1, 4) || '-10-25', 'weekday 0', '+1 hours')
                 THEN '-3 hours' ELSE '-2 hours' END)
    END"""


@migrations()
def m006_visit_time_utc(db: Database) -> None:
    """Each visit's time as a UTC instant beside the time as given, for sorting.

    `visited_at` keeps the user's form (an export gives back what was
    recorded); mixed forms sorted as text put `+03:00`, `Z` and offset-less
    times out of order. The store writes `visited_utc` itself; the triggers
    fill it for any other writer (merge, a future migration) and keep it right
    when the time changes.
    """
    at = _VISIT_TIME_UTC.format(v="visited_at")
    new_at = _VISIT_TIME_UTC.format(v="NEW.visited_at")
    db.executescript(
        f"""
        ALTER TABLE visits ADD COLUMN visited_utc TEXT;
        UPDATE visits SET visited_utc = {at};
        CREATE INDEX visits_visited_utc ON visits(visited_utc);
        CREATE TRIGGER visits_time_utc_insert AFTER INSERT ON visits
            WHEN NEW.visited_utc IS NULL BEGIN
            UPDATE visits SET visited_utc = {new_at} WHERE id = NEW.id;
        END;
        CREATE TRIGGER visits_time_utc_update AFTER UPDATE OF visited_at ON visits BEGIN
            UPDATE visits SET visited_utc = {new_at} WHERE id = NEW.id;
        END;
        """
    )


@migrations()
def m007_review_log(db: Database) -> None:
    """Roles, a stable id for each database, the review log, and `returned` as a status.

    A database older than this becomes an evaluator's (as a new one is) and
    its log begins with one entry per visit that is not a draft, saying the
    status it had; a draft needs none (a visit without entries is a draft).
    Statements one by one, not a script: a script would commit half-way.
    """
    from datetime import UTC, datetime

    from pilotkit.core.digests import content_digest, migrated_entry_id

    conn = db.conn
    _allow_status(conn, "returned")
    for statement in (
        # one row: the database's own id, made once, and whose database it is
        """CREATE TABLE this_database (
            one INTEGER PRIMARY KEY CHECK (one = 1),
            id TEXT NOT NULL,
            role TEXT NOT NULL CHECK (role IN ('evaluator', 'lead')),
            created TEXT NOT NULL
        )""",
        # every status change, never rewritten; no foreign key to visits: a discarded
        # draft's entries stay as its tombstone, so that no merge brings it back
        """CREATE TABLE review_log (
            id TEXT PRIMARY KEY,
            visit_id TEXT NOT NULL,
            parent TEXT,
            at TEXT NOT NULL,
            database_id TEXT NOT NULL,
            role TEXT NOT NULL,
            action TEXT NOT NULL,
            from_status TEXT,
            to_status TEXT NOT NULL,
            reason TEXT,
            content TEXT
        )""",
        "CREATE INDEX review_log_visit ON review_log(visit_id, at)",
    ):
        conn.execute(statement)
    stamp = datetime.now(UTC).isoformat(timespec="microseconds")
    database_id = str(uuid.uuid4())
    conn.execute("INSERT INTO this_database (one, id, role, created) VALUES (1, ?, 'evaluator', ?)",
                 [database_id, stamp])
    answers: dict[str, list[tuple[str, object, str | None]]] = {}
    for visit_id, item_id, value, note in conn.execute(
            "SELECT a.visit_id, a.item_id, a.value, a.note FROM answers a"
            " JOIN visits v ON v.id = a.visit_id WHERE v.status != 'draft'"):
        answers.setdefault(visit_id, []).append((item_id, value, note))
    columns = ("id", "status", "status_reason", "reviewed_at", "modified", *_CONTENT)
    rows = conn.execute(f"SELECT {', '.join(columns)} FROM visits WHERE status != 'draft'"
                        ).fetchall()
    entries = []
    for row in rows:
        visit = dict(zip(columns, row, strict=True))
        at = visit["reviewed_at"] or visit["modified"]
        entries.append((
            migrated_entry_id(visit["id"], visit["status"], at), visit["id"], None, at,
            database_id, "evaluator", "migrate", None, visit["status"], visit["status_reason"],
            content_digest(visit, answers.get(visit["id"], ())),
        ))
    conn.executemany(
        "INSERT INTO review_log (id, visit_id, parent, at, database_id, role, action,"
        " from_status, to_status, reason, content) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        entries)


@migrations()
def m008_report_goals(db: Database) -> None:
    """The pilot's goals, indicators and next steps, written once per round pair for its report.

    A single round's status report keeps its text under (round, round).
    """
    db.execute(
        "CREATE TABLE report_goals ("
        " from_round TEXT NOT NULL,"
        " to_round TEXT NOT NULL,"
        " text TEXT NOT NULL,"
        " modified TEXT NOT NULL,"
        " PRIMARY KEY (from_round, to_round))")



@migrations()
def m009_score_sums(db: Database) -> None:
    """Running sums per library × round × status × scenario × channel × principle.

    A comparison then reads a few thousand rows instead of every visit's
    scores (`score_sums.py` says how they stay exact). The index by library
    gives way to one by the whole group, which covers the sums' refresh.
    """
    from pilotkit.core import score_sums

    conn = db.conn
    for statement in ("DROP INDEX IF EXISTS visit_scores_by_library", score_sums.TABLE,
                      "CREATE INDEX visit_scores_by_group ON visit_scores"
                      "(library_id, round_id, status, scenario_id, channel, principle, score)"):
        conn.execute(statement)
    score_sums.rebuild(conn)



@migrations()
def m010_merged_sources(db: Database) -> None:
    """Each source database merged whole, and its file as it lay then.

    Merging the same file again, unwritten since, is then answered at once
    instead of re-reading and re-checking every visit (`merge.file_state`).
    """
    db.execute(
        "CREATE TABLE merged_sources ("
        " database_id TEXT PRIMARY KEY,"
        " state TEXT NOT NULL,"
        " visits INTEGER NOT NULL,"
        " merged_at TEXT NOT NULL)")


@migrations()
def m011_plans_and_ethics(db: Database) -> None:
    """A round's visit plan, where evaluators must not go, a round's ethics and retention,
    each visit's declaration of no personal tie, and the mark of a purged visit.

    `no_tie` is NULL for visits made before the form asked (not "declared no").
    `purged` is when a visit's free text and evaluator code were removed; a
    merge of an older copy never brings them back. `informed_on` is the day
    staff were told of the programme (a date: no column names a staff member).
    """
    for statement in (
        "CREATE TABLE plans ("
        " round_id TEXT PRIMARY KEY,"
        " made TEXT NOT NULL,"
        " request TEXT NOT NULL)",
        # the key's columns first: SQLite 3.40's integrity check misreads a WITHOUT ROWID
        # table whose other columns sit between them ("NULL value in …")
        "CREATE TABLE plan_assignments ("
        " round_id TEXT NOT NULL,"
        " evaluator TEXT NOT NULL,"
        " date TEXT NOT NULL,"
        " slot TEXT NOT NULL,"
        " library_id TEXT NOT NULL,"
        " scenario_id TEXT NOT NULL,"
        " PRIMARY KEY (round_id, evaluator, date, slot)) WITHOUT ROWID",
        # a conflict taken back keeps its row, `removed`: the removal travels with merge
        "CREATE TABLE evaluator_conflicts ("
        " evaluator TEXT NOT NULL,"
        " library_id TEXT NOT NULL,"
        " created TEXT NOT NULL,"
        " removed TEXT,"
        " PRIMARY KEY (evaluator, library_id)) WITHOUT ROWID",
        # each purge's scope (a round, or the days before a day): a merge never brings back
        # what falls in one, and the scopes travel
        "CREATE TABLE purges ("
        " scope TEXT NOT NULL,"
        " value TEXT NOT NULL,"
        " purged_at TEXT NOT NULL,"
        " PRIMARY KEY (scope, value)) WITHOUT ROWID",
        "ALTER TABLE rounds ADD COLUMN informed_on TEXT",
        "ALTER TABLE rounds ADD COLUMN purpose TEXT",
        "ALTER TABLE rounds ADD COLUMN retain_until TEXT",
        "ALTER TABLE visits ADD COLUMN no_tie INTEGER",
        "ALTER TABLE visits ADD COLUMN purged TEXT",
    ):
        db.execute(statement)


@migrations()
def m012_item_sums(db: Database) -> None:
    """Each answer's item score beside it, running sums of them per group and item, and the
    scored visits per group and evaluator.

    A report's weakest and most-moved items then read `item_sums` instead of
    scoring every answer again (`score_sums.py`). Storage knows no rules, so
    the scores of the answers already here are filled in by the rules in the
    same transaction (`VisitService._complete_migration`), which then sums them.
    The index by round and library grows to the whole group, so that a group's
    item sums are refreshed from one run of it; the
    index by status grows by the time modified, so that the start screen reads
    only the newest drafts it shows, not every draft of a merged database.
    """
    from pilotkit.core import score_sums

    for statement in ("ALTER TABLE answers ADD COLUMN score REAL", score_sums.ITEM_TABLE,
                      score_sums.EVALUATOR_TABLE, "DROP INDEX visits_round_library",
                      score_sums.VISIT_INDEX, "DROP INDEX visits_status",
                      "CREATE INDEX visits_by_status ON visits(status, modified)"):
        db.execute(statement)
    score_sums.rebuild_evaluators(db.conn)


@migrations()
def m013_no_score_index_by_group(db: Database) -> None:
    """The index of every score by its group goes: the biggest structure in the file, and
    every visit a bulk write adds landed in it at a random place, so that each evaluator's
    file cost more than the one before. A bulk write now adds its visits to the sums
    (`score_sums.add_staged`), and an edit re-sums its group from the group's visits
    (`visits_by_group`), so nothing reads it."""
    db.execute("DROP INDEX IF EXISTS visit_scores_by_group")


@migrations()
def m014_item_facts(db: Database) -> None:
    """Beside each scenario text, what the exports show of its items (`item_facts`), so that
    an export need not build the scenario models. Filled by the rules for the texts already
    here (`VisitService._complete_migration`); NULL where a text cannot be read."""
    db.execute("ALTER TABLE scenario_texts ADD COLUMN item_facts TEXT")


@migrations()
def m015_status_by_time(db: Database) -> None:
    """The visits of each status in the order lists show them (newest first): the review
    queue's first page of 140,000 submitted visits was a sort of every one of their rows,
    0.23 s each time it was read at 200,000 visits; down this index it is 1 ms. Nothing
    needs it to read correctly, so a reader of an older file reads it as it lies."""
    db.execute("CREATE INDEX visits_by_status_time ON visits(status, visited_utc)")


_CONTENT = ("library_id", "round_id", "scenario_sha256", "evaluator", "channel", "language",
            "visited_at", "comment")


def _allow_status(conn: sqlite3.Connection, status: str) -> None:
    """Let `visits.status` take one more value: the CHECK constraint is widened in place.

    SQLite cannot alter a CHECK. Rebuilding the table would cascade-delete every
    answer (foreign keys are on and cannot be turned off inside the migration's
    transaction), so the table's stored definition is edited instead — the
    procedure SQLite documents for loosening a constraint, which leaves every
    row and page as it was. The change is refused unless the text is exactly
    as expected.
    """
    (sql,) = conn.execute(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'visits'").fetchone()
    old = "'approved', 'rejected')"
    if sql.count(old) != 1:
        raise sqlite3.DatabaseError("visits: unexpected status constraint; not migrated")
    version = conn.execute("PRAGMA schema_version").fetchone()[0]
    conn.execute("PRAGMA writable_schema = ON")
    try:
        conn.execute("UPDATE sqlite_master SET sql = ? WHERE type = 'table' AND name = 'visits'",
                     [sql.replace(old, f"'approved', 'rejected', '{status}')")])
        conn.execute(f"PRAGMA schema_version = {int(version) + 1}")
    finally:
        conn.execute("PRAGMA writable_schema = OFF")
