"""Review in the app (a team lead's database only) and an evaluator's drafts, by keys alone."""

from __future__ import annotations

import io
import sqlite3
from collections.abc import Sequence
from contextlib import closing
from pathlib import Path
from typing import Any, cast

import pytest
from rich.console import Console
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Input, Label, OptionList, Select, Static

from pilotkit.core.entities import VisitMeta
from pilotkit.core.visit_service import VisitService
from pilotkit.tui.app import PilotkitApp, make_app
from pilotkit.tui.screens import review
from pilotkit.tui.screens.dialogs import ConfirmDialog, FormDialog
from pilotkit.tui.screens.draft_details import DraftDetailsDialog
from pilotkit.tui.screens.help import HelpScreen
from pilotkit.tui.screens.review import ReviewScreen
from pilotkit.tui.screens.start import StartScreen
from pilotkit.tui.screens.summary import SummaryScreen
from pilotkit.tui.screens.visit import VisitScreen
from pilotkit.tui.screens.visit_view import review_log
from tests.tui.conftest import build_app, build_settings
from tests.tui.screen_text import screen_text
from tests.tui.test_flow import current_screen


def review_app(tmp_path: Path, lang: str = "en", older: int = 0) -> PilotkitApp:
    """A lead's database with two submitted visits (the first with a comment and a note),
    and `older` more of Vihti's, each an hour before the one before it."""
    settings = build_settings(tmp_path, lang)
    store = VisitService.open(Path(settings.db_option or ""), settings.catalog().framework.ids)
    scenario = settings.catalog().get("proxy-borrowing")
    assert scenario is not None
    store.add_library("FI-Lohja", "Lohjan kaupunginkirjasto")
    store.add_library("FI-Vihti", "Vihdin kirjasto")
    store.add_round("2017-baseline", label="Baseline 2017")
    store.set_role("lead")
    for library, when, greeted, outcome in (
            ("FI-Lohja", "2017-05-03T10:15", "yes", "referred"),
            ("FI-Vihti", "2017-05-02T14:30", "no", "none"),
            *(("FI-Vihti", f"2017-05-02T{13 - k:02d}:30", "no", "none") for k in range(older))):
        visit = store.start_visit(scenario, library, "2017-baseline", "E07", when)
        store.set_answer(visit, "greeted", greeted)
        if greeted == "yes":
            store.set_answer(visit, "needs_clarified", 4)
            store.set_note(visit, "greeted", "at the door")
            store.set_comment(visit, "quiet morning")
        store.set_answer(visit, "outcome", outcome)
        store.set_status(visit, "submitted")
    return make_app(settings, store)


def statuses(app: PilotkitApp) -> dict[str, tuple[str, str | None]]:
    conn = sqlite3.connect(app.client.store.path)
    try:
        return {library: (status, reason) for library, status, reason in conn.execute(
            "SELECT library_id, status, status_reason FROM visits")}
    finally:
        conn.close()


def text_of(widget: Static | Label) -> str:
    """What the widget shows, as plain text (a rich renderable printed at the screen's width)."""
    content = widget.content
    if isinstance(content, str):
        return str(widget.render())
    console = Console(width=78, record=True, file=io.StringIO())
    console.print(content)
    return console.export_text().removesuffix("\n")


async def open_review(pilot: Pilot[Any]) -> ReviewScreen:
    await pilot.pause()
    await pilot.press("r")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, ReviewScreen)
    return screen


async def test_an_evaluators_app_offers_no_review(tmp_path: Path) -> None:
    app = build_app(tmp_path)            # a new database: an evaluator's
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.sub_title == "evaluator's database"
        actions = text_of(app.screen.query_one("#actions", Static))
        assert "Visits to review" not in actions and "Discard a draft" in actions
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)
        app.action_review()                # however it is asked for
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)
        commands = [c.title for c in app.get_system_commands(cast("Screen[object]", app.screen))]
        assert "Visits to review" not in commands
    (tmp_path / "lead").mkdir()
    lead = review_app(tmp_path / "lead")
    async with lead.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert lead.sub_title == "team lead's database"
        assert "Visits to review" in text_of(lead.screen.query_one("#actions", Static))
        assert "Visits to review" in [c.title for c in lead.get_system_commands(lead.screen)]


async def test_the_queue_previews_the_visit_under_the_cursor(tmp_path: Path) -> None:
    app = review_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_review(pilot)
        assert text_of(screen.query_one("#review-heading", Label)) == "Visits to review: 2"
        preview = text_of(screen.query_one("#preview", Static))
        # the newest first: Lohja, greeted yes → customer orientation (1 + 0.75) / 2 = 87.5,
        # professionalism 75, reliability "referred" 75, so overall (75 + 87.5 + 75) / 3 = 79.2
        for shown in ("Lohjan kaupunginkirjasto · Baseline 2017",
                      "Borrowing on behalf of someone else · 2017-05-03 10:15 · In person",
                      "Evaluator code: E07 · Status: submitted",
                      "Comment on the whole visit: quiet morning",
                      "Notes", "· Were you greeted?: at the door"):
            assert shown in preview, shown
        lines = preview.splitlines()
        assert any(line.split()[:2] == ["Overall", "79"] for line in lines)
        assert any("Customer orientation" in line and "88" in line for line in lines)
        assert "FI-Lohja" not in preview and "proxy-borrowing" not in preview
        await pilot.press("down")
        await pilot.pause()
        preview = text_of(screen.query_one("#preview", Static))
        assert "Vihdin kirjasto" in preview and "Comment" not in preview


async def choose(pilot: Pilot[Any], status: str = "", library: str = "", round_id: str = "",
                 clear: Sequence[str] = ()) -> None:
    """The queue's filters by keyboard alone: f, then in each field (status, library, round)
    the words typed (its list searched) or, for a field in `clear`, its first line ("all")
    chosen; Tab to the next; Save."""
    await pilot.press("f")
    await pilot.pause()
    for name, typed in (("status", status), ("library", library), ("round", round_id)):
        if name in clear:
            await pilot.press("enter", "home", "enter")
        elif typed:
            await pilot.press(*typed)
            await pilot.pause()
            await pilot.press("enter")
        await pilot.pause()
        await pilot.press("tab")
    await pilot.press("enter")
    await pilot.pause()



@pytest.mark.parametrize(("lang", "more", "all_of"), [
    ("en", "Visits to review: {n} · {shown} listed, more as you scroll down",
     "Visits to review: {n}"),
    ("fi", "Tarkastettavat käynnit: {n} · listattu {shown}, lisää alaspäin selatessa",
     "Tarkastettavat käynnit: {n}"),
])
async def test_a_long_queue_is_read_a_page_at_a_time_as_the_cursor_goes_down(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str, more: str,
        all_of: str) -> None:
    """140,000 submitted visits are not listed at once (13 s to open, 20 s a decision at
    200,000 visits): a page is, the heading counts them all, a decision brings up the next,
    and the cursor reaching the last one listed lists the next page, so every visit can be
    reached."""
    monkeypatch.setattr(review, "QUEUE_PAGE", 2)
    monkeypatch.setattr(review, "QUEUE_NEAR_END", 0)
    app = review_app(tmp_path, lang, older=4)  # Lohja's, then Vihti's at 14.30 … 10.30
    clock = "." if lang == "fi" else ":"
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_review(pilot)
        heading = screen.query_one("#review-heading", Label)
        queue = screen.query_one("#queue", OptionList)

        def listed() -> list[str]:
            return [str(queue.get_option_at_index(k).prompt)
                    for k in range(queue.option_count)]

        assert text_of(heading) == more.format(n=6, shown=2)
        assert ["Lohjan" in line for line in listed()] == [True, False]
        assert "…" not in screen_text(app)
        await pilot.press("a")
        await pilot.pause()
        await pilot.press("enter")                     # approved: the next moves up
        await pilot.pause()
        assert statuses(app)["FI-Lohja"][0] == "approved"
        assert text_of(heading) == more.format(n=5, shown=2)
        assert [f"14{clock}30" in listed()[0], f"13{clock}30" in listed()[1]] == [True, True]
        first = listed()
        await pilot.press("down")                      # the last listed: the next page
        await pilot.pause()
        assert text_of(heading) == more.format(n=5, shown=4)
        assert listed()[:2] == first and len(listed()) == 4
        assert queue.highlighted == 1                  # the cursor where it was
        assert f"13{clock}30" in text_of(screen.query_one("#preview", Static))
        await pilot.press("end")                       # the last listed again: the rest
        await pilot.pause()
        assert text_of(heading) == all_of.format(n=5)
        assert len(listed()) == 5 and queue.highlighted == 3
        await pilot.press("end")
        await pilot.pause()
        assert queue.highlighted == 4 and f"10{clock}30" in listed()[4]
        assert f"10{clock}30" in text_of(screen.query_one("#preview", Static))


async def test_the_queue_is_read_once_a_screen_and_once_a_decision(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Reading the queue is the screen's biggest cost on a big database: opening it, a
    decision, and coming back from a visit each read it once; a dialog left with Esc not at
    all."""
    app = review_app(tmp_path)
    store = app.client.store
    reads: list[tuple[str, ...]] = []
    list_visits = store.list_visits

    def counted(statuses: Sequence[str] = (), *args: Any, **kwargs: Any) -> list[VisitMeta]:
        reads.append(tuple(statuses))
        return list_visits(statuses, *args, **kwargs)

    monkeypatch.setattr(store, "list_visits", counted)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_review(pilot)
        assert reads == [("submitted",)]
        for keys, expected in ((("a", "escape"), 0), (("a", "enter"), 1),
                               (("enter", "escape"), 1), (("f", "escape"), 0)):
            reads.clear()
            for key in keys:
                await pilot.press(key)
                await pilot.pause()
            assert len(reads) == expected, keys
        assert isinstance(app.screen, ReviewScreen)
        assert statuses(app)["FI-Lohja"][0] == "approved"


@pytest.mark.parametrize(("lang", "to_review", "only", "none"), [
    ("en", "Visits to review", "Only", "No visits with this filter."),
    ("fi", "Tarkastettavat käynnit", "Vain", "Ei käyntejä tällä rajauksella.")])
async def test_the_queue_is_narrowed_to_a_library_and_a_round(
        tmp_path: Path, lang: str, to_review: str, only: str, none: str) -> None:
    """A lead with thousands of visits to review takes one library's, or one round's, first;
    the heading says what is left out, and a decision keeps the list as narrowed."""
    app = review_app(tmp_path, lang, older=3)      # baseline: Lohja 1, Vihti 4
    store = app.client.store
    scenario = app.catalog.get("proxy-borrowing")
    assert scenario is not None
    store.add_round("2017-after", label="After 2017")
    for hour in (9, 10):                           # after: Lohja 2
        visit = store.start_visit(scenario, "FI-Lohja", "2017-after", "E07",
                                  f"2017-10-03T{hour:02d}:00")
        store.set_answer(visit, "greeted", "no")    # as Vihti's in review_app: no more asked
        store.set_answer(visit, "outcome", "none")
        store.set_status(visit, "submitted")
    lohja = "Lohjan kaupunginkirjasto"
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_review(pilot)
        heading = screen.query_one("#review-heading", Label)
        queue = screen.query_one("#queue", OptionList)

        def listed() -> list[str]:
            return [str(queue.get_option_at_index(k).prompt) for k in range(queue.option_count)]

        assert text_of(heading) == f"{to_review}: 7"
        await choose(pilot, library="Lohj")
        assert text_of(heading) == f"{to_review}: 3\n{only} {lohja}"
        assert len(listed()) == 3 and all(line.startswith(lohja) for line in listed())
        await choose(pilot, round_id="After")      # the library chosen before stays
        assert text_of(heading) == f"{to_review}: 2\n{only} {lohja} · After 2017"
        assert len(listed()) == 2
        assert "After 2017" in text_of(screen.query_one("#preview", Static))
        await pilot.press("a")
        await pilot.pause()
        await pilot.press("enter")                 # approved: the list stays narrowed
        await pilot.pause()
        assert text_of(heading) == f"{to_review}: 1\n{only} {lohja} · After 2017"
        await choose(pilot, library="Vihd")        # Vihti has none in that round
        assert text_of(heading).startswith(f"{to_review}: 0\n")
        assert listed() == [none]
        await pilot.press("a")                     # nothing to approve: said, not ignored
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        assert str(list(app._notifications)[-1].message) == {
            "en": "No visit to decide on.", "fi": "Ei käyntiä, josta päättää."}[lang]
        await choose(pilot, clear=("library", "round"))
        assert text_of(heading) == f"{to_review}: 6"
        assert "…" not in screen_text(app)
    with closing(sqlite3.connect(store.path)) as conn:   # what the heading counted, in SQL
        assert conn.execute("SELECT count(*) FROM visits WHERE status = 'submitted'"
                            ).fetchone() == (6,)
        assert conn.execute("SELECT library_id, round_id FROM visits WHERE status = 'approved'"
                            ).fetchall() == [("FI-Lohja", "2017-after")]


@pytest.mark.parametrize(("lang", "heading", "keys", "evaluators"), [
    ("en", "The review queue", "r: reject with a reason", "Keys during a visit"),
    ("fi", "Tarkastusjono", "r: hylkää perustellen", "Näppäimet käynnillä")])
async def test_help_on_the_queue_explains_its_keys(tmp_path: Path, lang: str, heading: str,
                                                   keys: str, evaluators: str) -> None:
    """? on the queue explains the lead's keys, not the evaluator's, and every line fits."""
    app = review_app(tmp_path, lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_review(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen) and app.screen.topic == "review"
        text = screen_text(app)
        assert heading in text and keys in text and evaluators not in text
        assert "…" not in text


async def test_decisions_ask_name_the_visit_and_can_be_undone(tmp_path: Path) -> None:
    app = review_app(tmp_path)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        screen = await open_review(pilot)
        lohja = ("Lohjan kaupunginkirjasto · Borrowing on behalf of someone else · "
                 "2017-05-03 10:15 · E07")
        await pilot.press("a")                         # approve asks first
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ConfirmDialog)
        assert text_of(dialog.query_one("#dialog-subject", Static)) == lohja
        await pilot.press("escape")                    # and Esc changes nothing
        await pilot.pause()
        assert statuses(app)["FI-Lohja"] == ("submitted", None)
        await pilot.press("a")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert statuses(app)["FI-Lohja"] == ("approved", None)
        assert screen.query_one("#queue", OptionList).option_count == 1
        await pilot.press("u")                         # the cursor is on Vihti: the last decision
        await pilot.pause()
        undo = app.screen
        assert isinstance(undo, ConfirmDialog)
        assert undo.title_text == "Undo the decision (approved)?"
        assert text_of(undo.query_one("#dialog-subject", Static)) == lohja
        await pilot.press("enter")
        await pilot.pause()
        assert statuses(app)["FI-Lohja"] == ("submitted", None)
        assert screen.current() == screen_id(app, "FI-Lohja")   # back, under the cursor
        await pilot.press("r")                         # reject: the visit named, a reason needed
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormDialog)
        assert text_of(form.query_one("#dialog-subject", Static)) == lohja
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is form
        assert text_of(form.query_one("#dialog-error", Static)) == "Fill in: Why it is rejected"
        await pilot.press(*"visited the wrong branch")
        await pilot.pause()
        assert text_of(form.query_one("#dialog-error", Static)) == ""  # not beside the reason
        await pilot.press("enter")
        await pilot.pause()
        assert statuses(app)["FI-Lohja"] == ("rejected", "visited the wrong branch")
        await pilot.press("t")                         # return the other one for correction
        await pilot.pause()
        back = app.screen
        assert isinstance(back, FormDialog) and back.title_text == (
            "Return the visit to its evaluator for correction")
        assert "Vihdin kirjasto" in text_of(back.query_one("#dialog-subject", Static))
        back.query_one("#field-reason", Input).value = "the waiting time is missing"
        await pilot.press("enter")
        await pilot.pause()
        assert statuses(app) == {"FI-Lohja": ("rejected", "visited the wrong branch"),
                                 "FI-Vihti": ("returned", "the waiting time is missing")}
        # f chooses the returned, the rejected or the approved visits instead
        heading = screen.query_one("#review-heading", Label)
        seen = []
        for status in ("returned", "rejected", "approved", "review"):
            await choose(pilot, status=status)
            seen.append((text_of(heading), text_of(screen.query_one("#preview", Static))))
        assert [h for h, _ in seen] == ["Returned for correction: 1", "Rejected: 1",
                                        "Approved: 0", "Visits to review: 0"]
        assert "Reason: the waiting time is missing" in seen[0][1]
        assert "Status: rejected" in seen[1][1]
        await choose(pilot, status="rejected")         # decided: the way on, no visit id
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, type(screen))  # nothing asked
        assert str(list(app._notifications)[-1].message) == (
            "The visit is already decided (rejected): undo the decision first (u).")
        await choose(pilot, status="returned")         # the returned one: undone by u
        await pilot.press("u")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert statuses(app)["FI-Vihti"] == ("submitted", None)
        # a visit opened read-only from the comparison shows the same log, in words
        log = review_log(app, screen_id(app, "FI-Vihti"))
        assert [line.split(" · ", 1)[1] for line in log] == [
            "submitted (draft → submitted) · team lead, this database",
            "returned for correction (submitted → returned for correction) · team lead, "
            "this database · reason: the waiting time is missing",
            "decision undone (returned for correction → submitted) · team lead, this database"]
    with VisitService.open(app.client.store.path, app.catalog.framework.ids) as store:
        visit = screen_id(app, "FI-Lohja")
        assert [(e.action, e.role) for e in store.log_entries(visit)] == [
            ("submit", "lead"), ("approve", "lead"), ("undo", "lead"), ("reject", "lead")]
        assert store.log_disagreements() == []


def screen_id(app: PilotkitApp, library: str) -> str:
    conn = sqlite3.connect(app.client.store.path)
    try:
        return str(conn.execute("SELECT id FROM visits WHERE library_id = ?",
                                [library]).fetchone()[0])
    finally:
        conn.close()


async def test_a_draft_is_discarded_or_corrected_from_the_start_screen(tmp_path: Path) -> None:
    app = build_app(tmp_path)
    store = app.client.store
    scenario = app.catalog.get("proxy-borrowing")
    assert scenario is not None
    store.add_round("2017-autumn", label="Autumn 2017")
    keep = store.start_visit(scenario, "FI-Lohja", "2017-baseline", "E07", "2017-05-02T14:30")
    gone = store.start_visit(scenario, "FI-Lohja", "2017-baseline", "E07", "2017-05-03T09:00")
    store.set_answer(gone, "greeted", "yes")           # the newest: first in the list
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        drafts = app.screen.query_one("#drafts", OptionList)
        assert drafts.option_count == 2
        await pilot.press("d")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ConfirmDialog)
        assert text_of(dialog.query_one("#dialog-subject", Static)) == (
            "Lohjan kaupunginkirjasto · Borrowing on behalf of someone else · "
            "2017-05-03 09:00 · 1 answers")
        await pilot.press("escape")
        await pilot.pause()
        assert store.has_visit(gone)
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("enter")                     # Cancel has the focus: kept
        await pilot.pause()
        assert isinstance(current_screen(pilot), StartScreen) and store.has_visit(gone)
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("left", "enter")             # to Discard, on purpose
        await pilot.pause()
        assert not store.has_visit(gone)
        assert [e.action for e in store.log_entries(gone)] == ["discard"]
        assert drafts.option_count == 1
        await pilot.press("e")                         # correct the other one's round and time
        await pilot.pause()
        details = app.screen
        assert isinstance(details, DraftDetailsDialog)
        # every field has its line on the screen (a margin once hid the time's)
        for field in details.query("#details-form > *").exclude("Label"):
            assert field.region.height >= 1, field
        details.query_one("#details-round", Select).value = "2017-autumn"
        details.query_one("#details-visited-at", Input).value = "2017-09-12 11:00"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)
        meta = store.visit_meta(keep)
        assert (meta.round, meta.visited_at, meta.status) == (
            "2017-autumn", "2017-09-12T11:00:00", "draft")
        await pilot.press("e")                         # a wrong time is refused, in words
        await pilot.pause()
        app.screen.query_one("#details-visited-at", Input).value = "yesterday"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, DraftDetailsDialog)
        assert "is not a date and time" in text_of(app.screen.query_one("#dialog-error", Static))


async def test_a_returned_visit_is_corrected_and_submitted_again(tmp_path: Path) -> None:
    app = build_app(tmp_path)
    store = app.client.store
    scenario = app.catalog.get("proxy-borrowing")
    assert scenario is not None
    visit = store.start_visit(scenario, "FI-Lohja", "2017-baseline", "E07", "2017-05-02T14:30")
    store.set_answer(visit, "greeted", "no")
    store.set_answer(visit, "outcome", "none")
    store.set_status(visit, "submitted")
    store.set_role("lead")                             # (as a merge of the lead's would bring)
    store.apply([visit], "return", "were you greeted after all?")
    store.set_role("evaluator")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        drafts = app.screen.query_one("#drafts", OptionList)
        prompt = str(drafts.get_option_at_index(0).prompt)
        assert prompt.startswith("↩ Lohjan kaupunginkirjasto")
        assert "Returned for correction: were you greeted after all?" in prompt
        drafts.focus()
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, VisitScreen)
        assert screen.current == "wait_minutes"       # the first unanswered item
        await pilot.press("up", "y")                   # greeted after all: edits are saved
        await pilot.press("down", "down", "4")
        app.client.call(lambda: None)
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        summary = app.screen
        assert isinstance(summary, SummaryScreen)
        assert "Returned for correction: were you greeted after all?" in " ".join(
            text_of(w) for w in summary.query(Static))
        await pilot.press("ctrl+s")
        await pilot.pause()
        app.client.call(lambda: None)
        assert isinstance(app.screen, StartScreen)
        meta = store.visit_meta(visit)
        assert (meta.status, meta.status_reason) == ("submitted", None)
        assert store.open_visit(visit).answers == {"greeted": "yes", "needs_clarified": 4,
                                                   "outcome": "none"}
