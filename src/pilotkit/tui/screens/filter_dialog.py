"""Which visits a screen shows: what a comparison counts, what the review queue lists."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Select

from pilotkit.core.labels import label
from pilotkit.tui.i18n import t
from pilotkit.tui.widgets.search_select import SearchSelect

if TYPE_CHECKING:
    from pilotkit.tui.app import PilotkitApp

REVIEW_STATUSES = ("submitted", "returned", "rejected", "approved")
"""The review queue's lists: the visits to review first, then each kind of decision."""

FIELD_LABELS = {"from-round": "from_round", "to-round": "to_round", "round": "round",
                "library": "library", "status": "status", "scenario": "scenario",
                "channel": "channel", "persona": "persona"}


class FilterDialog(ModalScreen[dict[str, "str | None"] | None]):
    """Which visits a screen shows, one field a key of `choice` (in its order): the rounds
    compared and what a comparison counts (scenario, channel, persona), or the review
    queue's status, library and round. None is all; `status` has no such choice."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", show=False)]

    def __init__(self, choice: dict[str, str | None]) -> None:
        super().__init__()
        self.choice = dict(choice)

    def options(self, name: str) -> list[tuple[str, str]]:
        app: PilotkitApp = self.app  # type: ignore[assignment]  # a modal, not a PilotkitScreen
        catalog, lang, store = app.catalog, app.lang, app.client.store
        scenarios = catalog.scenarios.values()
        if name in ("from-round", "to-round", "round"):
            return [(r.label or r.id, r.id) for r in app.client.call(store.rounds)]
        if name == "library":
            return [(lib.name, lib.id) for lib in app.client.call(store.libraries)]
        if name == "status":
            return [(t(f"review_{status}"), status) for status in REVIEW_STATUSES]
        if name == "scenario":
            return [(f.scenario.title.get(lang), f.scenario.id) for f in scenarios]
        if name == "channel":
            return [(label("channel", c, lang), c)
                    for c in sorted({f.scenario.channel for f in scenarios})]
        assert name == "persona", name
        chosen = self.choice.get("scenario")
        personas = sorted({f.scenario.persona.get(lang) for f in scenarios
                           if f.scenario.persona and chosen in (None, f.scenario.id)})
        return [(p, p) for p in personas]  # whole: the list wraps a long one

    def on_select_changed(self, event: Select.Changed) -> None:
        """A scenario chosen offers only its roles: another's would leave nothing to count."""
        if event.select.id != "filter-scenario" or "persona" not in self.choice:
            return
        self.choice["scenario"] = event.value if isinstance(event.value, str) else None
        roles = self.query_one("#filter-persona", Select)
        kept, offered = roles.value, self.options("persona")
        roles.set_options(offered)
        if isinstance(kept, str) and kept in {v for _, v in offered}:
            roles.value = kept

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            # one line a field, as in the new-visit form: the whole dialog fits 80×24
            with Grid(id="filter-grid"):
                for name, current in self.choice.items():
                    options = self.options(name)
                    yield Label(t(FIELD_LABELS[name]))
                    preset = current if current in {v for _, v in options} else None
                    yield SearchSelect[str](options, prompt=t("all"), id=f"filter-{name}",
                                            value=preset if preset is not None else Select.NULL,
                                            allow_blank=name != "status", compact=True,
                                            divided=name == "persona")
            with Horizontal(classes="buttons"):
                yield Button(t("filter_show"), variant="primary", id="apply")  # nothing saved
                yield Button(t("cancel"), id="cancel")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id != "apply":
            self.dismiss(None)
            return
        for name in self.choice:
            value = self.query_one(f"#filter-{name}", Select).value
            self.choice[name] = value if isinstance(value, str) else None
        self.dismiss(self.choice)

    def action_cancel(self) -> None:
        self.dismiss(None)
