"""What `plan make`, `plan show` and `plan progress` print: a plan, its shape, its calendars.

The click commands in `cli.py` check their options and call these; the plan
itself is made by `core.visit_plan` and kept by the store.
"""

from __future__ import annotations

import json
import math
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from typing import IO, TYPE_CHECKING

import click

from pilotkit.core.entities import Assignment
from pilotkit.core.formatting import date as local_date
from pilotkit.core.formatting import number
from pilotkit.core.messages import Message, render
from pilotkit.core.visit_plan import PlanRequest, PlanShape, progress_rows
from pilotkit.exits import fail, open_store, store_errors
from pilotkit.streams import fill_to, terminal_width

if TYPE_CHECKING:
    from pilotkit.core.langs import Lang
    from pilotkit.core.visit_service import VisitService
    from pilotkit.settings import Settings

WEEKDAYS = {"fi": ("ma", "ti", "ke", "to", "pe"), "sv": ("mån", "tis", "ons", "tor", "fre"),
            "en": ("Mon", "Tue", "Wed", "Thu", "Fri")}


def request_json(request: PlanRequest) -> str:
    """How the plan was asked for, stored beside it (a lead can make it again the same way)."""
    return json.dumps({
        "libraries": list(request.libraries), "scenarios": list(request.scenarios),
        "evaluators": list(request.evaluators), "visits_per_library": request.visits_per_library,
        "from": request.first.isoformat(), "to": request.last.isoformat(),
        "lockout_days": request.lockout_days, "seed": request.seed}, ensure_ascii=False)


def shape_lines(request: PlanRequest, shape: PlanShape, lang: Lang,
                mde_line: str | None) -> list[str]:
    """The plan's diagnostics, one finding per line, in the user's language."""
    n = request.visits_per_library
    evaluators = [shape.per_evaluator.get(e, 0) for e in request.evaluators]
    cells = [shape.cells.get((e, lib), 0) for e in request.evaluators
             for lib in request.libraries if request.allowed(e, lib)]
    scenario_cells = [shape.scenarios.get((lib, s), 0) for lib in request.libraries
                      for s in request.scenarios]
    even = n / len(request.scenarios)
    lines = [
        render("plan_made", lang, round=request.round, visits=shape.visits,
               libraries=len(request.libraries), n=n),
        render("plan_evaluator_spread", lang, evaluators=len(request.evaluators),
               visits=_span(evaluators)),
        render("plan_cell_spread", lang, times=_span(cells)),
        render("plan_scenario_spread", lang, visits=_span(scenario_cells),
               even=number(even, lang, 0 if even.is_integer() else 1)),
        render("plan_connected", lang) if shape.pieces == 1
        else render("plan_pieces", lang, pieces=shape.pieces),
        render("plan_weekdays", lang, days=", ".join(
            f"{name} {shape.weekdays.get(d, 0)}" for d, name in enumerate(WEEKDAYS[lang]))
            + "; " + ", ".join(f"{slot} {count}" for slot, count in sorted(shape.slots.items()))),
    ]
    if mde_line:
        lines.append(mde_line)
    return lines


def _span(counts: Sequence[int]) -> str:
    low, high = min(counts, default=0), max(counts, default=0)
    return str(low) if low == high else f"{low}–{high}"


def table_rows(assignments: Sequence[Assignment], lang: Lang, library_names: dict[str, str],
               scenario_titles: dict[str, str]) -> list[dict[str, str]]:
    return [{"date": f"{WEEKDAYS[lang][_weekday(a.date)]} {local_date(a.date, lang)}",
             "slot": a.slot, "evaluator": a.evaluator,
             "library": library_names.get(a.library, a.library),
             "scenario": scenario_titles.get(a.scenario, a.scenario)} for a in assignments]


def _weekday(iso: str) -> int:
    return datetime.fromisoformat(iso).weekday()


# -- iCalendar (RFC 5545) ---------------------------------------------------------------------

SLOT_TIMES = {"10-12": ("100000", "120000"), "12-14": ("120000", "140000"),
              "14-16": ("140000", "160000"), "16-18": ("160000", "180000")}


def write_ics(out: IO[str], round_id: str, assignments: Sequence[Assignment], lang: Lang,
              library_names: dict[str, str], scenario_titles: dict[str, str]) -> None:
    """One calendar per evaluator, one after another (a stream of calendars is valid iCalendar).

    Times are floating local times: a visit at ten is at ten wherever the laptop's clock is set.
    """
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    by_evaluator: dict[str, list[Assignment]] = defaultdict(list)
    for a in assignments:
        by_evaluator[a.evaluator].append(a)
    for evaluator, visits in sorted(by_evaluator.items()):
        for line in _calendar(round_id, evaluator, visits, lang, stamp, library_names,
                              scenario_titles):
            out.write(_folded(line) + "\r\n")


def _calendar(round_id: str, evaluator: str, visits: Sequence[Assignment], lang: Lang,
              stamp: str, library_names: dict[str, str], scenario_titles: dict[str, str]
              ) -> Iterator[str]:
    yield "BEGIN:VCALENDAR"
    yield "VERSION:2.0"
    yield "PRODID:-//pilotkit//visit plan//EN"
    yield "CALSCALE:GREGORIAN"
    yield "X-WR-CALNAME:" + _escaped(render("plan_calendar_name", lang, round=round_id,
                                            evaluator=evaluator))
    for a in visits:
        day = a.date.replace("-", "")
        start, end = SLOT_TIMES.get(a.slot, ("100000", "120000"))
        library = library_names.get(a.library, a.library)
        yield "BEGIN:VEVENT"
        yield f"UID:{round_id}-{evaluator}-{day}-{a.slot}@pilotkit"
        yield f"DTSTAMP:{stamp}"
        yield f"DTSTART:{day}T{start}"
        yield f"DTEND:{day}T{end}"
        yield "SUMMARY:" + _escaped(render("plan_event", lang, library=library,
                                           scenario=scenario_titles.get(a.scenario, a.scenario)))
        yield "LOCATION:" + _escaped(library)
        yield "END:VEVENT"
    yield "END:VCALENDAR"


def _escaped(text: str) -> str:
    return (text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n"))


def _folded(line: str) -> str:
    """Lines longer than 75 octets continue on the next line after a space (never inside
    a character: UTF-8 sequences stay whole)."""
    data = line.encode()
    if len(data) <= 75:
        return line
    parts, start, limit = [], 0, 75
    while start < len(data):
        end = min(start + limit, len(data))
        while end < len(data) and (data[end] & 0xC0) == 0x80:
            end -= 1
        parts.append(data[start:end].decode())
        start, limit = end, 74  # a continuation line's leading space counts
    return "\r\n ".join(parts)


# -- the commands' work -----------------------------------------------------------------------


MAX_SPREAD = 50.0
"""The largest standard deviation scores on the 0–100 scale can have (half at 0, half at
100): a larger `--sd` is a typing error, and would overflow the power calculation."""


def spread_refused(sd: float) -> bool:
    """Whether `--sd` is not a spread of scores: negative, not finite, or over `MAX_SPREAD`."""
    return not (math.isfinite(sd) and 0 <= sd <= MAX_SPREAD)


def make(settings: Settings, round_id: str, libraries: tuple[str, ...],
         scenarios: tuple[str, ...], evaluators: tuple[str, ...], per_library: int, first: str,
         last: str, lockout: int | None, seed: int, sd: float | None, replace: bool,
         pair_with: str | None = None) -> None:
    from datetime import date

    from pilotkit.core.entities import InvalidValue, check_date, check_evaluator
    from pilotkit.core.visit_plan import DEFAULT_LOCKOUT_DAYS, PlanError, make_plan, shape

    lang = settings.lang
    for option, values in (("--libraries", libraries), ("--scenarios", scenarios),
                           ("--evaluators", evaluators)):
        if not values:
            fail([Message("plan_needs_list", option=option)])
    if per_library < 1:
        fail([Message("plan_bad_count", value=per_library)])
    lockout = DEFAULT_LOCKOUT_DAYS if lockout is None else lockout
    if lockout < 0:
        fail([Message("plan_bad_lockout", value=lockout)])
    if sd is not None and spread_refused(sd):
        fail([Message("plan_sd_bad", value=sd)])
    try:
        start, end = date.fromisoformat(check_date(first)), date.fromisoformat(check_date(last))
        codes = tuple(dict.fromkeys(check_evaluator(e) for e in evaluators))
    except InvalidValue as e:
        fail([e])
    if end < start:
        fail([Message("plan_ends_first", first=first, last=last)])
    catalog = settings.catalog()
    unknown = [s for s in scenarios if catalog.get(s) is None]
    if unknown:
        fail([Message("unknown_scenario_id", scenario=s) for s in unknown])
    with store_errors(), open_store(settings) as store:
        known = {r.id for r in store.rounds()}
        if round_id not in known:
            fail([Message("unknown_round", round=round_id)])
        found = {lib: store.library_id(lib) for lib in libraries}  # as stored, any case
        missing = [lib for lib, stored_id in found.items() if stored_id is None]
        if missing:
            fail([Message("unknown_library", library=lib) for lib in missing])
        stored = [stored_id for stored_id in found.values() if stored_id is not None]
        if store.has_plan(round_id) and not replace:
            fail([Message("plan_exists", round=round_id)])
        paired: tuple[tuple[str, str, int], ...] = ()
        if pair_with is not None:
            if pair_with not in known:
                fail([Message("unknown_round", round=pair_with)])
            if not store.has_plan(pair_with):
                fail([Message("plan_none", round=pair_with)])
            paired = tuple((e, lib, n) for (e, lib), n in sorted(Counter(
                (a.evaluator, a.library) for a in store.plan(pair_with)).items()))
        request = PlanRequest(round_id, tuple(dict.fromkeys(stored)),
                              tuple(dict.fromkeys(scenarios)), codes, per_library, start, end,
                              lockout, seed, frozenset(store.conflicts()), paired)
        try:
            assignments = make_plan(request)
        except PlanError as e:
            fail([e])
        # worked out before the plan is stored: a failure here must not leave it saved
        mde_line = _mde_line(store, round_id, per_library, sd, lang)
        store.save_plan(round_id, request_json(request), assignments, replace=replace)
    lines = shape_lines(request, shape(assignments), lang, mde_line)
    if paired and pair_with is not None:
        made = Counter((a.evaluator, a.library) for a in assignments)
        before = {(e, lib): n for e, lib, n in paired}
        same = sum(1 for cell in made.keys() | before.keys()
                   if made.get(cell, 0) == before.get(cell, 0))
        lines.insert(3, render("plan_paired", lang, round=pair_with, same=same,
                               cells=len(made.keys() | before.keys())))
    for line in lines:
        click.echo(fill_to(line, terminal_width()))


def _mde_line(store: VisitService, round_id: str, n: int, sd: float | None,
              lang: Lang) -> str:
    """The change the plan could detect: with the spread given, or the latest round's seen."""
    from pilotkit.core.entities import OVERALL
    from pilotkit.core.planning import observed_spread
    from pilotkit.core.power import mde

    source = render("plan_sd_assumed", lang)
    if sd is None:
        for earlier in reversed([r.id for r in store.rounds() if r.id != round_id]):
            spread = observed_spread(store, earlier).get(OVERALL)
            if spread is not None:
                sd, source = spread, render("plan_sd_from_round", lang, round=earlier)
                break
    if sd is None or n < 2:
        return render("plan_mde_unknown", lang)
    return render("plan_mde_at", lang, n=n, sd=number(sd, lang), source=source,
                  mde=number(mde(sd, n, 0.05, 0.8), lang), power=80, alpha=5)


def show(settings: Settings, round_id: str, fmt: str, evaluator: str | None,
         excel: bool) -> None:
    import sys

    lang = settings.lang
    with store_errors(), open_store(settings, readonly=True) as store:
        if round_id not in {r.id for r in store.rounds()}:
            fail([Message("unknown_round", round=round_id)])
        if not store.has_plan(round_id):
            fail([Message("plan_none", round=round_id)])
        assignments = store.plan(round_id, evaluator)
        if evaluator and not assignments:
            fail([Message("plan_none_for", round=round_id, evaluator=evaluator)])
        names = {lib.id: lib.name for lib in store.libraries()}
    if fmt == "json":
        click.echo(json.dumps({"round": round_id, "assignments": [
            {"evaluator": a.evaluator, "library": a.library, "scenario": a.scenario,
             "date": a.date, "slot": a.slot} for a in assignments]}, ensure_ascii=False,
            indent=2))
        return
    if fmt == "csv":
        from pilotkit.core.csvdialect import Dialect

        dialect = Dialect(excel=excel)
        out = sys.stdout
        if excel and hasattr(out, "buffer"):  # the BOM Excel needs to read UTF-8
            out.buffer.write("\ufeff".encode())
            out.flush()
        writer = dialect.writer(out)
        writer.writerow(["evaluator", "library", "scenario", "date", "slot"])
        for a in assignments:
            writer.writerow([dialect.cell(v) for v in
                             (a.evaluator, a.library, a.scenario, a.date, a.slot)])
        return
    titles = {f.scenario.id: f.scenario.title.get(lang)
              for f in settings.catalog().scenarios.values()}
    if fmt == "ics":
        write_ics(sys.stdout, round_id, assignments, lang, names, titles)
        return
    from pilotkit.tables import print_rows

    print_rows(table_rows(assignments, lang, names, titles),
               ["date", "slot", "evaluator", "library", "scenario"], lang, terminal_width())


def progress(settings: Settings, round_id: str, fmt: str) -> None:
    with store_errors(), open_store(settings, readonly=True) as store:
        if round_id not in {r.id for r in store.rounds()}:
            fail([Message("unknown_round", round=round_id)])
        if not store.has_plan(round_id):
            fail([Message("plan_none", round=round_id)])
        assignments = store.plan(round_id)
        done = store.done_in_round(round_id)
        names = {lib.id: lib.name for lib in store.libraries()}
    by_library = progress_rows(assignments, done, "library")
    by_evaluator = progress_rows(assignments, done, "evaluator")
    if fmt == "json":
        click.echo(json.dumps({"round": round_id, "libraries": by_library,
                               "evaluators": by_evaluator}, ensure_ascii=False, indent=2))
        return
    from pilotkit.tables import print_rows

    columns = ["planned", "begun", "submitted"]
    for row in by_library:
        row["library"] = names.get(row["library"], row["library"])
    print_rows(by_library, ["library", *columns], settings.lang, terminal_width())
    click.echo()
    print_rows(by_evaluator, ["evaluator", *columns], settings.lang, terminal_width())
