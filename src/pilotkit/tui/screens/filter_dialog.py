"""Which visits a comparison counts: rounds, scenario, channel, persona."""

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



class FilterDialog(ModalScreen[dict[str, "str | None"] | None]):
    """Rounds to compare and what to count: scenario, channel, persona."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", show=False)]

    def __init__(self, choice: dict[str, str | None]) -> None:
        super().__init__()
        self.choice = dict(choice)

    def compose(self) -> ComposeResult:
        app: PilotkitApp = self.app  # type: ignore[assignment]  # a modal, not a PilotkitScreen
        catalog, lang = app.catalog, app.lang
        rounds = app.client.call(app.client.store.rounds)
        round_options = [(r.label or r.id, r.id) for r in rounds]
        personas = sorted({f.scenario.persona.get(lang) for f in catalog.scenarios.values()
                           if f.scenario.persona})
        fields: list[tuple[str, str, list[tuple[str, str]]]] = [
            ("from-round", t("from_round"), round_options),
            ("to-round", t("to_round"), round_options),
            ("scenario", t("scenario"), [(f.scenario.title.get(lang), f.scenario.id)
                                         for f in catalog.scenarios.values()]),
            ("channel", t("channel"), [(label("channel", c, lang), c) for c in sorted(
                {f.scenario.channel for f in catalog.scenarios.values()})]),
            ("persona", t("persona"), [(p[:50], p) for p in personas]),
        ]
        with Vertical(classes="dialog"):
            # one line a field, as in the new-visit form: the whole dialog fits 80×24
            with Grid(id="filter-grid"):
                for name, text, options in fields:
                    yield Label(text)
                    current = self.choice.get(name)
                    preset = current if current in {v for _, v in options} else None
                    yield SearchSelect[str](options, prompt=t("all"), id=f"filter-{name}",
                                            value=preset if preset is not None else Select.NULL,
                                            compact=True)
            with Horizontal(classes="buttons"):
                yield Button(t("save"), variant="primary", id="apply")
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
