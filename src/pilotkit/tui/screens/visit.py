"""Filling one visit: an item at a time, keyboard only, every answer saved at once.

The screen keeps two copies of the answers: what the user gave last (the
question panel and skip logic follow it at once) and what the store has
committed. An item is ticked, and counted in the progress and the principle
bars, only from the committed copy. A write on its way marks its item `…`; a
write that failed marks it `✗` until a retry (automatic every few seconds,
after the next write that succeeds, or on ctrl+r) has saved the user's newest
value. The status line says "saved" only when nothing of the visit is unsaved,
and leaving or quitting with something unsaved asks first.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, ClassVar, cast

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Header, Input, OptionList, Static
from textual.widgets.option_list import Option

from pilotkit.core.answer_text import answer_text
from pilotkit.core.answers import Answer, AnswerError, parse_number
from pilotkit.core.messages import localize
from pilotkit.core.privacy import context_words, library_words
from pilotkit.core.scenarios import (
    NA,
    ChoiceItem,
    Item,
    NumberItem,
    ScaleItem,
    Scenario,
    TextItem,
    YesNoItem,
)
from pilotkit.core.store import OpenVisit
from pilotkit.core.visit import Visit
from pilotkit.tui.i18n import t
from pilotkit.tui.pii import Field, pii_warning
from pilotkit.tui.saving import Key, SaveTracker, describe_error
from pilotkit.tui.screens.base import PilotkitScreen
from pilotkit.tui.widgets.key_footer import KeyFooter
from pilotkit.tui.widgets.principle_bars import PrincipleBars

if TYPE_CHECKING:
    from pilotkit.tui.screens.dialogs import LeaveDialog

RETRY_EVERY_S = 5.0
"""How often failed writes are tried again while the screen is open."""
LEAVE_GRACE_S = 3.0
"""How long leaving or quitting waits for writes on their way before it asks."""
SUMMARY_WAIT_S = 1.0
"""How long opening the summary waits for writes on their way, so that it counts them."""


class VisitScreen(PilotkitScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        # the arrows move between items even when the item panel scrolls (a long text
        # at 80×24 made it scrollable, and a focused scroll area takes ↑/↓ for itself)
        Binding("down", "move(1)", "k_next", show=False, priority=True),
        Binding("up", "move(-1)", "k_prev", show=False, priority=True),
        Binding("j", "move(1)", "k_next", show=False),
        Binding("k", "move(-1)", "k_prev", show=False),
        Binding("u", "next_unanswered", "k_unanswered"),
        Binding("x", "not_applicable", "k_na"),
        Binding("m", "note", "k_note"),
        Binding("delete,backspace", "clear", "k_clear", show=False),
        Binding("s", "summary", "k_summary"),
        Binding("escape", "back", "k_back"),
        # no room in the footer at 80 columns: the status line and the help name it
        Binding("ctrl+r", "retry", "k_retry", show=False),
        Binding("y", "yes_no('yes')", show=False),
        Binding("n", "yes_no('no')", show=False),
        Binding("enter", "enter", show=False),
        Binding("right,plus", "step(1)", show=False),
        Binding("left", "step(-1)", show=False),
        # a scale steps down; a number refuses a minus in words instead of dropping it
        Binding("minus", "minus", show=False),
        Binding("ctrl+u", "clear_entry", show=False),
        Binding("comma,full_stop", "decimal", show=False),
        *[Binding(str(d), f"digit({d})", show=False) for d in range(10)],
    ]
    # quitting is one esc away, on the start screen; at 80 columns "? help" matters more,
    # and x is shown beside the choices it answers (`x Ei koske`)
    FOOTER_HIDES = frozenset({"ctrl+q", "x"})

    def __init__(self, visit_id: str) -> None:
        super().__init__()
        self.visit_id = visit_id
        self.opened: OpenVisit | None = None
        self.given: Visit | None = None
        """The visit with the newest answer the user gave for each item, saved or not."""
        self.saved: Visit | None = None
        """The visit as the store has committed it: what is ticked, counted and scored."""
        self.comment: str | None = None
        self.last_saved = ""
        self.shown: list[Item] = []
        self.current: str | None = None
        self._typing_into: str | None = None
        self.entry_hint = ""
        self._leaving: tuple[Callable[[], object], Callable[[], object], bool] | None = None
        self._leave_dialog: LeaveDialog | None = None
        self.known_words: list[str] = []
        """What a note may name without naming a person (`pii_warning`)."""

    # -- layout ----------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="status-line"):
            yield Static("", id="visit-status")
            yield Static("", id="save-state")
        with Horizontal(id="visit-body"):
            items = OptionList(id="items")
            items.can_focus = False
            yield items
            with Vertical(id="visit-right"):
                with VerticalScroll(id="item-panel"):
                    yield Static("", id="read-only", classes="warning")
                    yield Static("", id="section")
                    yield Static("", id="question")
                    yield Static("", id="help")
                    yield Static("", id="choices")
                    yield Input(id="entry", select_on_focus=False)
                    # the whole text being typed (the box shows one line) and how to type it
                    yield Static("", id="entry-echo")
                    yield Static("", id="entry-error", classes="error")
                    yield Static("", id="save-problem", classes="error")
                    yield Static("", id="note")
                    yield Static("", id="privacy", classes="warning")
                with Vertical(id="side"):
                    # names whole before bars: a principle's name matters more than its bar
                    yield PrincipleBars(self.app.catalog.framework, self.app.lang,
                                        bar_cells=6, id="bars")
        yield KeyFooter()

    def on_mount(self) -> None:
        store = self.app.client.store
        self.opened = self.app.client.call(store.open_visit, self.visit_id)
        self._hold(self.opened)
        self.comment = self.opened.meta.comment
        self.tracker = SaveTracker(self.app.client, self, self.visit_id,
                                   self._on_saved, self._on_write_done)
        self.last_saved = self._time(self.opened.meta.modified)
        self.query_one("#entry", Input).display = False
        self.query_one("#save-problem", Static).display = False
        self.query_one("#privacy", Static).display = False
        self.set_interval(RETRY_EVERY_S, self._auto_retry)
        libraries = self.app.client.call(store.libraries)
        self.known_words = context_words(self.scenario, library_words(libraries))
        self.refresh_all()
        first_open = next((i for i in self.shown if i.id not in self.answers), None)
        self.go_to(first_open or (self.shown[0] if self.shown else None))

    @staticmethod
    def _time(stamp: str) -> str:
        """A stored UTC timestamp as local wall-clock time."""
        try:
            return datetime.fromisoformat(stamp).astimezone().strftime("%H:%M:%S")
        except ValueError:
            return stamp

    def _hold(self, opened: OpenVisit) -> None:
        """Two views of the visit, both asked, never recomputed here: as given and as saved."""
        def visit() -> Visit:
            return Visit(opened.scenario, opened.meta.status, self.app.catalog.framework.ids,
                         dict(opened.answers), dict(opened.notes), id=self.visit_id)

        self.given, self.saved = visit(), visit()

    @property
    def scenario(self) -> Scenario:
        assert self.opened is not None
        return self.opened.scenario

    @property
    def answers(self) -> dict[str, Answer]:
        """The newest answer the user gave for each item (saved or not)."""
        assert self.given is not None
        return self.given.answers

    @property
    def notes(self) -> dict[str, str]:
        assert self.given is not None
        return self.given.notes

    @property
    def saved_notes(self) -> dict[str, str]:
        assert self.saved is not None
        return self.saved.notes

    @property
    def saved_answers(self) -> dict[str, Answer]:
        """The answers the store has committed: what is ticked and counted."""
        assert self.saved is not None
        return self.saved.answers

    # -- drawing ---------------------------------------------------------------------------------

    def refresh_all(self) -> None:
        assert self.given is not None
        # skip logic follows what the user gave, saved or not: the follow-up question
        # appears at once, and the unsaved answer that shows it is marked on its item
        self.shown = self.given.shown()
        shown_ids = {item.id for item in self.shown}
        if self.current not in shown_ids:
            self.current = self._nearest_visible()
        self.draw_list(highlight=False)  # draw_item highlights the current item
        self.draw_item()
        self.draw_status()
        self.draw_bars()
        self.draw_read_only()

    def draw_list(self, highlight: bool = True) -> None:
        items = self.query_one("#items", OptionList)
        items.clear_options()
        lang = self.app.lang
        # the list's width less the mark, the number and a scrollbar; before the first
        # layout, as wide as the list may be
        width = max(10, (items.content_region.width or 64) - 7)
        options = []
        for number, item in enumerate(self.shown, start=1):
            # the question whole, wrapped under itself beside its mark and number (Text: a
            # question's own brackets are not markup)
            lines = textwrap.wrap(item.text.get(lang), width) or [""]
            options.append(Option(Text(f"{self.mark(item)} {number:>2} "
                                       + "\n     ".join(lines)), id=item.id))
        items.add_options(options)
        index = next((n for n, i in enumerate(self.shown) if i.id == self.current), None)
        if highlight and index is not None:
            items.highlighted = index

    def on_resize(self) -> None:
        if self.given is not None:
            self.call_after_refresh(self.draw_list)

    def mark(self, item: Item) -> str:
        """✗ a write failed, … a write on its way, else what the store holds: ✓ – ! ·"""
        states = {self.tracker.state(("answer", item.id)), self.tracker.state(("note", item.id))}
        if "failed" in states:
            return "✗"
        if "saving" in states:
            return "…"
        value = self.saved_answers.get(item.id)
        if value == NA:
            return "–"
        if value is not None:
            return "✓"
        return "!" if item.required else "·"

    def draw_bars(self) -> None:
        """The principle scores of what the store holds: an unsaved answer is not counted."""
        assert self.saved is not None
        scores = self.saved.scores()
        self.query_one("#bars", PrincipleBars).show(scores.as_dict())

    def save_state(self) -> str:
        failed = len(self.tracker.failed())
        if failed:
            return t("unsaved_status", n=failed)
        if self.tracker.saving():
            return t("saving")
        return t("saved", time=self.last_saved)

    def _nearest_visible(self) -> str | None:
        if not self.shown:
            return None
        if self.current is None:
            return self.shown[0].id
        order = [i.id for i in self.scenario.items()]
        position = order.index(self.current) if self.current in order else 0
        before = [i for i in self.shown if order.index(i.id) <= position]
        return (before[-1] if before else self.shown[0]).id

    def current_item(self) -> Item | None:
        return next((i for i in self.shown if i.id == self.current), None)

    def draw_status(self) -> None:
        assert self.opened is not None
        meta = self.opened.meta
        answered = sum(1 for i in self.shown if i.id in self.saved_answers)
        index = next((n for n, i in enumerate(self.shown, 1) if i.id == self.current), 0)
        # the scenario's title heads the screen alone, without "pilotkit —": a long one
        # (a phone scenario's in Swedish) fits the header's one line at 80 columns
        self.title = self.scenario.title.get(self.app.lang)
        self.sub_title = ""
        status = t(f"status_{meta.status}")
        self.query_one("#visit-status", Static).update(Text(
            f"{t('item_of', n=index, total=len(self.shown))} · "
            f"{t('answered_of', n=answered, total=len(self.shown))} · {status} · "
            f"{meta.library}"))
        self.query_one("#save-state", Static).update(self.save_state())

    def draw_item(self) -> None:
        item = self.current_item()
        lang = self.app.lang
        question = self.query_one("#question", Static)
        choices = self.query_one("#choices", Static)
        entry = self.query_one("#entry", Input)
        if item is None:
            question.update(t("no_items"))
            choices.update("")
            entry.display = False
            self.draw_save_problem()
            self.draw_privacy()
            return
        items = self.query_one("#items", OptionList)
        index = next(n for n, i in enumerate(self.shown) if i.id == item.id)
        items.highlighted = index
        section = self.scenario.section_of(item.id)
        # an author's text as written, never read as markup: "[ ]" or "[FI]" would vanish
        self.query_one("#section", Static).update(
            Text(section.title.get(lang)) if section else "")
        required = f" ({t('required')})" if item.required else ""
        question.update(Text.assemble((item.text.get(lang), "bold"), (required, "italic")))
        self.query_one("#help", Static).update(
            Text(item.help.get(lang), style="italic") if item.help else "")
        choices.update(self.render_choices(item))
        note = self.notes.get(item.id)
        self.query_one("#note", Static).update(
            Text(f"{t('note')}: {note}") if note else "")
        editing = isinstance(item, NumberItem | TextItem)
        entry.display = editing
        entry.disabled = not self.is_draft  # nothing typed there could be saved
        if editing:
            value = self.answers.get(item.id)
            entry.value = "" if value is None or value == NA else (
                (answer_text(item, value, lang) or "").split(" ")[0]
                if isinstance(item, NumberItem) else str(value))
            # the hint in full below the box, which is one line and would cut it
            entry.placeholder = ""
            self.entry_hint = (t("type_number", unit=item.unit.get(lang) if item.unit else "")
                               if isinstance(item, NumberItem) else t("type_text"))
            entry.cursor_position = len(entry.value)  # a remark is added to, not replaced
        self.draw_echo()
        if self._typing_into != item.id:
            self._typing_into = None
        self.query_one("#entry-error", Static).update("")
        self.draw_save_problem()
        self.draw_privacy()

    def draw_echo(self) -> None:
        """Under the one-line box: the whole text when the box cannot show it, and the hint."""
        entry = self.query_one("#entry", Input)
        echo = self.query_one("#entry-echo", Static)
        echo.display = entry.display
        if not entry.display:
            return
        lines = []
        if len(entry.value) > max(1, entry.content_region.width - 1):
            lines.append(entry.value)
        lines.append(self.entry_hint)
        echo.update(Text("\n".join(lines)))

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "entry":
            self.draw_echo()

    def draw_read_only(self) -> None:
        """A visit that takes no answers says so, and what to do, above every item."""
        line = self.query_one("#read-only", Static)
        assert self.saved is not None
        status = self.saved.status
        if self.saved.editable:
            line.display = False
            return
        if self.saved.allows("reopen"):
            line.update(t("read_only_submitted"))
        else:
            line.update(t("read_only_decided", status=t(f"status_{status}")))
        line.display = True

    def draw_save_problem(self) -> None:
        """Why the current item's answer or note is not saved, if it is not."""
        problem = self.query_one("#save-problem", Static)
        error = None
        if self.current is not None:
            error = (self.tracker.error(("answer", self.current))
                     or self.tracker.error(("note", self.current)))
        if error is not None:
            problem.update(Text(t("item_not_saved", reason=describe_error(error))))
        problem.display = error is not None

    def draw_privacy(self) -> None:
        """A reminder under an item whose text answer or note seems to hold personal data."""
        item = self.current_item()
        warnings: list[str] = []
        if item is not None:
            value = self.answers.get(item.id)
            if isinstance(item, TextItem) and isinstance(value, str):
                warnings.append(pii_warning(value, "field_text", self.known_words) or "")
            warnings.append(pii_warning(self.notes.get(item.id, ""), "field_note",
                                        self.known_words) or "")
        shown = "\n".join(w for w in warnings if w)
        privacy = self.query_one("#privacy", Static)
        if shown:
            privacy.update(Text(shown))
        privacy.display = bool(shown)

    def render_choices(self, item: Item) -> Table:
        """Keys in one column, labels in the next: a long label wraps under itself."""
        lang = self.app.lang
        value = self.answers.get(item.id)
        grid = Table.grid(padding=(0, 1))
        grid.add_column(no_wrap=True)
        grid.add_column()

        def row(key: str, label: str, chosen: bool) -> None:
            marker = "▶ (•)" if chosen else "  ( )"
            grid.add_row(Text.assemble(marker, " ", (key, "bold")), Text(label),
                         style="reverse" if chosen else None)

        if isinstance(item, YesNoItem):
            row("y", t("yes"), value == "yes")
            row("n", t("no"), value == "no")
        elif isinstance(item, ScaleItem):
            for point in range(item.scale.min, item.scale.max + 1):
                label = item.scale.labels.get(point)
                row(str(point), label.get(lang) if label else "", value == point)
        elif isinstance(item, ChoiceItem):
            for number, option in enumerate(item.options, start=1):
                key = str(number % 10) if number <= 10 else ""
                row(key, option.label.get(lang), value == option.id)
        elif isinstance(item, NumberItem) and value is not None and value != NA:
            grid.add_row("▶", Text(answer_text(item, value, lang) or ""))
        # a text answer is in its box (and whole under it when the box cuts it): not a third time
        if not isinstance(item, TextItem) and item.allow_na:
            row("x", t("na"), value == NA)
        return grid

    # -- saving ----------------------------------------------------------------------------------

    @property
    def is_draft(self) -> bool:
        """Whether the visit takes answers: a draft, or a visit returned for correction."""
        return self.saved is not None and self.saved.editable

    def editable(self) -> bool:
        """Only a draft (or a returned visit) takes answers (a submitted visit is reopened from
        its summary first); anything else is said, not shown as if it had been saved."""
        if not self.is_draft:
            assert self.saved is not None
            status = self.saved.status
            self.notify(t("not_draft", status=t(f"status_{status}")), severity="warning")
            return False
        return True

    def answer(self, item: Item, value: object) -> bool:
        """Check and save an answer; False (with the reason shown) if it is refused."""
        if not self.editable():
            return False
        try:
            assert self.given is not None
            stored = self.given.checked(item.id, value)
        except AnswerError as e:
            self.say(localize(e, self.app.lang))
            return False
        key: Key = ("answer", item.id)
        if self.answers.get(item.id) == stored and type(self.answers.get(item.id)) is type(stored):
            if self.tracker.state(key) == "failed":
                self.action_retry()  # given again while unsaved: the user wants it saved
            return True
        self.answers[item.id] = stored
        self._write(key, self.app.client.store.set_answer, item.id, stored, value=stored)
        if isinstance(item, TextItem):
            self.warn_personal_data(str(stored), "field_text")
        return True

    def write_note(self, item_id: str, note: str | None) -> None:
        if not self.editable():
            return
        if note:
            self.notes[item_id] = note
        else:
            self.notes.pop(item_id, None)
        self._write(("note", item_id), self.app.client.store.set_note, item_id, note, value=note)
        if note:
            self.warn_personal_data(note, "field_note")

    def write_comment(self, comment: str | None) -> None:
        """The summary's comment on the whole visit, saved and tracked like every answer."""
        if not self.editable():
            return
        self.comment = comment
        self.tracker.write(("comment", ""), self.app.client.store.set_comment, comment,
                           value=comment)
        self.draw_status()

    def warn_personal_data(self, text: str, field: Field) -> None:
        warning = pii_warning(text, field, self.known_words)
        if warning:
            self.notify(warning, severity="warning", timeout=10, markup=False)

    def _write(self, key: Key, fn: Callable[..., object], *args: object, value: object) -> None:
        self.tracker.write(key, fn, *args, value=value)
        self.refresh_all()

    def _on_saved(self, key: Key, value: object) -> None:
        """The store has committed `value` for `key`."""
        kind, item_id = key
        if kind == "answer":
            if value is None:
                self.saved_answers.pop(item_id, None)
            else:
                self.saved_answers[item_id] = cast(Answer, value)
        elif kind == "note":
            if value is None:
                self.saved_notes.pop(item_id, None)
            else:
                self.saved_notes[item_id] = str(value)
        self.last_saved = self.app.clock().strftime("%H:%M:%S")

    def _on_write_done(self, _key: Key, error: BaseException | None) -> None:
        if error is not None:
            self.notify(t("not_saved", reason=describe_error(error)), severity="error", timeout=10,
                        markup=False)
        if not self.is_attached:
            return
        # not draw_item: it would reset what is being typed into the entry
        self.draw_list()
        self.draw_status()
        self.draw_bars()
        self.draw_save_problem()
        self._check_leaving()

    def _auto_retry(self) -> None:
        # one attempt at a time: on a locked database each one waits the busy timeout
        if not self.tracker.in_flight():
            self.tracker.retry(announce=False)

    def action_retry(self) -> None:
        if not self.tracker.failed():
            self.notify(t("saving") if self.tracker.saving() else t("all_saved"))
            return
        self.tracker.retry(announce=True)  # what is being retried already stays on its way
        self.notify(t("retrying"))

    # -- leaving ---------------------------------------------------------------------------------

    def confirm_leave(self, proceed: Callable[[], object], stay: Callable[[], object],
                      quitting: bool = False) -> None:
        """`proceed` when everything is saved; otherwise wait briefly for writes on their
        way, then ask: stay and retry, or leave anyway."""
        if self._leaving is not None:
            stay()  # already asking: that question stands
            return
        if not self.tracker.unsaved():
            proceed()
            return
        self._leaving = (proceed, stay, quitting)
        if self.tracker.failed():
            self._ask_leave()
        else:
            self.notify(t("waiting_for_save"), timeout=LEAVE_GRACE_S)
            self.set_timer(LEAVE_GRACE_S, self._ask_leave)

    def _ask_leave(self) -> None:
        from pilotkit.tui.screens.dialogs import LeaveDialog

        if self._leaving is None or self._leave_dialog is not None:
            return
        self._leave_dialog = LeaveDialog(self.tracker.unsaved(), quitting=self._leaving[2])
        self.app.push_screen(self._leave_dialog, self._left)

    def _left(self, leave: bool | None) -> None:
        assert self._leaving is not None
        proceed, stay, quitting = self._leaving
        self._leaving = self._leave_dialog = None
        if leave:
            if quitting:
                self.tracker.drop_queued()  # the one being written still finishes
            proceed()
        else:
            stay()
            if self.tracker.failed():
                self.action_retry()

    def _check_leaving(self) -> None:
        """After each finished write: leave once all is saved, or ask once a write failed."""
        if self._leaving is None:
            return
        unsaved = self.tracker.unsaved()
        if self._leave_dialog is not None:
            if unsaved:
                self._leave_dialog.show_count(unsaved)
            else:
                self._leave_dialog.dismiss(True)  # nothing left to lose: leave as asked
        elif not unsaved:
            proceed = self._leaving[0]
            self._leaving = None
            proceed()
        elif self.tracker.failed():
            self._ask_leave()

    # -- actions ---------------------------------------------------------------------------------

    def go_to(self, item: Item | None) -> None:
        self.current = item.id if item else None
        self.draw_item()
        self.draw_status()
        entry = self.query_one("#entry", Input)
        # Numbers are typed through the screen's own key bindings (digits, comma,
        # backspace), so keys typed fast after a move can never go astray while
        # focus changes; free text needs the entry itself.
        self.set_focus(entry if isinstance(item, TextItem) else None)

    def commit_entry(self) -> bool:
        """Save what is typed in the entry; False (with a message) if it is not valid."""
        item = self.current_item()
        entry = self.query_one("#entry", Input)
        if not isinstance(item, NumberItem | TextItem) or not entry.display or not self.is_draft:
            return True
        text = entry.value
        if isinstance(item, TextItem):
            if text.strip() == str(self.answers.get(item.id, "")).strip():
                return True
            if not text.strip():
                self.action_clear()
                return True
            self.answer(item, text.strip())
            return True
        if not text.strip():
            return True
        number = parse_number(text)
        if number is None:
            negative = text.strip().startswith(("-", "\u2212"))
            self.say(t("no_negative") if negative else t("bad_number"))
            return False
        return self.answer(item, number)

    def action_move(self, step: int) -> None:
        if not self.commit_entry() or not self.shown:
            return
        ids = [i.id for i in self.shown]
        position = ids.index(self.current) if self.current in ids else 0
        self.go_to(self.shown[max(0, min(len(ids) - 1, position + step))])

    def action_next_unanswered(self) -> None:
        if not self.commit_entry() or not self.shown:
            return
        ids = [i.id for i in self.shown]
        start = ids.index(self.current) if self.current in ids else -1
        ordered = self.shown[start + 1:] + self.shown[: start + 1]
        target = next((i for i in ordered if i.id not in self.answers), None)
        if target is None:
            self.notify(t("all_answered"))
            return
        self.go_to(target)

    def action_yes_no(self, value: str) -> None:
        item = self.current_item()
        if isinstance(item, YesNoItem):
            self.answer(item, value)
        elif item is not None:
            self.explain_keys(item)

    def action_digit(self, digit: int) -> None:
        item = self.current_item()
        if isinstance(item, ScaleItem):
            self.answer(item, digit)
        elif isinstance(item, ChoiceItem):
            index = (digit or 10) - 1
            if index < len(item.options):
                self.answer(item, item.options[index].id)
            else:
                self.explain_keys(item)
        elif isinstance(item, NumberItem):
            self.type_number(str(digit))
        elif item is not None:
            self.explain_keys(item)

    def say(self, refusal: str) -> None:
        """Why a key or an entry was refused, under the entry, scrolled into view: below a long
        question the panel scrolls, and a reason out of sight is a key that did nothing."""
        line = self.query_one("#entry-error", Static)
        line.update(Text(refusal))
        self.call_after_refresh(line.scroll_visible, animate=False)

    def explain_keys(self, item: Item) -> None:
        """An answer key this item does not take says which keys it does, instead of nothing."""
        if not self.editable():
            return
        if isinstance(item, YesNoItem):
            keys = t("keys_yesno")
        elif isinstance(item, ScaleItem):
            keys = t("keys_scale", low=item.scale.min, high=item.scale.max)
        elif isinstance(item, ChoiceItem):
            keys = t("keys_choice", n=min(len(item.options), 10))
        elif isinstance(item, NumberItem):
            keys = t("keys_number")
        else:
            return  # a text item's box takes every key itself
        self.say(keys)

    def type_number(self, text: str) -> None:
        if not self.editable():
            return
        entry = self.query_one("#entry", Input)
        # the first key on arriving at a number retypes it, as in a spreadsheet cell
        entry.value = entry.value + text if self._typing_into == self.current else text
        self._typing_into = self.current
        entry.cursor_position = len(entry.value)
        self.query_one("#entry-error", Static).update("")

    def action_minus(self) -> None:
        item = self.current_item()
        if isinstance(item, ScaleItem):
            self.action_step(-1)
        elif isinstance(item, NumberItem) and self.editable():
            self.type_number("-")  # shown as typed; refused in words when it is entered
            self.say(t("no_negative"))

    def action_clear_entry(self) -> None:
        """ctrl+u: the number being typed, gone (what is saved stays until replaced)."""
        if isinstance(self.current_item(), NumberItem) and self.editable():
            self.query_one("#entry", Input).value = ""
            self._typing_into = self.current
            self.query_one("#entry-error", Static).update("")

    def action_decimal(self) -> None:
        if isinstance(self.current_item(), NumberItem):
            self.type_number(",")

    def action_step(self, step: int) -> None:
        """← → through the answers in the order shown: a scale's points, a choice's options,
        yes and no; from no answer, → starts at the first and ← at the last."""
        item = self.current_item()
        answers: list[object]
        if isinstance(item, ScaleItem):
            answers = list(range(item.scale.min, item.scale.max + 1))
        elif isinstance(item, ChoiceItem):
            answers = [option.id for option in item.options]
        elif isinstance(item, YesNoItem):
            answers = ["yes", "no"]
        else:
            if item is not None:
                self.explain_keys(item)
            return
        value = self.answers.get(item.id)
        if value in answers:
            target = answers[max(0, min(len(answers) - 1, answers.index(value) + step))]
        else:
            target = answers[0] if step > 0 else answers[-1]
        self.answer(item, target)

    def action_not_applicable(self) -> None:
        item = self.current_item()
        if item is not None and not isinstance(item, TextItem):
            self.answer(item, NA)  # refused with the reason where the item takes no "n/a"

    def action_clear(self) -> None:
        item = self.current_item()
        entry = self.query_one("#entry", Input)
        if isinstance(item, NumberItem) and entry.value:
            stored = self.answers.get(item.id)
            shown = (answer_text(item, stored, self.app.lang) or "").split(" ")[0]
            if stored is None or entry.value != shown:
                entry.value = entry.value[:-1]  # still typing: take back one character
                return
        if item is None or item.id not in self.answers or not self.editable():
            return
        del self.answers[item.id]
        self._write(("answer", item.id), self.app.client.store.clear_answer, item.id, value=None)

    def action_enter(self) -> None:
        item = self.current_item()
        if isinstance(item, TextItem):
            self.set_focus(self.query_one("#entry", Input))
        elif self.commit_entry():
            self.action_move(1)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "entry":
            event.stop()
            if not self.commit_entry():
                return
            if self.shown and self.current == self.shown[-1].id:
                # the last item: keys work again once something is written; an Enter on
                # an empty entry keeps it, or the words typed next would run as keys
                if event.value.strip():
                    self.set_focus(None)
            else:
                self.action_move(1)

    def action_note(self) -> None:
        from pilotkit.tui.screens.dialogs import FormDialog

        item = self.current_item()
        if item is None or not self.editable():
            return

        def save(values: dict[str, str]) -> str | None:
            note = values["note"]
            if note != self.notes.get(item.id, ""):
                self.write_note(item.id, note or None)
            return None

        self.app.push_screen(FormDialog(
            f"{t('note')}: {item.text.get(self.app.lang)}", [("note", t("note"), "")], save,
            {"note": self.notes.get(item.id, "")}), lambda _: self.draw_item())

    def action_summary(self) -> None:
        from pilotkit.tui.screens.summary import SummaryScreen

        if self.commit_entry():
            self.tracker.wait(SUMMARY_WAIT_S)  # a key pressed just before: count it
            assert self.saved is not None and self.opened is not None
            self.app.push_screen(SummaryScreen(
                self.saved, self.opened.meta.status_reason, self.comment, self.tracker,
                self.write_comment, self.action_retry, self.known_words), self._after_summary)

    def _after_summary(self, target: str | None) -> None:
        if target == "__close__":
            self.app.pop_screen()
            return
        assert self.opened is not None
        self.opened = self.app.client.call(self.app.client.store.open_visit, self.visit_id)
        assert self.given is not None and self.saved is not None
        self.given.status = self.saved.status = self.opened.meta.status  # reopened, say
        self.refresh_all()
        if target:
            self.go_to(next((i for i in self.shown if i.id == target), None))

    def action_back(self) -> None:
        entry = self.query_one("#entry", Input)
        if entry.has_focus:
            # leaving the text box keeps what was typed: it is saved, never dropped
            if self.commit_entry():
                self.set_focus(None)
            return
        if self.commit_entry():
            self.confirm_leave(self._close, lambda: None)
        else:
            self.revert_entry()

    def revert_entry(self) -> None:
        """Esc on a number that cannot be saved: the item shows the answer that is saved
        again, and says so. Esc never leaves a person stuck on what they typed (a second
        Esc leaves the visit); the arrows still refuse to move past it."""
        typed = self.query_one("#entry", Input).value
        self._typing_into = None
        self.draw_item()
        self.notify(t("entry_reverted", typed=typed), severity="warning")

    def _close(self) -> None:
        if self.app.screen is self:  # not `is_current`: true under a dialog too
            self.app.pop_screen()

    def system_commands(self) -> list[SystemCommand]:
        return [SystemCommand(t("cmd_summary"), "s", self.action_summary),
                SystemCommand(t("cmd_unanswered"), "u", self.action_next_unanswered),
                SystemCommand(t("cmd_retry"), "ctrl+r", self.action_retry)]
