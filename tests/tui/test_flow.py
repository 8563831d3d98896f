"""The evaluator's whole flow, driven by keys through Textual's Pilot."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Button, Checkbox, Input, OptionList, Select, Static
from textual.widgets._footer import FooterKey

from pilotkit.core.answers import parse_number
from pilotkit.core.visit_service import VisitService
from pilotkit.tui.app import PilotkitApp, make_app
from pilotkit.tui.screens.new_visit import NewVisitScreen
from pilotkit.tui.screens.start import StartScreen
from pilotkit.tui.screens.summary import SummaryScreen
from pilotkit.tui.screens.visit import VisitScreen
from tests.fixtures import CONTRACT_EXAMPLE
from tests.tui.conftest import build_app, build_settings
from tests.tui.screen_text import screen_text


async def settle(pilot: Pilot[Any]) -> None:
    """Wait until the store thread has written everything and the UI has heard of it."""
    app = pilot.app
    assert isinstance(app, PilotkitApp)
    await pilot.pause()
    app.client.call(lambda: None)
    await pilot.pause()


def current_screen(pilot: Pilot[Any]) -> object:
    """The screen on top, typed as a plain object: it changes under the test's feet."""
    return pilot.app.screen


def db_answers(app: PilotkitApp) -> dict[str, Any]:
    conn = sqlite3.connect(app.client.store.path)
    try:
        return dict(conn.execute("SELECT item_id, value FROM answers WHERE value IS NOT NULL"))
    finally:
        conn.close()


async def open_form(pilot: Pilot[Any]) -> NewVisitScreen:
    """The new-visit form, opened with its key from the start screen."""
    assert isinstance(pilot.app.screen, StartScreen)
    await pilot.press("ctrl+n")
    await pilot.pause()
    form = pilot.app.screen
    assert isinstance(form, NewVisitScreen)
    return form


async def write_note(pilot: Pilot[Any], text: str) -> None:
    """A note on the current item, typed into its dialog (m) and saved (Enter)."""
    from pilotkit.tui.screens.dialogs import FormDialog

    await pilot.press("m")
    await pilot.pause()
    dialog = pilot.app.screen
    assert isinstance(dialog, FormDialog)
    dialog.query_one("#field-note", Input).value = text
    await pilot.press("enter")
    await settle(pilot)


async def start_visit(pilot: Pilot[Any]) -> VisitScreen:
    screen = await open_form(pilot)
    screen.query_one("#library", Select).value = "FI-Lohja"
    screen.query_one("#scenario", Select).value = "proxy-borrowing"
    screen.query_one("#evaluator", Input).value = "E07"
    screen.query_one("#no-tie", Checkbox).value = True
    await pilot.pause()
    await pilot.press("ctrl+s")
    await pilot.pause()
    visit = pilot.app.screen
    assert isinstance(visit, VisitScreen)
    return visit


async def test_fill_every_item_type_and_submit(app: PilotkitApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        visit = await start_visit(pilot)
        assert visit.current == "greeted"
        await pilot.press("y")                       # yes/no
        await pilot.press("down")
        assert visit.current == "wait_minutes"
        await pilot.press("3", ",", "5", "enter")    # a decimal comma, Finnish style
        assert visit.current == "needs_clarified"    # shown because greeted = yes
        await pilot.press("4")                       # scale point: followed_up appears
        await pilot.press("j")
        assert visit.current == "followed_up"
        await pilot.press("y")
        await pilot.press("j")
        await pilot.press("2")                       # second option: referred
        await pilot.press("m")                       # a note on the current item
        await pilot.pause()
        pilot.app.screen.query_one("#field-note", Input).value = "asked twice"
        await pilot.press("enter")
        await pilot.press("j", "n")                  # signs_clear: no
        await pilot.press("j")
        visit.query_one("#entry", Input).value = "=HYPERLINK(\"x\")"
        await pilot.press("enter")                   # free text
        await settle(pilot)
        assert db_answers(app) == {"greeted": "yes", "wait_minutes": 3.5, "needs_clarified": 4,
                                   "followed_up": "yes", "outcome": "referred",
                                   "signs_clear": "no", "remarks": "=HYPERLINK(\"x\")"}
        assert str(visit.query_one("#save-state", Static).render()).startswith("✓")
        await pilot.press("s")
        await pilot.pause()
        summary = pilot.app.screen
        assert isinstance(summary, SummaryScreen)
        assert not summary.query("#missing")
        summary.query_one("#comment", Input).value = "quiet morning"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(pilot.app.screen, StartScreen)
    conn = sqlite3.connect(app.client.store.path)
    status, comment = conn.execute("SELECT status, comment FROM visits").fetchone()
    note = conn.execute("SELECT note FROM answers WHERE item_id = 'outcome'").fetchone()[0]
    conn.close()
    assert (status, comment, note) == ("submitted", "quiet morning", "asked twice")


async def test_skip_logic_na_clear_and_required_block(app: PilotkitApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        visit = await start_visit(pilot)
        await pilot.press("n")                       # not greeted: needs_clarified hides
        assert [i.id for i in visit.shown] == [
            "greeted", "wait_minutes", "outcome", "signs_clear", "remarks"]
        await pilot.press("y")                       # greeted after all: it appears again
        assert "needs_clarified" in [i.id for i in visit.shown]
        await pilot.press("down")
        await pilot.press("x")                       # wait_minutes not applicable
        await pilot.press("u")                       # next unanswered
        assert visit.current == "needs_clarified"
        await pilot.press("5")
        await pilot.press("delete")                  # and cleared again
        await settle(pilot)
        assert db_answers(app) == {"greeted": "yes", "wait_minutes": "na"}
        await pilot.press("s")
        await pilot.pause()
        summary = pilot.app.screen
        assert isinstance(summary, SummaryScreen)
        missing = summary.query_one("#missing", OptionList)
        assert [missing.get_option_at_index(i).id for i in range(missing.option_count)] == [
            "needs_clarified", "outcome"]
        assert summary.query_one("#submit", Button).disabled
        await pilot.press("ctrl+s")                  # refused: still on the summary
        await pilot.pause()
        assert isinstance(pilot.app.screen, SummaryScreen)
        await pilot.press("up")                      # from the comment to the missing items
        await pilot.press("enter")                   # jump to the first missing item
        await pilot.pause()
        assert current_screen(pilot) is visit
        assert visit.current == "needs_clarified"


async def test_resume_a_draft(tmp_path: Path) -> None:
    first = build_app(tmp_path)
    async with first.run_test(size=(80, 24)) as pilot:
        await start_visit(pilot)
        await pilot.press("y", "down", "7", "enter")
        await settle(pilot)
    second = build_app(tmp_path)
    async with second.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        drafts = second.screen.query_one("#drafts", OptionList)
        assert drafts.option_count == 1
        # of the 7 items, followed_up stays hidden (needs_clarified is unanswered): 2 of 6
        assert "2/6 answered" in str(drafts.get_option_at_index(0).prompt)
        drafts.focus()
        await pilot.press("enter")
        await pilot.pause()
        visit = second.screen
        assert isinstance(visit, VisitScreen)
        assert visit.answers == {"greeted": "yes", "wait_minutes": 7}
        assert visit.current == "needs_clarified"    # the first unanswered item
        assert "2/6 answered" in str(visit.query_one("#visit-status", Static).render())


def test_numbers_accept_comma_and_point() -> None:
    assert parse_number("3,5") == 3.5
    assert parse_number("3.5") == 3.5
    assert parse_number(" 12 ") == 12
    assert isinstance(parse_number("12"), int)
    assert parse_number("1 200") == 1200
    for bad in ("", "-1", "abc", "nan", "inf", "1,2,3"):
        assert parse_number(bad) is None


async def test_a_failed_write_is_shown_and_saved_answers_stay(app: PilotkitApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        visit = await start_visit(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert str(visit.query_one("#save-state").render()).startswith("✓")
        # the disk fills up: no room for one more page
        store = app.client.store
        pages = app.client.call(lambda: store.conn.execute("PRAGMA page_count").fetchone()[0])
        app.client.call(lambda: store.conn.execute(f"PRAGMA max_page_count={pages}"))
        await pilot.press("m")
        await pilot.pause()
        app.screen.query_one("#field-note", Input).value = "x" * 30_000
        await pilot.press("enter")
        await settle(pilot)
        assert "NOT saved" in str(visit.query_one("#save-state").render())
    assert db_answers(app) == {"greeted": "yes"}


async def test_start_screen_keys_open_their_dialogs(app: PilotkitApp) -> None:
    from pilotkit.tui.screens.dialogs import FormDialog

    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("l")                       # add a library, by keys alone
        await pilot.pause()
        assert isinstance(app.screen, FormDialog)
        app.screen.query_one("#field-isil", Input).value = "FI-Vihti"
        app.screen.query_one("#field-name", Input).value = "Vihdin kirjasto"
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.screen, FormDialog)
        await pilot.press("escape")
        await pilot.press("g")
        await pilot.pause()
        assert isinstance(app.screen, FormDialog)    # merge: asks for the other database
        # its button says what it does: "Save" did not, for a merge that runs at once
        assert str(app.screen.query_one("#save", Button).label) == "Merge"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)
        libraries = app.client.call(app.client.store.libraries)
    assert [lib.id for lib in libraries] == ["FI-Lohja", "FI-Vihti"]


async def test_a_new_visit_started_with_the_keyboard_alone(tmp_path: Path) -> None:
    """No value set behind the user's back: keys choose the library (by typing its first
    letter among several), the scenario and the evaluator code, and ctrl+s starts it."""
    app = build_app(tmp_path)
    app.client.store.add_library("FI-Espoo", "Espoon kaupunginkirjasto")
    app.client.store.add_library("FI-Vantaa", "Vantaan kaupunginkirjasto")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        form = await open_form(pilot)
        assert app.focused is form.query_one("#library", Select)
        await pilot.press("L")                # typing opens the list at the first match
        await pilot.pause()
        assert "Close menu" in [k.description for k in form.query(FooterKey)]
        await pilot.press("enter")                         # chosen
        await pilot.press("tab")                           # the round: the latest, already
        await pilot.press("tab", "B", "enter")             # "Borrowing on behalf of …"
        await pilot.press("tab", "E", "0", "7")
        await pilot.press("tab", "tab", "tab", "tab", "space")   # the declaration, ticked
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, VisitScreen)
    conn = sqlite3.connect(app.client.store.path)
    try:
        assert conn.execute("SELECT library_id, round_id, scenario_id, evaluator, status"
                            " FROM visits").fetchall() == [
            ("FI-Lohja", "2017-baseline", "proxy-borrowing", "E07", "draft")]
    finally:
        conn.close()


async def test_a_write_finishing_while_the_screen_waits_on_the_store_does_not_deadlock(
        app: PilotkitApp) -> None:
    """The store thread hands a finished write back without waiting for the UI.

    Found hanging in CI: the UI waited on the store (drafts refreshed when the
    scenarios had loaded) while the store thread waited on the UI to show "saved".
    """
    import threading

    async with app.run_test(size=(80, 24)) as pilot:
        visit = await start_visit(pilot)
        await settle(pilot)
        # another program holds the write lock, so the answer's write waits in the store thread
        holder = sqlite3.connect(app.client.store.path, check_same_thread=False,
                                 isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")
        await pilot.press("y")
        threading.Timer(0.3, holder.rollback).start()
        # meanwhile the UI waits on the store, as a screen does to draw; the write ends in
        # between. A hand-back that waits for the UI would leave this waiting forever.
        assert app.client.submit(lambda: 42).result(timeout=10) == 42
        await settle(pilot)
        assert str(visit.query_one("#save-state").render()).startswith("✓")
        holder.close()
    assert db_answers(app) == {"greeted": "yes"}


async def test_the_command_palette_speaks_finnish(tmp_path: Path) -> None:
    from textual.command import CommandInput, CommandList

    app = build_app(tmp_path, "fi")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert [k.description for k in app.screen.query(FooterKey)] == ["Lopeta", "Ohje",
                                                                        "komennot"]
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert app.screen.query_one(CommandInput).placeholder == "Etsi komentoa…"
        await pilot.press(*"zzzq")
        await pilot.pause(0.8)  # Textual waits half a second before saying nothing matched
        shown = [str(getattr(o.prompt, "renderable", o.prompt))  # centred: inside an Align
                 for o in app.screen.query_one(CommandList).options]
        assert shown == ["Ei osumia"], shown


async def test_the_palette_offers_every_key_the_leads_start_screen_lists(
        tmp_path: Path) -> None:
    from pilotkit.tui.i18n import t

    app = build_app(tmp_path, "sv")
    app.client.store.set_role("lead")
    app.role = "lead"
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, StartScreen)
        titles = {command.title for command in app.get_system_commands(app.screen)}
        listed = {t(label) for _, action, label in screen.actions() if action}
        # the new visit is offered under the app's own name for it
        assert listed - titles == {t("new_visit")} and t("cmd_new") in titles


async def test_the_only_library_is_chosen_already_and_a_second_is_not(tmp_path: Path) -> None:
    app = build_app(tmp_path)                     # one library: FI-Lohja
    async with app.run_test(size=(80, 24)) as pilot:
        assert (await open_form(pilot)).query_one("#library", Select).value == "FI-Lohja"
    app = build_app(tmp_path)
    app.client.store.add_library("FI-Espoo", "Espoon kaupunginkirjasto")
    async with app.run_test(size=(80, 24)) as pilot:
        assert (await open_form(pilot)).query_one("#library", Select).value is Select.NULL


async def test_at_80_columns_in_finnish_the_visit_footer_shows_every_key_and_help(
        tmp_path: Path) -> None:
    app = build_app(tmp_path, "fi")
    async with app.run_test(size=(80, 24)) as pilot:
        visit = await start_visit(pilot)
        await pilot.pause()
        keys = {k.key: k for k in visit.query(FooterKey)}
        # x (not applicable) is shown beside the choices it answers, not in the footer
        assert [k.description for k in keys.values()] == [
            "Vastaamaton", "Muistiinpano", "Yhteenveto", "Takaisin", "Ohje", "komennot"]
        palette = keys["ctrl+p"]
        for key in keys.values():
            if key is not palette:   # drawn whole, left of the palette key docked right
                assert key.region.right <= palette.region.x, key.description
        # every question whole, wrapped under itself: nothing cut
        items = visit.query_one("#items", OptionList)
        assert len(visit.shown) == items.option_count == 5
        for index, item in enumerate(visit.shown):
            prompt = str(items.get_option_at_index(index).prompt)
            assert "…" not in prompt
            assert " ".join(prompt[5:].split()) == item.text.get("fi")


async def test_a_remark_is_added_to_and_a_number_retyped_whole(app: PilotkitApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        visit = await start_visit(pilot)
        await pilot.press("down", *"12", "enter")               # wait_minutes 12, on to outcome
        await pilot.press("up", *"5", "enter")                  # back to it: retyped, not 125
        await pilot.press("down", "down")
        assert visit.current == "remarks"
        await pilot.press("enter", *"Friendly", "enter")
        await pilot.press("enter", *" and quick", "enter")      # the cursor was at the end
        await settle(pilot)
    assert db_answers(app) == {"wait_minutes": 5, "remarks": "Friendly and quick"}


async def test_typing_in_a_closed_list_searches_every_letter_typed(tmp_path: Path) -> None:
    """"Es" is Espoo: with its first letter lost, "s" would find Seinäjoki first."""
    from textual import events

    app = build_app(tmp_path)
    app.client.store.add_library("FI-Seinajoki", "Seinäjoen kaupunginkirjasto")
    app.client.store.add_library("FI-Espoo", "Espoon kaupunginkirjasto")
    async with app.run_test(size=(80, 24)) as pilot:
        library = (await open_form(pilot)).query_one("#library", Select)
        await pilot.press("E", "s", "enter")                  # key by key
        await pilot.pause()
        assert library.value == "FI-Espoo"
        library.clear()
        await pilot.pause()
        # a terminal may hand over both letters in one read: the second one then reaches
        # the list before the list has taken the focus
        app.post_message(events.Key("E", "E"))
        app.post_message(events.Key("s", "s"))
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert library.value == "FI-Espoo"


async def test_the_lists_prompt_line_is_not_found_by_typing(tmp_path: Path) -> None:
    """In Finnish the prompt reads "Valitse": "Va" must find Vantaa, not the prompt."""
    app = build_app(tmp_path, "fi")
    app.client.store.add_library("FI-Vantaa", "Vantaan kaupunginkirjasto")
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_form(pilot)
        await pilot.press("V", "a", "enter")
        await pilot.pause()
        assert form.query_one("#library", Select).value == "FI-Vantaa"


async def test_the_persona_and_script_are_in_view_at_80x24(tmp_path: Path) -> None:
    """The bundled scenario with the longest Finnish persona and script."""
    import shutil

    (tmp_path / "scenarios").mkdir()
    shutil.copy(Path(__file__).parents[2] / "scenarios" / "home-service.yaml",
                tmp_path / "scenarios")
    app = build_app(tmp_path, "fi")
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_form(pilot)
        form.query_one("#scenario", Select).value = "home-service"
        await pilot.pause()
        info = form.query_one("#scenario-info", Static)
        assert "Rooli:" in str(info.render()) and "Käsikirjoitus:" in str(info.render())
        assert info.region.height >= 4 and info.region.bottom <= 23   # above the footer
        assert form.query_one("#start-visit", Button).region.bottom <= 23


async def test_an_authors_brackets_are_shown_as_written(tmp_path: Path) -> None:
    """Texts are never read as markup: Textual took "[FI]" and "[ ]" for tags and dropped
    them from the question, even escaped with rich's `escape`."""
    settings = build_settings(tmp_path)
    (tmp_path / "scenarios" / "proxy.yaml").write_text(CONTRACT_EXAMPLE.replace(
        'en: "Were you greeted?"', 'en: "Were you greeted [FI] at the [ ] door? [b]"'),
        encoding="utf-8")
    store = VisitService.open(Path(settings.db_option or ""), settings.catalog().framework.ids)
    store.add_library("FI-Lohja", "Lohjan kaupunginkirjasto")
    store.add_round("2017-baseline", label="Baseline 2017", staff_informed="2017-04-03")
    app = make_app(settings, store)
    async with app.run_test(size=(80, 24)) as pilot:
        await start_visit(pilot)
        await settle(pilot)
        shown = " ".join(screen_text(app).split())
        assert "Were you greeted [FI] at the [ ] door? [b]" in shown


@pytest.mark.parametrize(("lang", "before", "after"), [
    ("en", "Lohjan kaupunginkirjasto · 2017-05-02 14:30 · 1 answers",
     "Lohjan kaupunginkirjasto · Borrowing on behalf of someone else · 2017-05-02 14:30 · "
     "1/"),
    ("fi", "Lohjan kaupunginkirjasto · 2.5.2017 klo 14.30 · vastauksia 1",
     "Lohjan kaupunginkirjasto · Puolesta asiointi · 2.5.2017 klo 14.30 · 1/")])
async def test_the_drafts_before_the_scenarios_load_show_no_ids(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str, before: str,
        after: str) -> None:
    """The first screen is up before the scenarios load (in the background): until then a
    draft reads without its scenario's title, never with its id or a "?" for its total."""
    made = build_settings(tmp_path, lang)
    store = VisitService.open(Path(made.db_option or ""), made.catalog().framework.ids)
    store.add_library("FI-Lohja", "Lohjan kaupunginkirjasto")
    store.add_round("2017-baseline", label="Baseline 2017", staff_informed="2017-04-03")
    scenario = made.catalog().get("proxy-borrowing")
    assert scenario is not None
    visit = store.start_visit(scenario, "FI-Lohja", "2017-baseline", "E07", "2017-05-02T14:30")
    store.set_answer(visit, "greeted", "yes")
    monkeypatch.setattr(PilotkitApp, "_start_catalog_load", lambda self: None)
    fresh = build_settings(tmp_path, lang)              # the scenarios not loaded yet
    app = make_app(fresh, store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert not fresh.catalog_loaded
        shown = " ".join(screen_text(app).split())
        assert before in shown
        assert "proxy-borrowing" not in shown and "/?" not in shown
        fresh.catalog()
        app._catalog_ready()
        await settle(pilot)
        drafts = app.screen.query_one("#drafts", OptionList)
        assert str(drafts.get_option_at_index(0).prompt).startswith(after)


async def test_help_on_the_form_and_the_summary_is_their_own(tmp_path: Path) -> None:
    """Found by a new user: ? on the new-visit form and on the summary showed only the keys
    of filling in a visit."""
    app = build_app(tmp_path, "en")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_form(pilot)
        await pilot.press("f1")
        await pilot.pause()
        shown = " ".join(screen_text(app).split())
        assert "The new-visit form" in shown and "ctrl+s: start the visit" in shown
        assert "Keys during a visit" not in shown
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("escape")                  # the form, unchanged: leaves
        await pilot.pause()
        await start_visit(pilot)
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(current_screen(pilot), SummaryScreen)
        await pilot.press("f1")
        await pilot.pause()
        shown = " ".join(screen_text(app).split())
        assert "The summary" in shown and "ctrl+s: mark the visit done" in shown
