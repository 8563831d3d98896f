"""The start screen lists the drafts this laptop fills, not those a merge brought in.

Merging an evaluator's database brings in the visits still being filled on that
laptop, and the visits the lead has returned to the evaluator stay in the lead's
database as returned. Neither is the lead's to resume: they are counted under
the list instead. An evaluator who merges the lead's database back gets the
visit returned to them, listed to correct, and everyone else's drafts, counted.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import OptionList, Static

from pilotkit.core.visit_service import VisitService
from pilotkit.settings import Settings
from pilotkit.tui import app as app_module
from pilotkit.tui.app import make_app
from pilotkit.tui.screens import start
from tests.cli_helpers import run
from tests.tui.conftest import build_settings
from tests.tui.screen_text import screen_text


def _laptop(path: Path, settings: Settings) -> tuple[str, str]:
    """An evaluator's database: a draft, and a submitted visit (to be returned); their ids."""
    scenario = settings.catalog().get("proxy-borrowing")
    assert scenario is not None
    with VisitService.open(path, settings.catalog().framework.ids) as store:
        store.add_library("FI-Lohja", "Lohjan kirjasto")
        store.add_round("r1")
        draft = store.start_visit(scenario, "FI-Lohja", "r1", "E07", "2017-05-02T14:30")
        store.set_answer(draft, "greeted", "no")
        sent = store.start_visit(scenario, "FI-Lohja", "r1", "E07", "2017-05-03T10:00")
        store.set_answer(sent, "greeted", "no")  # "no": the required follow-up is skipped
        store.set_answer(sent, "outcome", "answered")
        store.apply([sent], "submit")
    return draft, sent


def _lead(path: Path, settings: Settings, laptop: Path, returned: str) -> str:
    """A lead's database with the laptop merged in, one of its visits returned, and a draft
    of the lead's own at another library; that draft's id."""
    scenario = settings.catalog().get("proxy-borrowing")
    assert scenario is not None
    with VisitService.open(path, settings.catalog().framework.ids) as store:
        store.set_role("lead")
    assert run("--db", path, "merge", laptop).returncode == 0
    assert run("--db", path, "visits", "return", returned, "--reason",
               "say whether you were greeted").returncode == 0
    with VisitService.open(path, settings.catalog().framework.ids) as store:
        store.add_library("FI-Vantaa", "Vantaan kirjasto")
        own = store.start_visit(scenario, "FI-Vantaa", "r1", "L01", "2017-05-04T09:00")
        store.set_answer(own, "greeted", "yes")
    return own


@pytest.mark.parametrize(("lang", "counted"), [
    ("fi", "keskeneräisiä 1, korjattavaksi palautettuja 1."),
    ("en", "drafts 1, returned for correction 1."),
])
async def test_a_leads_start_screen_lists_only_the_leads_own_drafts(
        tmp_path: Path, lang: str, counted: str) -> None:
    settings = build_settings(tmp_path, lang)
    laptop = tmp_path / "laptop.db"
    _, sent = _laptop(laptop, settings)
    lead = Path(settings.db_option or "")
    own = _lead(lead, settings, laptop, sent)
    store = VisitService.open(lead, settings.catalog().framework.ids)
    # what the store holds: all three unfinished, two of them merged in
    assert len(store.drafts()) == 3
    assert [d.id for d in store.drafts(here_only=True)] == [own]
    assert store.unfinished_counts() == {("draft", True): 1, ("draft", False): 1,
                                         ("returned", False): 1}
    app = make_app(settings, store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        drafts = app.screen.query_one("#drafts", OptionList)
        assert [drafts.get_option_at_index(i).id for i in range(drafts.option_count)] == [own]
        shown = " ".join(screen_text(app).split())
        assert "Vantaan kirjasto" in shown
        assert "Lohjan kirjasto" not in shown and "↩" not in shown
        assert counted in shown
        assert app.screen.query_one("#drafts-elsewhere", Static).display


async def test_an_evaluators_start_screen_lists_the_visit_returned_to_them_not_the_leads_draft(
        tmp_path: Path) -> None:
    settings = build_settings(tmp_path)
    laptop = Path(settings.db_option or "")
    draft, sent = _laptop(laptop, settings)
    lead = tmp_path / "lead.db"
    _lead(lead, settings, laptop, sent)
    assert run("--db", laptop, "merge", lead).returncode == 0  # the return comes back
    store = VisitService.open(laptop, settings.catalog().framework.ids)
    app = make_app(settings, store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        drafts = app.screen.query_one("#drafts", OptionList)
        listed = [drafts.get_option_at_index(i).id for i in range(drafts.option_count)]
        assert listed == [sent, draft]  # returned first: a lead waits for it
        shown = " ".join(screen_text(app).split())
        assert "say whether you were greeted" in shown
        # the lead's own draft came too: counted, not offered to this evaluator to resume
        assert "Vantaan kirjasto" not in shown
        assert "drafts 1, returned for correction 0." in shown


def _six_drafts(path: Path, settings: Settings) -> list[str]:
    """Six drafts of this laptop's own, a day apart; their ids, oldest first."""
    scenario = settings.catalog().get("proxy-borrowing")
    assert scenario is not None
    with VisitService.open(path, settings.catalog().framework.ids) as store:
        store.add_library("FI-Vantaa", "Vantaan kirjasto")
        store.add_round("r1")
        return [store.start_visit(scenario, "FI-Vantaa", "r1", "E01", f"2017-05-0{day}T09:00")
                for day in range(1, 7)]


async def test_the_drafts_not_shown_are_counted_without_those_merged_in(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(start, "MAX_DRAFTS_SHOWN", 4)
    settings = build_settings(tmp_path)
    laptop = tmp_path / "laptop.db"
    _laptop(laptop, settings)                  # one draft and one submitted visit to merge
    here = Path(settings.db_option or "")
    own = _six_drafts(here, settings)
    assert run("--db", here, "merge", laptop).returncode == 0
    app = make_app(settings, VisitService.open(here, settings.catalog().framework.ids))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        drafts = app.screen.query_one("#drafts", OptionList)
        prompts = [str(drafts.get_option_at_index(i).prompt)
                   for i in range(drafts.option_count)]
        # six of this laptop's drafts, four listed (the newest first): two more, not three
        assert [drafts.get_option_at_index(i).id for i in range(4)] == own[:1:-1]
        assert prompts[4:] == ["… and 2 more (the oldest)"]
        assert "drafts 1, returned for correction 0." in " ".join(screen_text(app).split())


async def test_a_returned_visit_written_again_by_a_merge_is_still_the_evaluators(
        tmp_path: Path) -> None:
    """Found by a new user: the lead edited a returned visit in the lead's database; the
    merge back took that newer version, and the visit vanished from the evaluator's list."""
    settings = build_settings(tmp_path)
    ids = settings.catalog().framework.ids
    laptop = Path(settings.db_option or "")
    draft, sent = _laptop(laptop, settings)
    lead = tmp_path / "lead.db"
    _lead(lead, settings, laptop, sent)
    with VisitService.open(lead, ids) as store:        # an edit on the lead's side
        store.set_answer(sent, "outcome", "none")
    result = run("--db", laptop, "merge", lead)
    assert result.returncode == 0 and "kept the source's version" in result.stderr
    with VisitService.open(laptop, ids) as store:
        assert [d.id for d in store.drafts(here_only=True)] == [sent, draft]
        assert store.unfinished_counts() == {("returned", True): 1, ("draft", True): 1,
                                             ("draft", False): 1}


async def test_the_counts_under_the_list_come_with_the_scenarios_not_before_the_first_paint(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The counts read every unfinished visit (a lead's thousands): the first screen is drawn
    without them, and they come in the same second pass as the scenario titles."""
    monkeypatch.setattr(start, "MAX_DRAFTS_SHOWN", 4)
    monkeypatch.setattr(app_module, "CATALOG_DELAY_S", 600)  # started by hand below
    settings = build_settings(tmp_path)
    here = Path(settings.db_option or "")
    _six_drafts(here, settings)
    fresh = build_settings(tmp_path)  # as at start-up: no scenario loaded yet
    assert not fresh.catalog_loaded
    app = make_app(fresh, VisitService.open(here, settings.catalog().framework.ids))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        drafts = app.screen.query_one("#drafts", OptionList)
        assert drafts.option_count == 4  # listed at once; not yet counted
        assert "Borrowing on behalf" not in screen_text(app)  # titles come with the counts
        app._start_catalog_load()  # what the delay's timer does
        for _ in range(100):  # the scenarios load in the background
            await pilot.pause(0.05)
            if fresh.catalog_loaded and drafts.option_count > 4:
                break
        prompts = [str(drafts.get_option_at_index(i).prompt)
                   for i in range(drafts.option_count)]
        assert prompts[4:] == ["… and 2 more (the oldest)"]  # six drafts, four listed
        assert "Borrowing on behalf" in screen_text(app)


async def test_e_and_d_with_no_unfinished_visit_say_so(tmp_path: Path) -> None:
    """Found by a new user on a lead's database: e and d are on the start screen and did
    nothing at all when the list had no visit to correct or discard."""
    from tests.tui.conftest import build_app

    app = build_app(tmp_path, "fi")
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        for key in ("e", "d"):
            await pilot.press(key)
            await pilot.pause()
            assert str(list(app._notifications)[-1].message) == (
                "Listalla ei ole keskeneräistä käyntiä: e korjaa ja d poistaa listalta "
                "valitun."), key
            app.clear_notifications()
        assert isinstance(app.screen, start.StartScreen)
