"""The `pilotkit` command: thin click commands over the core.

Exit codes (contract §4): 0 success, 1 a problem with the user's input or
data, one line per problem on stderr, 2 wrong usage (click's own). Heavy
modules (the TUI, exports) are imported inside the commands that need them,
so `pilotkit --help` and the scripted commands start fast.
"""

from __future__ import annotations

import errno
import json
import math
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Literal, TypeVar, cast

import click

from pilotkit.cli_help import LocalGroup, version_option
from pilotkit.core.langs import LANGS
from pilotkit.core.messages import Message, os_reason, render
from pilotkit.exits import fail, open_store, store_errors, warn
from pilotkit.settings import Settings
from pilotkit.streams import fill_to, terminal_width

if TYPE_CHECKING:
    from pilotkit.core.compare import GroupBy
    from pilotkit.core.csvdialect import Dialect
    from pilotkit.core.entities import Role
    from pilotkit.core.filters import Filters
    from pilotkit.core.visit import Action
    from pilotkit.core.visit_service import VisitService
    from pilotkit.tables import Names

pass_settings = click.make_pass_decorator(Settings)
F = TypeVar("F", bound=Callable[..., Any])


def format_option(*choices: str) -> Callable[[F], F]:
    return click.option(
        "--format", "fmt", type=click.Choice(choices), default=choices[0], show_default=True,
        help="Output format.",
    )


class PilotkitGroup(LocalGroup):
    """The root command: wrong usage is told in the user's language (`usage_errors.py`), and
    help too (`cli_help.py`)."""

    group_class = LocalGroup

    def main(self, args: Any = None, prog_name: str | None = None,
             complete_var: str | None = None, standalone_mode: bool = True,
             windows_expand_args: bool = True, **extra: Any) -> Any:
        from pilotkit.usage_errors import report_usage_error, usage_language

        try:
            result = super().main(args, prog_name, complete_var, standalone_mode=False,
                                  windows_expand_args=windows_expand_args, **extra)
        except click.UsageError as e:
            report_usage_error(e, args)
        except click.ClickException as e:
            e.show()
            sys.exit(e.exit_code)
        except click.Abort:
            click.echo(render("aborted", usage_language(
                click.get_current_context(silent=True), args)), err=True)
            sys.exit(1)
        except OSError as e:
            if not _stdout_failed(e):
                raise
            # a full disk or a closed file behind standard output: one line, not a traceback
            lang = usage_language(click.get_current_context(silent=True), args)
            click.echo(render("output_incomplete", lang, reason=os_reason(e)), err=True)
            sys.exit(1)
        # standalone_mode=False hands back `ctx.exit`'s code (--help, --version) as the result
        sys.exit(result if isinstance(result, int) else 0)


WRITE_FAILURES = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO, errno.EBADF})


def _stdout_failed(error: OSError) -> bool:
    """Whether `error` is standard output failing to take what was written: what is still
    buffered fails again, or a write failed with no file named (a file the command opened
    names itself; its failures are said where it is written). If so standard output is
    swapped for the null device, so that Python's own flush at exit does not fail again."""
    import os

    try:
        sys.stdout.flush()
        failed = error.filename is None and error.errno in WRITE_FAILURES
    except (OSError, ValueError):
        failed = True
    if failed:
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 (lives until the process ends)
    return failed


@click.group(cls=PilotkitGroup, invoke_without_command=True,
             context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--db", "db_option", metavar="PATH",
              help="Database file (default: $PILOTKIT_DB, else pilotkit.db in the user data dir).")
@click.option("--scenarios", "scenario_options", multiple=True, metavar="DIR",
              type=click.Path(path_type=Path),
              help="Another scenario directory; may be given many times. Later ones win.")
@click.option("--lang", type=click.Choice(LANGS), help="Language (default: the system locale).")
@version_option()
@click.pass_context
def main(ctx: click.Context, db_option: str | None, scenario_options: tuple[Path, ...],
         lang: str | None) -> None:
    """Mystery-shopping checklists and comparisons for library customer service.

    With no command, starts the terminal app.
    """
    settings = Settings.from_options(db_option, scenario_options, lang)
    if db_option is not None and not db_option.strip():  # not the default database, silently
        fail([_text(settings, "db_option_empty")])
    ctx.obj = settings
    if ctx.invoked_subcommand is None:
        from pilotkit.tui.app import run_app

        run_app(settings, open_store(settings))


# -- scenarios -----------------------------------------------------------------------------------


@main.group()
def scenarios() -> None:
    """Check and list the scenario checklists."""


@scenarios.command("check")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@pass_settings
def scenarios_check(settings: Settings, paths: tuple[Path, ...]) -> None:
    """Report every problem in scenario files, one line each as PATH:LINE: message.

    PATHS are files or directories; by default every loaded scenario source.
    """
    from pilotkit.core.clean_texts import CleanTexts
    from pilotkit.core.loader import check_paths, scenario_files
    from pilotkit.paths import clean_texts_dir

    if paths:
        problems = check_paths(list(paths), settings.catalog().framework,
                               CleanTexts(clean_texts_dir()))
        files = sum(len(scenario_files(path)) for path in paths if path.exists())
        done = _text(settings, "check_ok_paths", n=files)
    else:
        problems = settings.catalog().problems
        done = _text(settings, "check_ok_all", n=len(settings.catalog().scenarios))
    if problems:
        fail(problems)
    click.echo(done)


@scenarios.command("list")
@format_option("table", "json")
@pass_settings
def scenarios_list(settings: Settings, fmt: str) -> None:
    """List the loaded scenarios."""
    catalog = settings.catalog()
    for problem in catalog.problems:
        click.echo(_text(settings, "scenario_warning", problem=problem), err=True)
    rows = sorted(catalog.scenarios.values(), key=lambda f: f.scenario.id)
    if fmt == "json":
        out = [
            {
                "id": f.scenario.id,
                "version": f.scenario.version,
                "channel": f.scenario.channel,
                "title": f.scenario.title.model_dump(exclude_none=True),
                "items": sum(1 for _ in f.scenario.items()),
                "principles": sorted(f.scenario.principle_ids()),
                "path": str(f.path) if f.path else None,
                "sha256": f.sha256,
            }
            for f in rows
        ]
        click.echo(json.dumps(out, ensure_ascii=False, indent=2))
        return
    from pilotkit.core.labels import label

    table_rows = [{"id": f.scenario.id, "v": f.scenario.version,
                   "channel": label("channel", f.scenario.channel, settings.lang),
                   "title": f.scenario.title.get(settings.lang),
                   "items": sum(1 for _ in f.scenario.items()),
                   "principles": len(f.scenario.principle_ids())} for f in rows]
    emit(table_rows, "table", ["id", "v", "channel", "title", "items", "principles"],
         settings.lang)


# -- the database --------------------------------------------------------------------------------


@main.group()
def libraries() -> None:
    """Libraries, by ISIL code."""


@libraries.command("add")
@click.argument("isil")
@click.argument("name")
@click.option("--municipality", help="The municipality the library serves.")
@pass_settings
def libraries_add(settings: Settings, isil: str, name: str, municipality: str | None) -> None:
    """Add a library: ISIL code (e.g. FI-Lohja) and name."""
    with store_errors(), open_store(settings) as store:
        store.add_library(isil, name, municipality)
    say(settings, "done_library_added", isil=isil)


@libraries.command("rename")
@click.argument("isil")
@click.argument("name")
@pass_settings
def libraries_rename(settings: Settings, isil: str, name: str) -> None:
    """Rename a library: the name shown in tables, the app and Excel exports (the ISIL stays)."""
    with store_errors(), open_store(settings) as store:
        store.rename_library(isil, name)
    say(settings, "done_library_renamed", isil=isil)


@libraries.command("list")
@format_option("table", "json")
@pass_settings
def libraries_list(settings: Settings, fmt: str) -> None:
    """List the libraries."""
    with store_errors(), open_store(settings, readonly=True) as store:
        rows = [asdict(lib) for lib in store.libraries()]
    emit(rows, fmt, ["id", "name", "municipality"], settings.lang)


@main.group()
def rounds() -> None:
    """Evaluation rounds: a baseline, then rounds after each service pilot."""


def ethics_options(f: F) -> F:
    for option in reversed((
            click.option("--staff-informed", "staff_informed", metavar="DATE",
                         help="The day staff were told of the programme, its purpose and "
                              "how results are used (YYYY-MM-DD)."),
            click.option("--purpose", help="Why the round is evaluated and how its results "
                                           "will be used."),
            click.option("--retain-until", "retain_until", metavar="DATE",
                         help="Keep the round's free text and evaluator codes until this day; "
                              "then `pilotkit purge`."))):
        f = option(f)
    return f


@rounds.command("add")
@click.argument("round_id", metavar="ID")
@click.option("--label", help="A readable name, e.g. 'Spring 2017 baseline'.")
@click.option("--pilot", help="The service pilot the round evaluates.")
@click.option("--start", metavar="DATE", help="First day (YYYY-MM-DD).")
@click.option("--end", metavar="DATE", help="Last day (YYYY-MM-DD).")
@ethics_options
@pass_settings
def rounds_add(settings: Settings, round_id: str, label: str | None, pilot: str | None,
               start: str | None, end: str | None, staff_informed: str | None,
               purpose: str | None, retain_until: str | None) -> None:
    """Add an evaluation round."""
    with store_errors(), open_store(settings) as store:
        store.add_round(round_id, label, pilot, start, end, staff_informed, purpose,
                        retain_until)
    say(settings, "done_round_added", round=round_id)


@rounds.command("edit")
@click.argument("round_id", metavar="ID")
@ethics_options
@pass_settings
def rounds_edit(settings: Settings, round_id: str, staff_informed: str | None,
                purpose: str | None, retain_until: str | None) -> None:
    """Record or correct what staff were told and how long the round's data is kept
    (an empty value clears it)."""
    with store_errors(), open_store(settings) as store:
        store.set_round_ethics(round_id, staff_informed, purpose, retain_until)
    say(settings, "done_round_changed", round=round_id)


@rounds.command("list")
@format_option("table", "json")
@pass_settings
def rounds_list(settings: Settings, fmt: str) -> None:
    """List the rounds."""
    with store_errors(), open_store(settings, readonly=True) as store:
        rows = [asdict(r) for r in store.rounds()]
    if fmt == "json":  # the ethics fields only when set (contract §8)
        rows = [{k: v for k, v in row.items()
                 if v is not None or k not in ("staff_informed", "purpose", "retain_until")}
                for row in rows]
    else:
        from pilotkit.core.formatting import date

        dates = ("start", "end", "staff_informed", "retain_until")
        for row in rows:
            row.update({k: date(row[k], settings.lang) for k in dates if row[k]})
    columns = ["id", "label", "pilot", "start", "end"]
    if fmt == "table":  # the ethics columns when some round has them: no empty columns
        columns += [c for c in ("staff_informed", "purpose", "retain_until")
                    if any(row[c] for row in rows)]
    emit(rows, fmt, columns, settings.lang)


@main.group()
def evaluators() -> None:
    """Evaluators (pseudonymous codes) and where they must not go."""


@evaluators.command("conflicts")
@click.argument("code", metavar="CODE")
@click.option("--libraries", "libraries_option", metavar="ISIL,...",
              help="Libraries where the evaluator, family or friends work: never planned.")
@click.option("--remove", is_flag=True, help="Take these libraries off the evaluator's list.")
@pass_settings
def evaluators_conflicts(settings: Settings, code: str, libraries_option: str | None,
                         remove: bool) -> None:
    """Declare (or list) the libraries an evaluator must not visit."""
    from pilotkit.core.entities import InvalidValue, check_evaluator

    try:
        check_evaluator(code)  # listing too: an empty or mistyped code is said, not "none"
    except InvalidValue as e:
        fail([e])
    libraries = split_list(libraries_option)
    with store_errors(), open_store(settings, readonly=not libraries) as store:
        if libraries and remove:
            store.remove_conflicts(code, libraries)
        elif libraries:
            store.add_conflicts(code, libraries)
        declared = [lib for _, lib in store.conflicts(code)]
    if declared:
        say(settings, "done_conflicts", evaluator=code, libraries=", ".join(declared))
    else:
        say(settings, "no_conflicts", evaluator=code)


def known_ids(settings: Settings, store: VisitService, rounds_option: str | None,
              libraries_option: str | None, named: Sequence[str] = ()
              ) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The rounds and libraries typed, libraries as stored (`--libraries fi-lohja` is
    FI-Lohja). One the database lacks is refused, a line each: an empty listing or export
    would read as "no visits there". `named`: rounds a command names otherwise (`--change`,
    `--from`/`--to`), checked first and alike."""
    rounds = split_list(rounds_option)
    known = {r.id for r in store.rounds()}
    found = {isil: store.library_id(isil) for isil in split_list(libraries_option)}
    problems = [_text(settings, "unknown_round", round=r)
                for r in dict.fromkeys((*named, *rounds)) if r not in known]
    problems += [_text(settings, "unknown_library", library=isil)
                 for isil, stored in found.items() if stored is None]
    if problems:
        fail(problems)
    return rounds, tuple(stored for stored in found.values() if stored is not None)


def known_groups(settings: Settings, store: VisitService, scenario_option: str | None,
                 channel_option: str | None) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The scenarios and channels typed; one there are no visits of nor a loaded file for is
    refused, a line each, naming those there are (`--channel puhelin` read as "no visits")."""
    scenarios, channels = split_list(scenario_option), split_list(channel_option)
    problems = []
    # only when named: the scenarios' model (pydantic) is off the path of a plain compare
    if scenarios:
        known = {*settings.catalog().scenarios, *store.stored_scenario_ids()}
        problems += [_text(settings, "unknown_scenario_filter", scenario=s,
                           known=", ".join(sorted(known)))
                     for s in scenarios if s not in known]
    if channels:
        from pilotkit.core.entities import CHANNELS
        from pilotkit.core.labels import label

        problems += [_text(settings, "unknown_channel", channel=c, known=", ".join(
                         f"{known} ({label('channel', known, settings.lang)})"
                         for known in CHANNELS))
                     for c in channels if c not in CHANNELS]
    if problems:
        fail(problems)
    return scenarios, channels


def known_statuses(settings: Settings, status_option: str | None, counted: bool
                   ) -> tuple[str, ...]:
    """The statuses typed; with `counted`, the word `counted` stands for what a comparison
    counts. One that is no status is refused in one line, naming those there are."""
    from pilotkit.core.entities import STATUSES
    from pilotkit.core.filters import COUNTED, parse_statuses

    typed = split_list(status_option)
    statuses = parse_statuses(typed) if counted else typed
    bad = [s for s in statuses if s not in STATUSES]
    if bad:
        fail([_text(settings, "unknown_status", status=bad[0],
                    known=", ".join((*STATUSES, COUNTED) if counted else STATUSES))])
    return statuses


def emit(rows: list[dict[str, Any]], fmt: str, columns: list[str], lang: str = "en") -> None:
    """Print rows as JSON or as a table a person reads (never cut: see `pilotkit.tables`)."""
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    from pilotkit.tables import print_rows

    print_rows(rows, columns, lang, table_width())


@main.command()
@click.argument("source", metavar="FILE|-")
@click.option("--create-missing", is_flag=True,
              help="Create libraries and rounds the file names but the database lacks.")
@pass_settings
def record(settings: Settings, source: str, create_missing: bool) -> None:
    """Add visits from interchange JSON (pilotkit-visits/1): all of them, or none."""
    from pilotkit.core.interchange import (
        MAX_JSON_BYTES,
        InterchangeError,
        parse_json,
        parse_visits,
        personal_data_warnings,
        record_context,
    )

    label = "<stdin>" if source == "-" else source
    try:
        if source == "-":
            raw = sys.stdin.buffer.read(MAX_JSON_BYTES + 1)
        else:
            with open(source, "rb") as f:  # never read more than the limit allows
                raw = f.read(MAX_JSON_BYTES + 1)
    except OSError as e:
        fail([_text(settings, "db_cannot_read", path=label, reason=os_reason(e))])
    with store_errors(), open_store(settings) as store:
        try:
            data = parse_json(raw, label)
            visits = parse_visits(data, record_context(store, settings.catalog(), create_missing))
        except InterchangeError as e:
            fail(e.problems)
        count = store.add_visits(visits, create_missing=create_missing)
        untold = sorted({v.round for v in visits}
                        - {r.id for r in store.rounds() if r.staff_informed})
        from pilotkit.core.privacy import library_words

        places = library_words(store.libraries())
    say(settings, "done_recorded", n=count)
    warn(personal_data_warnings(visits, places))
    warn([Message("staff_not_told", round=round_id) for round_id in untold])


@main.group()
def plan() -> None:
    """Plan a round before anyone visits: how many visits can show a change."""


@plan.command("mde")
@click.option("--sd", type=float, default=None,
              help="The spread of visit scores to plan with, in score points.")
@click.option("--from-round", "from_round", metavar="ROUND", default=None,
              help="Take each principle's spread from this round's counted visits.")
@click.option("--visits", "visits_option", metavar="N,...",
              help="Visits per library per round to show the smallest detectable change for.")
@click.option("--detect", type=float, default=None, metavar="POINTS",
              help="Instead: the visits per library per round needed to detect this change.")
@click.option("--power", type=click.FloatRange(0, 1, min_open=True, max_open=True),
              default=0.8, show_default=True, help="The chance of seeing a true change.")
@click.option("--alpha", type=click.FloatRange(0, 1, min_open=True, max_open=True),
              default=0.05, show_default=True, help="The two-sided level of the Welch test.")
@format_option("table", "json")
@pass_settings
def plan_mde(settings: Settings, sd: float | None, from_round: str | None,
             visits_option: str | None, detect: float | None, power: float, alpha: float,
             fmt: str) -> None:
    """The smallest change in score points a round pair can detect (a two-sided Welch test)."""
    if (sd is None) == (from_round is None):
        fail([Message("plan_sd_or_round")])
    if (visits_option is None) == (detect is None):
        fail([Message("plan_visits_or_detect")])
    visits: list[int] = []
    for value in split_list(visits_option):
        if not value.isdigit() or int(value) < 2:
            fail([Message("plan_visits_bad", value=value)])
        visits.append(int(value))
    if visits_option is not None and not visits:
        fail([Message("plan_visits_bad", value=visits_option)])
    if detect is not None and not (detect > 0 and math.isfinite(detect)):
        fail([Message("plan_detect_bad", value=detect)])
    from pilotkit.plans import spread_refused

    if sd is not None and spread_refused(sd):
        fail([Message("plan_sd_bad", value=sd)])
    from pilotkit.core.planning import mde_rows, observed_spread

    spreads: dict[str | None, float]
    if from_round is not None:
        with store_errors(), open_store(settings, readonly=True) as store:
            if from_round not in {r.id for r in store.rounds()}:
                fail([Message("unknown_round", round=from_round)])
            spreads = {p: v for p, v in observed_spread(store, from_round).items()}
        if not spreads:
            fail([Message("plan_no_spread", round=from_round)])
    else:
        assert sd is not None
        spreads = {None: sd}
    rows = mde_rows(spreads, visits, detect, alpha, power)
    if fmt == "json":
        click.echo(json.dumps({"alpha": alpha, "power": power, "rows": rows},
                              ensure_ascii=False, indent=2))
        return
    from pilotkit.core.entities import OVERALL
    from pilotkit.core.formatting import number
    from pilotkit.core.labels import title_label

    framework = settings.catalog().framework if from_round is not None else None

    def named(principle: str | None) -> str:
        if principle is None:
            return _text(settings, "plan_sd_given")
        if principle == OVERALL or framework is None:
            return title_label("principle", principle, settings.lang)
        return framework.name(principle, settings.lang)

    shown = [{"principle": named(r["principle"]), "sd": number(r["sd"], settings.lang),
              "visits": (_text(settings, "plan_out_of_reach") if r["visits"] is None
                         else str(r["visits"])),
              "mde": "" if r["mde"] is None else number(r["mde"], settings.lang)}
             for r in rows]
    emit(shown, fmt, ["principle", "sd", "visits", "mde"], settings.lang)
    percent = alpha * 100
    note = _text(settings, "plan_mde_means", power=round(power * 100),
                 alpha=number(percent, settings.lang, 0 if percent.is_integer() else 1))
    click.echo(fill_to(note, table_width()))


@plan.command("make")
@click.argument("round_id", metavar="ROUND")
@click.option("--libraries", "libraries_option", metavar="ISIL,...", required=True,
              help="The libraries to visit.")
@click.option("--scenarios", "scenarios_option", metavar="ID,...", required=True,
              help="The scenarios to use, balanced within each library.")
@click.option("--evaluators", "evaluators_option", metavar="CODE,...", required=True,
              help="The evaluators' codes.")
@click.option("--visits-per-library", "per_library", type=int, required=True, metavar="N")
@click.option("--from", "first", metavar="DATE", required=True, help="First day (YYYY-MM-DD).")
@click.option("--to", "last", metavar="DATE", required=True, help="Last day (YYYY-MM-DD).")
@click.option("--lockout-days", "lockout", type=int, default=None, metavar="D",
              help="Days before an evaluator may visit the same library again [default: 30].")
@click.option("--seed", type=int, default=0, show_default=True,
              help="Another seed gives another plan with the same properties.")
@click.option("--sd", type=float, default=None,
              help="The spread to show the plan's smallest detectable change with "
                   "(default: the one seen in the latest round with visits).")
@click.option("--pair-with", "pair_with", metavar="ROUND",
              help="Send each evaluator to each library as often as in this round's plan, "
                   "where possible: evaluator severity then cancels out of the change.")
@click.option("--replace", is_flag=True, help="Replace the round's existing plan.")
@pass_settings
def plan_make(settings: Settings, round_id: str, libraries_option: str, scenarios_option: str,
              evaluators_option: str, per_library: int, first: str, last: str,
              lockout: int | None, seed: int, sd: float | None, pair_with: str | None,
              replace: bool) -> None:
    """Plan who visits which library when: even, within the lockout, never where an
    evaluator has a conflict, and connected (so evaluators and libraries can be told apart)."""
    from pilotkit.plans import make

    make(settings, round_id, split_list(libraries_option), split_list(scenarios_option),
         split_list(evaluators_option), per_library, first, last, lockout, seed, sd, replace,
         pair_with)


@plan.command("show")
@click.argument("round_id", metavar="ROUND")
@format_option("table", "csv", "json", "ics")
@click.option("--evaluator", metavar="CODE", help="One evaluator's visits only.")
@click.option("--excel", is_flag=True, help="CSV for Excel in a Finnish locale.")
@pass_settings
def plan_show(settings: Settings, round_id: str, fmt: str, evaluator: str | None,
              excel: bool) -> None:
    """Print a round's plan (ics: one calendar per evaluator, for their calendar app)."""
    from pilotkit.plans import show

    show(settings, round_id, fmt, evaluator, excel)


@plan.command("progress")
@click.argument("round_id", metavar="ROUND")
@format_option("table", "json")
@pass_settings
def plan_progress(settings: Settings, round_id: str, fmt: str) -> None:
    """Planned visits against those begun and submitted, per library and per evaluator."""
    from pilotkit.plans import progress

    progress(settings, round_id, fmt)


@main.command()
@click.option("--visits", "count", type=click.IntRange(1, 1_000_000), default=400,
              show_default=True, help="How many visits to make.")
@click.option("--seed", type=int, default=1, show_default=True, help="Random seed.")
@pass_settings
def demo(settings: Settings, count: int, seed: int) -> None:
    """Fill the database with a clearly labelled synthetic data set to try the app on (its
    names and comments in the language of --lang)."""
    from pilotkit.core.demo import make_demo

    with store_errors(), open_store(settings) as store:
        summary = make_demo(store, settings.catalog(), count, seed, settings.lang)
    click.echo(summary.text(settings.lang))


@contextmanager
def refused_output(kind: type[Exception]) -> Iterator[None]:
    """An output target refused before anything was written: its one line, exit 1."""
    try:
        yield
    except kind as e:
        fail([e])


def split_list(value: str | None) -> tuple[str, ...]:
    return tuple(v.strip() for v in value.split(",") if v.strip()) if value else ()


def table_width() -> int | None:
    """The terminal's width for a table; None when the output is a file or a pipe (no limit)."""
    return terminal_width()


def table_names(settings: Settings, store: VisitService, by: str) -> Names:
    """Library names (or scenario titles, channel words) and round labels for a table."""
    from pilotkit.core.labels import label
    from pilotkit.tables import Names

    groups: dict[str, str]
    if by == "library":
        groups = {lib.id: lib.name for lib in store.libraries()}
    elif by == "scenario":
        groups = {f.scenario.id: f.scenario.title.get(settings.lang)
                  for f in settings.catalog().scenarios.values()}
    else:
        groups = {c: label("channel", c, settings.lang)
                  for c in ("in_person", "phone", "email", "chat", "video", "web")}
    return Names(groups, {r.id: r.label or r.id for r in store.rounds()})


@main.command()
@click.option("--by", type=click.Choice(["library", "scenario", "channel"]), default="library",
              show_default=True, help="What the rows are.")
@click.option("--rounds", "rounds_option", metavar="R1,R2,...",
              help="Rounds to compare (default: every round that has visits).")
@click.option("--approved-only", is_flag=True, help="Count approved visits only.")
@click.option("--change", nargs=2, metavar="FROM TO", default=None,
              help="The change between two rounds, with Welch intervals.")
@click.option("--libraries", "libraries_option", metavar="ISIL,...", help="Only these libraries.")
@click.option("--scenario", "scenario_filter", metavar="ID,...", help="Only these scenarios.")
@click.option("--channel", "channel_filter", metavar="CH,...",
              help="Only these channels: in_person, phone, email, chat, video, web.")
@click.option("--same-scenarios", is_flag=True,
              help="Per group, only the scenarios visited in every round compared.")
@click.option("--adjust", type=click.Choice(["holm", "bh"]), default=None,
              help="With --change: also judge each change after Holm's or Benjamini-Hochberg's "
                   "adjustment for the many changes shown (JSON: clear_adjusted).")
@format_option("table", "csv", "json")
@pass_settings
def compare(settings: Settings, by: str, rounds_option: str | None, approved_only: bool,
            change: tuple[str, str] | None, libraries_option: str | None,
            scenario_filter: str | None, channel_filter: str | None, same_scenarios: bool,
            adjust: str | None, fmt: str) -> None:
    """Principle scores per group and round, with 95 % intervals; or the change between rounds."""
    from pilotkit.core import compare as comparing

    group_by = cast("comparing.GroupBy", by)  # click.Choice allows only these
    adjustment = cast("comparing.Adjust | None", adjust)
    if adjust and not change:
        fail([_text(settings, "adjust_needs_change")])
    if change and change[0] == change[1]:
        fail([_text(settings, "change_same_round", round=change[0])])
    with store_errors(), open_store(settings, readonly=True) as store:
        rounds, libraries = known_ids(settings, store, rounds_option, libraries_option,
                                      change or ())
        scenarios, channels = known_groups(settings, store, scenario_filter, channel_filter)
        filters = comparing.Filters(
            rounds=rounds, libraries=libraries, scenarios=scenarios, channels=channels,
            approved_only=approved_only, same_scenarios=same_scenarios)
        if change:
            changes = comparing.compare_change(store, change[0], change[1], group_by, filters)
        else:
            rounds_compared, cells = comparing.compare_cells(store, group_by, filters)
        if fmt != "table":
            from pilotkit.core import compare_files as files
            from pilotkit.core.csvdialect import Dialect

            if change and fmt == "json":
                files.write_json(sys.stdout, files.changes_document(change[0], change[1],
                                                                    changes, adjustment))
            elif change:
                files.write_changes_csv(sys.stdout, changes, Dialect(), adjustment)
            elif fmt == "json":
                files.write_json(sys.stdout, files.cells_document(by, rounds_compared, cells))
            else:
                files.write_cells_csv(sys.stdout, cells, Dialect())
            return
        from pilotkit.tables import print_cells, print_changes

        names = table_names(settings, store, by)
        if change:
            print_changes(changes, change, settings.framework(), settings.lang, names, filters,
                          table_width(), adjustment)
        else:
            print_cells(by, rounds_compared, cells, settings.framework(), settings.lang, names,
                        filters, table_width())


@main.command()
@click.option("--from", "from_round", metavar="ROUND", help="The baseline round.")
@click.option("--to", "to_round", metavar="ROUND", help="The round after the pilot.")
@click.option("--rounds", "rounds_option", metavar="ROUND",
              help="One round's status report instead of a change.")
@click.option("--out", "out_path", required=True, metavar="FILE|-",
              help="Where to write; - for standard output.")
@format_option("html", "md")
@click.option("--lang", "report_lang", type=click.Choice(LANGS),
              help="The report's language (default: the app's).")
@click.option("--libraries", "libraries_option", metavar="ISIL,...", help="Only these libraries.")
@click.option("--scenario", "scenario_filter", metavar="ID,...", help="Only these scenarios.")
@click.option("--approved-only", is_flag=True, help="Count approved visits only.")
@click.option("--goals", "goals_file", type=click.Path(path_type=Path), metavar="FILE",
              help="The pilot's goals, indicators and next steps (Markdown text); kept in "
                   "the database for later reports of the same rounds.")
@click.option("--min-cell", type=click.IntRange(1, 100), default=3, show_default=True,
              help="Per-library results resting on fewer visits are left out.")
@click.option("--written-at", metavar="TEXT",
              help="The provenance line's time as given (for identical reports).")
@pass_settings
def report(settings: Settings, from_round: str | None, to_round: str | None,
           rounds_option: str | None, out_path: str, fmt: str, report_lang: str | None,
           libraries_option: str | None, scenario_filter: str | None, approved_only: bool,
           goals_file: Path | None, min_cell: int, written_at: str | None) -> None:
    """A report a library can publish: results, method, findings (HTML or Markdown)."""
    from pilotkit.core.filters import Filters
    from pilotkit.core.report import make_report
    from pilotkit.outfile import OutputRefused, output_file
    from pilotkit.paths import db_path

    lang = report_lang or settings.lang
    single = split_list(rounds_option)
    if (single and (from_round or to_round)) or len(single) > 1 \
            or (not single and not (from_round and to_round)):
        fail([_text(settings, "report_rounds")])
    rounds = list(single) if single else [str(from_round), str(to_round)]
    if len(rounds) == 2 and rounds[0] == rounds[1]:  # one round is `--rounds R`
        fail([_text(settings, "change_same_round", round=rounds[0])])
    goals = None
    if goals_file is not None:
        try:
            goals = goals_file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as e:
            fail([_text(settings, "db_cannot_read", path=goals_file,
                        reason=os_reason(e) if isinstance(e, OSError)
                        else Message("os_not_utf8"))])
        # kept for the next report of these rounds, and for the app's
        with store_errors(), open_store(settings) as store:
            store.set_report_goals(rounds[0], rounds[-1], goals)
    with store_errors(), refused_output(OutputRefused), \
            open_store(settings, readonly=True) as store:
        _, libraries = known_ids(settings, store, None, libraries_option, rounds)
        scenarios, _ = known_groups(settings, store, scenario_filter, None)
        filters = Filters(libraries=libraries, scenarios=scenarios, approved_only=approved_only)
        document = make_report(store, settings.framework(), rounds, filters, lang,
                               cast("Literal['html', 'md']", fmt), goals, min_cell, written_at)
        try:
            with output_file(out_path, "utf-8", [db_path(settings.db_option)]) as (out, _):
                out.write(document)
            return
        except BrokenPipeError:
            raise
        except OSError as e:
            problem = export_problem(out_path, e)
    fail([problem])


@main.command()
@click.argument("kind", type=click.Choice(["answers", "visits", "scores"]))
@click.option("--out", "out_path", required=True, metavar="FILE|-",
              help="Where to write; - for standard output.")
@click.option("--excel", is_flag=True,
              help="Excel in a Finnish locale: UTF-8 with BOM, ';', decimal comma, CRLF.")
@format_option("csv", "json")
@click.option("--rounds", "rounds_option", metavar="R1,...", help="Only these rounds.")
@click.option("--libraries", "libraries_option", metavar="ISIL,...", help="Only these libraries.")
@click.option("--status", "status_option", metavar="S,...",
              help="Only visits of these statuses (default: all for answers and visits); "
                   "'counted' is what compare counts (submitted and approved).")
@click.option("--by", type=click.Choice(["library", "scenario", "channel"]), default="library",
              show_default=True, help="Grouping of the scores export.")
@click.option("--approved-only", is_flag=True, help="Scores: count approved visits only.")
@pass_settings
def export(settings: Settings, kind: str, out_path: str, excel: bool, fmt: str,
           rounds_option: str | None, libraries_option: str | None, status_option: str | None,
           by: str, approved_only: bool) -> None:
    """Export answers (one row per visit × item), visits (one row per visit) or scores."""
    from pilotkit.core import export as exporting
    from pilotkit.core.filters import Filters
    from pilotkit.outfile import OutputRefused, output_file
    from pilotkit.paths import db_path

    statuses = known_statuses(settings, status_option, counted=True)
    if excel and fmt == "json":
        fail([_text(settings, "excel_needs_csv")])
    dialect = exporting.Dialect(excel=excel)
    protect = [db_path(settings.db_option)]
    with store_errors(), refused_output(OutputRefused), \
            open_store(settings, readonly=True) as store:
        rounds, libraries = known_ids(settings, store, rounds_option, libraries_option)
        filters = Filters(rounds, libraries, statuses,
                          approved_only=approved_only and kind == "scores")
        try:
            with output_file(out_path, dialect.encoding, protect) as (out, tick):
                write_export(out, tick, store, settings, kind, fmt, filters, dialect, by)
            # said once the file is whole: a failure stays the one line that says why
            if kind != "scores":
                note_uncounted(store, filters, settings.lang)
            return
        except BrokenPipeError:
            raise  # the reader went away: click ends quietly
        except OSError as e:
            problem = export_problem(out_path, e)
    fail([problem])


def write_export(out: IO[str], tick: Callable[[], None], store: VisitService, settings: Settings,
                 kind: str, fmt: str, filters: Filters, dialect: Dialect, by: str) -> None:
    from pilotkit.core import export as exporting

    if dialect.excel:
        from pilotkit.core.spreadsheet import principle_names, write_sheet

        framework = settings.framework()
        names = principle_names(framework.ids, {p: framework.name(p, settings.lang)
                                                for p in framework.ids}, settings.lang)
        write_sheet(out, store, kind, filters, settings.lang, names, by, dialect, tick)
        return
    if kind == "answers":
        if fmt == "csv":
            exporting.write_answers_csv(out, store, filters, settings.lang, dialect, tick)
            return
        columns = exporting.ANSWER_COLUMNS
        rows = exporting.answer_rows(store, filters, settings.lang)
    elif kind == "visits":
        if fmt == "json":
            exporting.write_visits_json(out, store, filters)
            return
        principles = exporting.visit_principles(store, filters)
        columns = exporting.visit_columns(store, filters, principles)
        rows = exporting.visit_rows(store, filters, principles)
    else:
        from pilotkit.core import compare_files as files
        from pilotkit.core.compare import compare_cells

        rounds_compared, cells = compare_cells(store, cast("GroupBy", by), filters)
        if fmt == "json":
            files.write_json(out, files.cells_document(by, rounds_compared, cells))
        else:
            files.write_cells_csv(out, cells, dialect)
        return
    if fmt == "json":
        exporting.write_json_rows(out, columns, rows)
    else:
        exporting.write_csv(out, columns, rows, dialect, tick)

def export_problem(out_path: str, error: OSError) -> Message:
    """Why an export could not be written, in the user's language."""
    reason = os_reason(error)
    if out_path == "-":
        return Message("output_incomplete", reason=reason)
    return Message("export_not_written", path=out_path, reason=reason)


def note_uncounted(store: VisitService, filters: Filters, lang: str) -> None:
    """Say on stderr when an export holds drafts, returned or rejected visits."""
    from pilotkit.core.entities import COUNTED_STATUSES
    from pilotkit.core.explain import explain
    from pilotkit.core.filters import status_counts
    from pilotkit.core.labels import label

    uncounted = {s: n for s, n in status_counts(store, filters).items()
                 if s not in COUNTED_STATUSES}
    if uncounted:
        what = ", ".join(f"{label('status', s, lang)} {n}" for s, n in uncounted.items())
        click.echo(explain("export_includes", lang, what=what), err=True)


def merge_progress(source: Path) -> Callable[[int], None] | None:
    """Visits merged so far, on a terminal only."""
    if not sys.stderr.isatty():
        return None
    return lambda n: click.echo(f"\r{source}: {n:,} visits…", err=True, nl=False)


@main.command()
@click.argument("sources", nargs=-1, required=True, type=click.Path(path_type=Path),
                metavar="SOURCE.db...")
@click.option("--dry-run", is_flag=True, help="Report what would change; write nothing.")
@pass_settings
def merge(settings: Settings, sources: tuple[Path, ...], dry_run: bool) -> None:
    """Bring in the libraries, rounds and visits of other pilotkit databases.

    Visits are keyed by id: merging the same database twice adds nothing. A
    visit changed on both sides keeps its most recently modified version and
    the conflict is reported.
    """
    from pilotkit.core.database import StoreError
    from pilotkit.core.merge import MergeRefused, merge_database

    refused: list[str] = []
    with store_errors(), open_store(settings) as store:
        for source in sources:
            try:
                summary = merge_database(store, source, dry_run=dry_run,
                                         progress=merge_progress(source))
            except MergeRefused as e:  # every problem of the source, one line each
                refused.append(str(e))
                warn(e.problems)
                continue
            except StoreError as e:
                refused.append(str(e))
                warn([e])
                continue
            warn([*summary.conflicts, *summary.not_taken])
            click.echo((_text(settings, "merge_dry_run") if dry_run else "")
                       + summary.line(settings.lang))
    if refused:
        sys.exit(1)


@main.command()
@click.option("--round", "round_id", metavar="ROUND", help="Purge this round's visits.")
@click.option("--before", metavar="DATE", help="Purge the visits made before this day.")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@pass_settings
def purge(settings: Settings, round_id: str | None, before: str | None, yes: bool) -> None:
    """Remove the notes, comments and evaluator codes of a round's visits (or of visits before
    a day) once they need not be kept; scores, answers and review decisions stay."""
    if (round_id is None) == (before is None):
        fail([_text(settings, "purge_round_or_before")])
    with store_errors(), open_store(settings) as store:
        texts = store.text_items_to_purge(round_id, before)
        counts = store.purge_counts(round_id, before, texts)
        if round_id is not None:
            from datetime import date

            keep = store.round(round_id).retain_until
            if keep and keep >= date.today().isoformat():
                from pilotkit.core.formatting import date as local_date

                warn([_text(settings, "purge_before_retention", round=round_id,
                            day=local_date(keep, settings.lang))])
        scope = (_text(settings, "purge_scope_round", round=round_id) if round_id
                 else _text(settings, "purge_scope_before", day=before))
        confirmed(settings, yes, _text(settings, "purge_question", scope=scope, **counts))
        counts = store.purge(round_id, before, texts)
    say(settings, "done_purged", scope=scope, **counts)
    if counts["busy"]:
        warn([_text(settings, "purge_file_busy")])


@main.group()
def visits() -> None:
    """List visits, submit or reopen them, and review them (a team lead's database)."""


TABLE_LIMIT = 500
"""Rows `visits list` prints as a table without `--limit` (a person reads them)."""


@visits.command("list")
@click.option("--status", "status_option", metavar="S,...",
              help="Only these statuses: draft, submitted, approved, rejected, returned "
                   "(submitted: the review queue).")
@click.option("--rounds", "rounds_option", metavar="R1,...", help="Only these rounds.")
@click.option("--libraries", "libraries_option", metavar="ISIL,...", help="Only these libraries.")
@click.option("--limit", type=click.IntRange(1), default=None, help="At most this many.")
@format_option("table", "json")
@pass_settings
def visits_list(settings: Settings, status_option: str | None, rounds_option: str | None,
                libraries_option: str | None, limit: int | None, fmt: str) -> None:
    """List visits, newest first."""
    columns = ["id", "library", "round", "scenario", "evaluator", "visited_at", "status", "reason"]
    shown = limit if limit is not None or fmt == "json" else TABLE_LIMIT + 1
    statuses = known_statuses(settings, status_option, counted=False)
    with store_errors(), open_store(settings, readonly=True) as store, store.reading():
        rounds, libraries = known_ids(settings, store, rounds_option, libraries_option)
        metas = store.iter_visits(statuses, rounds, libraries, shown)
        rows = ({"id": m.id, "library": m.library, "round": m.round, "scenario": m.scenario,
                 "evaluator": m.evaluator, "visited_at": m.visited_at, "status": m.status,
                 "reason": m.status_reason} for m in metas)
        if fmt == "json":  # written as read: a listing of any length in flat memory
            emit_json_lines(rows)
            return
        table = list(rows)
    more = len(table) > TABLE_LIMIT and limit is None
    from pilotkit.core.formatting import date_time
    from pilotkit.core.labels import label

    for row in table[:TABLE_LIMIT] if more else table:
        row["id"] = str(row["id"])[:8]
        row["visited_at"] = date_time(str(row["visited_at"]), settings.lang)
        row["status"] = label("status", str(row["status"]), settings.lang)
    emit(table[:TABLE_LIMIT] if more else table, fmt, columns, settings.lang)
    if more:
        say(settings, "list_more", n=TABLE_LIMIT)


def emit_json_lines(rows: Iterable[dict[str, Any]]) -> None:
    """`emit`'s JSON, byte for byte, written one row at a time."""
    out = sys.stdout
    first = True
    for row in rows:
        body = json.dumps(row, ensure_ascii=False, indent=2).replace("\n", "\n  ")
        out.write(("[\n  " if first else ",\n  ") + body)
        first = False
    out.write("[]\n" if first else "\n]\n")


def say(settings: Settings, key: str, **params: Any) -> None:
    """One line on standard output, from the message catalogue, in the user's language."""
    click.echo(_text(settings, key, **params))


def confirmed(settings: Settings, yes: bool, question: str) -> None:
    """Go on only when `--yes` is given or the person at the terminal says yes; else exit 1."""
    if yes:
        return
    if not sys.stdin.isatty():
        fail([_text(settings, "needs_yes")])
    if not click.confirm(question, default=False):
        fail([_text(settings, "cancelled")])


def _text(settings: Settings, key: str, **params: Any) -> str:
    return render(key, settings.lang, **params)


def act(settings: Settings, visit_ids: tuple[str, ...], action: Action,
        reason: str | None = None, before: Callable[[VisitService, list[str]], None] | None = None
        ) -> None:
    """Take one action on visits, all of them or none, and say what was done to each."""
    from pilotkit.core.visit import RULES, TransitionRefused

    with store_errors(), open_store(settings) as store:
        if RULES[action].lead_only and store.role != "lead":
            fail([TransitionRefused.of("needs_lead")])  # one line, whatever the ids
        full = list(dict.fromkeys(store.find_visit(prefix) for prefix in visit_ids))
        if before is not None:
            before(store, full)
        store.apply(full, action, reason)
    for visit_id in full:
        say(settings, f"done_{action}", visit=visit_id)


def review_command(action: Action, needs_reason: bool, help_text: str,
                   reason_help: str) -> click.Command:
    """`visits approve|reject|return|undo`: a team lead's decisions, one command each."""

    @click.argument("visit_ids", nargs=-1, required=True, metavar="ID...")
    @click.option("--reason", required=needs_reason, help=reason_help)
    @pass_settings
    def command(settings: Settings, visit_ids: tuple[str, ...], reason: str | None) -> None:
        act(settings, visit_ids, action, reason)

    command.__doc__ = help_text
    return visits.command(action)(command)


review_command(
    "approve", False,
    "Approve submitted visits (a team lead's database only); an id may be cut to its first 6 "
    "characters or more.",
    "A note on the decision, kept in the review log.")
review_command(
    "reject", True,
    "Reject submitted visits with a reason (a team lead's database only); they never count.",
    "Why: kept in the review log, and the evaluator sees it.")
review_command(
    "return", True,
    "Return submitted visits to their evaluator for correction, with a reason (a team lead's "
    "database only); they count again once corrected and submitted.",
    "What to correct: the evaluator sees it on their start screen after a merge.")
review_command(
    "undo", False,
    "Undo the decision on approved, rejected or returned visits: they are submitted again "
    "(a team lead's database only).",
    "Why the decision is undone, kept in the review log.")


@visits.command("submit")
@click.argument("visit_ids", nargs=-1, required=True, metavar="ID...")
@pass_settings
def visits_submit(settings: Settings, visit_ids: tuple[str, ...]) -> None:
    """Submit drafts, or visits returned for correction, for review; required questions must be answered."""
    act(settings, visit_ids, "submit")


@visits.command("reopen")
@click.argument("visit_ids", nargs=-1, required=True, metavar="ID...")
@pass_settings
def visits_reopen(settings: Settings, visit_ids: tuple[str, ...]) -> None:
    """Reopen submitted visits to correct them, until a team lead has reviewed them."""
    act(settings, visit_ids, "reopen")


@visits.command("discard")
@click.argument("visit_ids", nargs=-1, required=True, metavar="ID...")
@click.option("--yes", is_flag=True, help="Discard without asking (for scripts).")
@pass_settings
def visits_discard(settings: Settings, visit_ids: tuple[str, ...], yes: bool) -> None:
    """Discard drafts for good (drafts only); no merge brings them back."""

    def ask(store: VisitService, full: list[str]) -> None:
        from pilotkit.core.visit import action_refusal

        metas = [store.visit_meta(visit_id) for visit_id in full]
        refusals = [action_refusal("discard", m.status, store.role, visit=m.id[:8]) for m in metas]
        if any(refusals):
            fail([r for r in refusals if r is not None][:1])
        if not yes and sys.stdin.isatty():
            for meta in metas:
                answered = len(store.open_visit(meta.id).answers)
                click.echo(f"{meta.id[:8]}  {meta.library} · {meta.scenario} · "
                           f"{meta.visited_at[:16].replace('T', ' ')} · "
                           f"{_text(settings, 'answers_count', n=answered)}")
        confirmed(settings, yes, _text(settings, "discard_confirm"))

    act(settings, visit_ids, "discard", before=ask)


@visits.command("history")
@click.argument("visit_id", metavar="ID")
@format_option("table", "json")
@pass_settings
def visits_history(settings: Settings, visit_id: str, fmt: str) -> None:
    """A visit's review log, oldest first: each status change, when (UTC), in which database and why."""
    from pilotkit.core.reviewlog import describe

    with store_errors(), open_store(settings, readonly=True) as store:
        full = store.find_visit(visit_id, discarded=True)
        here = store.database_id
        history = store.history(full)
    if fmt == "json":
        click.echo(json.dumps([
            {"id": e.id, "at": e.at, "action": e.action, "from": e.from_status, "to": e.to_status,
             "role": e.role, "database": e.database_id, "reason": e.reason, "counts": counts}
            for e, counts in history], ensure_ascii=False, indent=2))
        return
    if not history:
        say(settings, "history_empty", visit=full)
        return
    for entry, counts in history:
        click.echo(describe(entry, counts, here, settings.lang))


@main.command()
@click.argument("new_role", required=False, metavar="[lead|evaluator]",
                type=click.Choice(["lead", "evaluator"]))
@click.option("--yes", is_flag=True, help="Set it without asking (for scripts).")
@pass_settings
def role(settings: Settings, new_role: Role | None, yes: bool) -> None:
    """Print this database's role, or set it: lead (reviews visits) or evaluator (the default)."""
    with store_errors(), open_store(settings, readonly=new_role is None) as store:
        if new_role is None or new_role == store.role:
            say(settings, f"role_is_{store.role}")
            return
        confirmed(settings, yes, _text(settings, f"role_confirm_{new_role}"))
        store.set_role(new_role)
    say(settings, f"role_set_{new_role}")
