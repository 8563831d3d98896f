"""The pilotkit Textual app and the one factory that builds it.

The CLI, the Pilot tests and the snapshot tests all build the app through
`make_app`, so what is tested is what users run.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.theme import Theme

from pilotkit.tui.i18n import localize_bindings, set_language, t
from pilotkit.tui.screens.base import PilotkitScreen
from pilotkit.tui.storeclient import StoreClient

if TYPE_CHECKING:
    from textual.notifications import SeverityLevel

    from pilotkit.core.entities import Role
    from pilotkit.core.loader import Catalog
    from pilotkit.core.visit_service import VisitService
    from pilotkit.settings import Settings

HIGH_CONTRAST = Theme(
    name="pilotkit-high-contrast",
    primary="#ffff00",
    secondary="#00ffff",
    accent="#ffffff",
    foreground="#ffffff",
    background="#000000",
    surface="#000000",
    panel="#1a1a1a",
    success="#00ff00",
    warning="#ffff00",
    error="#ff5555",
    dark=True,
)
DEFAULT_THEME = "textual-dark"
CATALOG_DELAY_S = 1.0


class PilotkitApp(App[None]):
    TITLE = "pilotkit"
    CSS_PATH = "app.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("question_mark,f1", "help", "k_help"),
        Binding("ctrl+q", "quit", "k_quit", priority=True),
        # Textual adds this binding itself when the app has none, labelled in English
        Binding("ctrl+p", "command_palette", "k_palette", show=False, priority=True),
    ]

    def __init__(self, settings: Settings, store: VisitService,
                 clock: Callable[[], datetime] = datetime.now) -> None:
        super().__init__()
        self.clock = clock
        self.settings = settings
        self.lang = settings.lang
        set_language(self.lang)
        self.client = StoreClient(store)
        self._quitting = False
        self.role: Role = store.role  # read before the store's thread takes the connection
        self.sub_title = t(f"role_{self.role}")
        self.register_theme(HIGH_CONTRAST)
        self.theme = DEFAULT_THEME
        localize_bindings(self)

    def notify(self, message: str, *, title: str = "", severity: SeverityLevel = "information",
               timeout: float | None = None, markup: bool = True) -> None:
        """Every notice as plain text: its words come from messages, paths and an author's
        files, and Textual's markup would eat what reads like a tag ("[ ja ] vaihtavat")."""
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=False)

    @property
    def catalog(self) -> Catalog:
        """Scenarios and framework; waits for the background load if it is still running."""
        return self.settings.catalog()

    def get_default_screen(self) -> Screen[Any]:
        # the start screen is the bottom of the stack itself, not pushed over an
        # empty default screen: one screen and one footer fewer to build at start-up
        from pilotkit.tui.screens.start import StartScreen

        return StartScreen()

    def on_mount(self) -> None:
        # The first screen needs no scenario: load them (pydantic and every file)
        # in the background a moment after it is drawn and answering keys.
        self.set_timer(CATALOG_DELAY_S, self._start_catalog_load)

    def _start_catalog_load(self) -> None:
        self.run_worker(self._load_catalog, thread=True, name="catalog")

    def _load_catalog(self) -> None:
        self.settings.catalog()
        self.call_from_thread(self._catalog_ready)

    def _catalog_ready(self) -> None:
        from pilotkit.tui.screens.start import StartScreen

        for screen in self.screen_stack:
            if isinstance(screen, StartScreen):
                # Only a start screen on top asks the store now: one under a visit is
                # refreshed when it comes back, and asking from here would hold the UI
                # until the store thread is free (it may be writing a whole import).
                # Not `is_current`: Textual counts the screen just under the top as
                # current too (it may show through), so a visit above did not stop it.
                on_top = self.screen is screen  # (said apart: `is` would narrow the type)
                if on_top:
                    screen.refresh_drafts()
                screen.show_scenario_problems()

    def on_unmount(self) -> None:
        self.client.close()

    async def action_quit(self) -> None:
        """Quit, once every screen agrees: a visit with unsaved answers waits briefly, then asks."""
        if self._quitting:
            return  # already waiting or asking
        self._quitting = True
        screens = [s for s in reversed(self.screen_stack) if isinstance(s, PilotkitScreen)]

        def stay() -> None:
            self._quitting = False

        def ask(index: int) -> None:
            if index == len(screens):
                self.exit()
            else:
                screens[index].confirm_leave(lambda: ask(index + 1), stay, quitting=True)

        ask(0)

    def action_help(self) -> None:
        from pilotkit.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(getattr(self.screen, "HELP_TOPIC", "visit")))

    def action_command_palette(self) -> None:
        from textual.command import CommandPalette

        from pilotkit.tui.widgets.palette import Palette

        if self.use_command_palette and not isinstance(self.screen, CommandPalette):
            self.push_screen(Palette())

    def action_toggle_contrast(self) -> None:
        self.theme = DEFAULT_THEME if self.theme == HIGH_CONTRAST.name else HIGH_CONTRAST.name

    def action_new_visit(self) -> None:
        from pilotkit.tui.screens.new_visit import NewVisitScreen

        if not isinstance(self.screen, NewVisitScreen):
            self.push_screen(NewVisitScreen())

    def action_compare(self) -> None:
        from pilotkit.tui.screens.compare import CompareScreen

        if not isinstance(self.screen, CompareScreen):
            self.push_screen(CompareScreen())

    def action_review(self) -> None:
        from pilotkit.tui.screens.review import ReviewScreen

        if self.role != "lead":  # only a team lead's database has a review queue
            self.notify(t("review_needs_lead"), severity="warning")
        elif not isinstance(self.screen, ReviewScreen):
            self.push_screen(ReviewScreen())

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        yield SystemCommand(t("cmd_new"), t("new_visit"), self.action_new_visit)
        yield SystemCommand(t("compare"), t("level_view"), self.action_compare)
        if self.role == "lead":
            yield SystemCommand(t("review_queue"), t("k_approve") + " / " + t("k_reject"),
                                self.action_review)
        yield SystemCommand(t("cmd_help"), t("help_keys"), self.action_help)
        yield SystemCommand(t("cmd_contrast"), "", self.action_toggle_contrast)
        yield from getattr(screen, "system_commands", lambda: ())()
        yield SystemCommand(t("cmd_quit"), "ctrl+q", self.action_quit)


def make_app(settings: Settings, store: VisitService,
             clock: Callable[[], datetime] = datetime.now) -> PilotkitApp:
    return PilotkitApp(settings, store, clock)


def run_app(settings: Settings, store: VisitService, **run_options: Any) -> None:
    """Run the app for real (`pilotkit`); the options go to `App.run` (the benchmark's auto pilot)."""
    app = make_app(settings, store)
    # What was imported up to here lives as long as the process: freezing it
    # keeps the collector from walking all of it again and again while the
    # first screen is built (a ~30 ms pause at start-up).
    gc.freeze()
    app.run(**run_options)
