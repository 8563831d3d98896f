"""Issue #16 in the terminal app: the comparison fits 80×24, explains itself and warns.

The checks read the rendered screen as a person would (tests/tui/screen_text.py).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Static
from textual.widgets._toast import Toast

from pilotkit.core.demo import LIBRARIES, make_demo
from pilotkit.core.visit_service import VisitService
from pilotkit.paths import bundled_scenarios_dir
from pilotkit.settings import Settings
from pilotkit.tui.app import PilotkitApp, make_app
from pilotkit.tui.screens.cell import CellScreen
from pilotkit.tui.screens.compare import CompareScreen
from pilotkit.tui.screens.filter_dialog import FilterDialog
from pilotkit.tui.screens.help import HelpScreen
from pilotkit.tui.screens.visit_view import VisitViewScreen
from tests.tui.screen_text import screen_text
from tests.tui.test_review_flow import text_of
from tests.tui.test_team_lead import lead_app

SHORT = {"fi": ["Amm", "Asi", "Avo", "Est", "Luo", "Rea", "Tas", "Kok"],
         "en": ["Pro", "Cus", "Ope", "Acc", "Rel", "Res", "Equ", "Ove"]}
ENGLISH_ON_SCREEN = ("Level", "Change", "Counted", "submitted", "approved", "Library", "clear",
                     "Back", "Help", "in_person", "demo-baseline", "demo-pilot", "synthetic")
PILOT_ROUND = {"fi": "DEMO pilotin jälkeen (keksitty)", "en": "DEMO after the pilot (synthetic)"}
"""The demo's pilot round as its label reads in a demo made in each language."""


def demo_app(tmp_path: Path, lang: str, visits: int = 240) -> PilotkitApp:
    settings = Settings(str(tmp_path / "demo.db"), [bundled_scenarios_dir()], lang)  # type: ignore[arg-type]
    store = VisitService.open(tmp_path / "demo.db", settings.catalog().framework.ids)
    make_demo(store, settings.catalog(), visits, 1, settings.lang)
    return make_app(settings, store)


async def open_compare(app: PilotkitApp, pilot: Pilot[Any]) -> CompareScreen:
    await pilot.pause()
    await pilot.press("c")
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, CompareScreen)
    return screen


async def open_filters(app: PilotkitApp, pilot: Pilot[Any]) -> FilterDialog:
    await pilot.press("f")
    await pilot.pause()
    dialog = app.screen
    assert isinstance(dialog, FilterDialog)
    return dialog


def first_words(name: str) -> str:
    return " ".join(name.split()[:2])                  # "DEMO Lohjan": a name may wrap after


@pytest.mark.parametrize("lang", ["fi", "en"])
async def test_everything_in_view_at_80x24(tmp_path: Path, lang: str) -> None:
    app = demo_app(tmp_path, lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_compare(app, pilot)
        for view in ("level", "change"):
            text = screen_text(app)
            header = next(line for line in text.splitlines() if SHORT[lang][0] in line)
            # all seven principles and the overall score, in order, on the header line
            positions = [header.index(short) for short in SHORT[lang]]
            assert positions == sorted(positions)
            for library in LIBRARIES:
                assert first_words(library.name) in text, (view, library.name)
            assert "…" not in text
            if lang == "fi":
                for english in ENGLISH_ON_SCREEN:
                    assert english not in text, (view, english)
                assert "Lasketaan valmiit ja hyväksytyt" in text
            # the round's label (not its id) is in view
            assert PILOT_ROUND[lang].split(" (")[0] in text and "demo-pilot" not in text
            await pilot.press("d")
            await pilot.pause()
        # wider terminals show more: n beside every number
        await pilot.resize_terminal(160, 40)
        await pilot.pause()
        assert " n" in screen_text(app).split("\n")[5]


@pytest.mark.parametrize("method", ["holm", "bh"])
async def test_the_count_of_clear_changes_follows_the_correction(tmp_path: Path,
                                                                 method: str) -> None:
    """With a correction on, the legend counts the ▲▼ it leaves (a lead read "17/36 clear"
    beside 6 marks), worked out here from the p-values by the textbook step rules."""
    app = demo_app(tmp_path, "en", visits=600)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_compare(app, pilot)
        await pilot.press("d")
        await pilot.pause()
        presses = {"holm": 1, "bh": 2}[method]          # m: Holm, then Benjamini–Hochberg
        for _ in range(presses):
            await pilot.press("m")
            await pilot.pause()
        assert screen.adjust == method
        p = sorted(c.p_value for c in screen.changes.values() if c.p_value is not None)
        m = len(p)
        if method == "holm":   # step down: stop at the first p(k) > 0.05 / (m - k)
            kept = next((k for k in range(m) if p[k] >= 0.05 / (m - k)), m)
        else:                  # step up: the largest k with p(k) ≤ 0.05 k / m
            kept = max((k + 1 for k in range(m) if p[k] <= 0.05 * (k + 1) / m), default=0)
        unadjusted = sum(1 for c in screen.changes.values() if c.p_value is not None and c.clear)
        assert 0 < kept < unadjusted                    # the case the lead met
        legend = " ".join(str(screen.query_one("#compare-legend", Static).render()).split())
        assert f"{kept}/{m} clear after adjustment, {unadjusted} without (m)" in legend


async def test_keys_that_change_nothing_in_view_say_what_they_did(tmp_path: Path) -> None:
    """m in the level view changes marks only the change view shows, and [ ] in the change
    view do not choose its rounds: each says so instead of seeming to do nothing."""
    app = demo_app(tmp_path, "en", visits=60)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        screen = await open_compare(app, pilot)

        def said() -> str:
            return str(list(app._notifications)[-1].message)

        await pilot.press("m")
        await pilot.pause()
        assert screen.adjust == "holm"
        assert said().endswith("(shown in the change view, d)")
        await pilot.press("d", "right_square_bracket")
        await pilot.pause()
        assert said().startswith("The change view's rounds are chosen in the filters (f)")
        # as the toast shows it: markup once ate the keys' names
        toast = list(app.screen.query(Toast))[-1]
        assert "(f); [ and ] change" in str(toast.render())
        await pilot.press("m", "m")
        await pilot.pause()
        assert screen.adjust is None and said() == "Multiple-comparison adjustment: none"


async def test_the_highlighted_number_is_explained(tmp_path: Path) -> None:
    app = demo_app(tmp_path, "fi")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_compare(app, pilot)
        detail = str(screen.query_one("#compare-detail", Static).render())
        # the cursor starts on the first principle of the first library
        assert detail.startswith("Ammatillisuus · DEMO")
        assert "95 %:n väli [" in detail and "n = " in detail and "," in detail
        await pilot.press("a")                          # approved visits only
        await pilot.pause()
        assert "Lasketaan vain hyväksytyt käynnit" in screen_text(app)
        counted = {key: cell.n for key, cell in screen.cells.items()}
        await pilot.press("a")
        await pilot.pause()
        assert all(screen.cells[key].n >= n for key, n in counted.items())
        assert sum(c.n for c in screen.cells.values()) > sum(counted.values())


async def test_help_on_the_comparison_explains_its_numbers(tmp_path: Path) -> None:
    app = demo_app(tmp_path, "fi", visits=40)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_compare(app, pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen) and app.screen.topic == "compare"
        text = screen_text(app)
        assert "Mitä luvut tarkoittavat" in text and "n = käyntien määrä" in text
        # the round keys as written: Textual's markup took "[ ja ]" for a tag and dropped it
        written = " ".join(str(static.render()) for static in app.screen.query(Static))
        assert "d: taso/muutos · [ ja ]: kierros ·" in written  # below the fold at 80×24
        assert "y/n: kyllä/ei" not in text               # not the evaluator's keys


SCALE = """
id: {id}
version: 1
title: {{fi: "Skenaario {id}", en: "Scenario {id}"}}
channel: phone
sections:
  - id: s
    title: S
    items:
      - id: how_open
        text: {{fi: "Kuinka avoin vastaus oli?", en: "How open was the answer?"}}
        type: scale
        scale: {{min: 0, max: 4}}
        principles: [openness]
"""


def mixed_app(tmp_path: Path, lang: str = "en") -> PilotkitApp:
    """FI-A: scenario one in r1, one and two in r2 (two pulls it down); FI-B: one in both."""
    scenarios = tmp_path / "scenarios"
    scenarios.mkdir()
    for name in ("one", "two"):
        (scenarios / f"{name}.yaml").write_text(SCALE.format(id=name), encoding="utf-8")
    settings = Settings(str(tmp_path / "m.db"), [scenarios], lang)  # type: ignore[arg-type]
    store = VisitService.open(tmp_path / "m.db", settings.catalog().framework.ids)
    store.add_library("FI-A", "Aallon kirjasto")
    store.add_library("FI-B", "Bulevardin kirjasto")
    store.add_round("r1", label="Kevät 2017", start="2017-01-01")
    store.add_round("r2", label="Syksy 2017", start="2017-09-01")
    for library, round_id, scenario, points in (
            ("FI-A", "r1", "one", [2, 2, 3]), ("FI-A", "r2", "one", [2, 3, 3]),
            ("FI-A", "r2", "two", [0, 0]), ("FI-B", "r1", "one", [1, 2, 2]),
            ("FI-B", "r2", "one", [2, 3, 3])):
        file = settings.catalog().get(scenario)
        assert file is not None
        for point in points:
            visit = store.start_visit(file, library, round_id, "E1", "2017-05-02T10:00")
            store.set_answer(visit, "how_open", point)
            store.set_status(visit, "submitted")
    return make_app(settings, store)


async def test_a_different_scenario_mix_is_marked_and_can_be_left_out(tmp_path: Path) -> None:
    app = mixed_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_compare(app, pilot)
        await pilot.press("d")
        await pilot.pause()
        text = screen_text(app)
        row_a = next(line for line in text.splitlines() if line.startswith("Aallon"))
        row_b = next(line for line in text.splitlines() if line.startswith("Bulevardin"))
        assert "≠" in row_a and "≠" not in row_b
        assert "≠ different scenarios in the two rounds (s)" in text
        # FI-A openness: 58.3 → 40.0 with scenario two, 58.3 → 66.7 without it
        assert "-18.3" in row_a
        await pilot.press("s")
        await pilot.pause()
        text = screen_text(app)
        row_a = next(line for line in text.splitlines() if line.startswith("Aallon"))
        assert "≠" not in text and "+8.3" in row_a
        counted = str(screen.query_one("#compare-filters", Static).render())
        assert "only scenarios visited in every round" in counted
        assert screen.changes[("FI-A", "openness")].n_to == 3


async def test_drill_down_visits_and_items_that_moved(tmp_path: Path) -> None:
    app = lead_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_compare(app, pilot)
        await pilot.press("d")
        await pilot.pause()
        table = screen.query_one("#matrix", DataTable)
        table.move_cursor(row=0, column=len(screen.principles))      # overall
        await pilot.press("enter")
        await pilot.pause()
        cell = app.screen
        assert isinstance(cell, CellScreen)
        text = screen_text(app)
        # every visit's score is in view, beside its status in words: overall is the mean
        # of customer orientation (greeted no: 0) and reliability (none 0, answered 100)
        assert text.count("submitted") == 6
        assert text.count("    0.0  submitted") == 3 and text.count("   50.0  submitted") == 3
        items = cell.query_one("#cell-items", DataTable)
        # greeted stayed "no" (0 → 0): not listed; the outcome moved from 0 to 100, n 3 and 3
        assert items.row_count == 1
        row = [str(value) for value in items.get_row_at(0)]
        assert row[:3] == ["+100.0", "0.0 n=3", "100.0 n=3"] and row[3] == "What happened?"
        assert "1 items unchanged" in str(cell.query_one("#cell-note", Static).render())
        await pilot.press("enter")                       # open the first visit, read-only
        await pilot.pause()
        assert isinstance(app.screen, VisitViewScreen)
        text = screen_text(app)
        assert "Were you greeted?" in text and "→ no" in text and "→ Nothing" in text
        assert "Read only" in text
        await pilot.press("question_mark")             # its own help, not the comparison's
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = " ".join(screen_text(app).split())
        assert "A visit, read only" in text and "Nothing can be changed here." in text
        assert "What the numbers mean" not in text and "Welch" not in text
        await pilot.press("escape", "escape")
        await pilot.pause()
        assert isinstance(app.screen, CellScreen)


@pytest.mark.parametrize("lang", ["fi", "en"])
@pytest.mark.parametrize("view", ["level", "change"])
async def test_the_visits_of_a_cell_fit_80_columns(tmp_path: Path, lang: str, view: str) -> None:
    """No column of a cell's visits runs under a scrollbar: the screen's and the table's own
    (a table of more visits than it shows) are both taken off before the scenario's width."""
    app = demo_app(tmp_path, lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_compare(app, pilot)
        if view == "change":
            await pilot.press("d")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, CellScreen)
        tables = list(app.screen.query(".cell-visits").results(DataTable))
        assert len(tables) == (2 if view == "change" else 1)
        assert any(table.show_vertical_scrollbar for table in tables)  # the case that cut
        if view == "change":
            tables.append(app.screen.query_one("#cell-items", DataTable))  # the items moved
        for table in tables:
            # every column, padding and all, within what the table shows
            assert table.virtual_size.width <= table.scrollable_content_region.width
            # and the table itself within the screen's scrolling area
            assert table.region.right <= app.screen.query_one("#cell").scrollable_content_region.right


async def test_rename_a_library_from_the_comparison(tmp_path: Path) -> None:
    app = lead_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_compare(app, pilot)
        await pilot.press("n")
        await pilot.pause()
        app.screen.query_one("#field-name", Input).value = "Lohjan pääkirjasto"
        await pilot.press("enter")
        await pilot.pause()
        assert "Lohjan pääkirjasto" in screen_text(app)
    with VisitService.open(app.client.store.path, ["openness"]) as store:
        assert [lib.name for lib in store.libraries()] == ["Lohjan pääkirjasto"]


async def test_r_writes_the_report_of_the_rounds_shown(tmp_path: Path) -> None:
    from pilotkit.tui.screens.dialogs import FormDialog

    app = demo_app(tmp_path, "fi")
    target = tmp_path / "raportti.html"
    async with app.run_test(size=(80, 24)) as pilot:
        await open_compare(app, pilot)
        await pilot.press("d")                       # the change between the two rounds
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, FormDialog)
        assert dialog.query_one("#field-path", Input).value == "pilotkit-raportti.html"
        dialog.query_one("#field-path", Input).value = str(target)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, CompareScreen)
        assert any(f"Raportti kirjoitettu: {target}" in str(n.message)
                   for n in app._notifications)
    page = target.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and '<html lang="fi">' in page
    # the two rounds of the change, by their labels, and every demo library
    assert "DEMO lähtötaso (keksitty)" in page and PILOT_ROUND["fi"] in page
    assert all(f"{library.name} (keksitty)" in page for library in LIBRARIES)
    assert "synthetic" not in page
    assert "ei kata kaikkia käyntejä" not in page       # every counted visit: nothing to say


async def test_a_narrowed_comparison_says_so_in_its_report_and_profile(tmp_path: Path) -> None:
    """A lead who filtered the comparison to one channel and then wrote the report published
    a report of that channel alone, with nothing in it saying so."""
    from pilotkit.tui.screens.dialogs import FormDialog
    from pilotkit.tui.screens.profile import ProfileScreen

    app = demo_app(tmp_path, "en", visits=1200)
    target = tmp_path / "report.html"
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_compare(app, pilot)
        screen.choice["channel"] = "phone"
        screen.approved_only = True
        screen.reload()
        await pilot.press("d", "r")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, FormDialog)
        assert text_of(dialog.query_one("#dialog-subject", Static)) == (
            "The report is narrowed as the comparison is: Channel: phone · approved only")
        dialog.query_one("#field-path", Input).value = str(target)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen and target.exists()
        screen.action_profile()                         # p: the profile of the cell's library
        await pilot.pause()
        assert isinstance(app.screen, ProfileScreen)
        assert ("Narrowed as the comparison is: Channel: phone · approved only"
                in " ".join(screen_text(app).split()))
    page = " ".join(target.read_text(encoding="utf-8").split())
    assert ("This report does not cover every visit. It counts only the visits in the channel"
            " “phone”; approved visits.") in page


async def test_g_keeps_the_goals_for_the_report_of_the_rounds_shown(tmp_path: Path) -> None:
    from textual.widgets import TextArea

    from pilotkit.tui.screens.goals_dialog import GoalsDialog

    app = demo_app(tmp_path, "fi")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_compare(app, pilot)
        await pilot.press("d")                       # the change: the report's two rounds
        await pilot.pause()
        await pilot.press("g")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, GoalsDialog)
        assert dialog.query_one("#goals-text", TextArea).has_focus
        await pilot.press(*"Tavoite: tervehdys")
        await pilot.press("escape")                  # typed words are not dropped at once
        await pilot.pause()
        assert app.screen is dialog
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, CompareScreen)
        store = app.client.store
        assert app.client.call(store.report_goals, "demo-baseline",
                               "demo-pilot") == "Tavoite: tervehdys"


async def test_help_on_a_change_says_what_change_the_visits_could_detect(
        tmp_path: Path) -> None:
    from statistics import stdev

    from pilotkit.core.power import mde

    app = mixed_app(tmp_path)
    # overall = openness, 0–4 → 0–100: FI-A 50 50 75 → 50 75 75 0 0; FI-B 25 50 50 → 50 75 75
    a = mde(stdev([50, 50, 75]), 3, 0.05, 0.8, stdev([50, 75, 75, 0, 0]), 5)
    b = mde(stdev([25, 50, 50]), 3, 0.05, 0.8, stdev([50, 75, 75]), 3)
    expected = (a + b) / 2                                # the median of two libraries
    async with app.run_test(size=(80, 24)) as pilot:
        await open_compare(app, pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        lines = [str(w.render()) for w in app.screen.query(Static)]
        line = next(x for x in lines if x.startswith("Comparing"))
        assert line == (
            f"Comparing Kevät 2017 → Syksy 2017, a typical library's true change is detected "
            f"with 80 % probability (5 % level) when it is at least {expected:.1f} points: the "
            f"median of 2 libraries with 3 and 4 visits. A smaller true change easily stays "
            f"unclear.")


async def test_the_same_round_twice_for_a_change_says_why_the_level_shows(tmp_path: Path) -> None:
    """Choosing one round as both ends of the change put the level view back without a word."""
    from textual.widgets import Button, Select

    app = demo_app(tmp_path, "en", visits=60)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        screen = await open_compare(app, pilot)
        await pilot.press("d")
        dialog = await open_filters(app, pilot)
        start = dialog.query_one("#filter-from-round", Select).value
        dialog.query_one("#filter-to-round", Select).value = start
        dialog.query_one("#apply", Button).press()
        await pilot.pause()
        assert app.screen is screen and screen.chosen_rounds() is None
        assert str(list(app._notifications)[-1].message) == (
            "A change is shown between two different rounds: choose them (f)")


async def test_the_roles_list_sets_each_long_role_apart_and_picks_the_one_moved_to(
        tmp_path: Path) -> None:
    """The roles (personas) wrap over lines; without a line between them two read as one."""
    import yaml
    from textual.widgets import Select
    from textual.widgets._select import SelectOverlay

    # worked out from the scenario files themselves, not from the app
    personas = sorted({yaml.safe_load(f.read_text(encoding="utf-8"))["persona"]["fi"]
                       for f in bundled_scenarios_dir().glob("*.yaml")})
    app = demo_app(tmp_path, "fi", visits=60)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_compare(app, pilot)
        dialog = await open_filters(app, pilot)
        roles = dialog.query_one("#filter-persona", Select)
        roles.focus()
        await pilot.press("enter")
        await pilot.pause()
        shown = roles.query_one(SelectOverlay)
        assert shown.option_count == 1 + len(personas)  # "kaikki", then every role
        # a divider under every option but the last (OptionList keeps it on the option)
        assert [shown.get_option_at_index(i)._divider for i in range(shown.option_count)] == \
            [True] * len(personas) + [False]
        await pilot.press("down", "down", "enter")
        await pilot.pause()
        assert roles.value == personas[1]
        assert dialog.query_one("#filter-scenario", Select).query_one(SelectOverlay) \
            .get_option_at_index(0)._divider is False  # short options are not divided


async def test_e_in_the_level_view_writes_the_round_shown(tmp_path: Path) -> None:
    """Found by a new user: the level view shows one round, and `e` wrote every round."""
    import csv

    from textual.widgets import Input

    app = demo_app(tmp_path, "en", visits=60)
    out = tmp_path / "level.csv"
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_compare(app, pilot)
        assert "Level · DEMO after the pilot" in screen_text(app)
        await pilot.press("right_square_bracket")      # the next round: of two, the baseline
        await pilot.pause()
        assert "Level · DEMO baseline" in screen_text(app)
        await pilot.press("e")
        await pilot.pause()
        app.screen.query_one("#field-path", Input).value = str(out)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen
    rows = list(csv.DictReader(out.read_text(encoding="utf-8-sig").splitlines(), delimiter=";"))
    # 6 libraries × 8 columns (7 principles and overall), all of the round shown
    assert {r["round"] for r in rows} == {"demo-baseline"} and len(rows) == 6 * 8


async def test_filters_that_leave_nothing_say_what_to_change(tmp_path: Path) -> None:
    """Found by a new user: a scenario and the role of another left an empty table that said
    only "No visits to count". The roles now follow the scenario; a scenario and a channel it
    is not made in still leave nothing."""
    import yaml
    from textual.widgets import Button, Select

    def role(scenario: str) -> str:
        text = (bundled_scenarios_dir() / f"{scenario}.yaml").read_text(encoding="utf-8")
        return str(yaml.safe_load(text)["persona"]["en"])

    app = demo_app(tmp_path, "en", visits=60)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_compare(app, pilot)
        dialog = await open_filters(app, pilot)
        roles = dialog.query_one("#filter-persona", Select)
        roles.value = role("proxy-borrowing")
        dialog.query_one("#filter-scenario", Select).value = "email-question"
        await pilot.pause()
        # only the chosen scenario's role is offered; another's chosen before is let go
        assert [value for _, value in roles._options[1:]] == [role("email-question")]
        assert roles.is_blank()
        dialog.query_one("#filter-channel", Select).value = "phone"  # email-question: e-mail
        dialog.query_one("#apply", Button).press()
        await pilot.pause()
        assert app.screen is screen
        assert "No visits to count with these filters: f changes them." in \
            " ".join(screen_text(app).split())
