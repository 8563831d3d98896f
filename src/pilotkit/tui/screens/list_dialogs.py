"""Adding libraries and rounds, recording what staff were told of a round, and merging a
database, from the start, new-visit and plan screens.

The dialogs are imported when one opens: the start screen stays light.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from textual.message import Message

from pilotkit.core.database import StoreError
from pilotkit.core.entities import InvalidValue, Round, read_date, round_id_from_label
from pilotkit.core.formatting import date
from pilotkit.core.messages import localize
from pilotkit.tui.i18n import t
from pilotkit.tui.screens.base import PilotkitScreen

if TYPE_CHECKING:
    from pilotkit.tui.app import PilotkitApp
    from pilotkit.tui.screens.dialogs import Field


class ListsChanged(Message):
    """Libraries or rounds were added: forms that offer them reload."""


def _ask(screen: PilotkitScreen[None], title: str, fields: Sequence[Field],
         save: Callable[[dict[str, str]], str | None], button: str | None = None) -> None:
    """A form whose `save` returns the reason it failed or None; once saved, lists reload.
    `button` names what its button does where "Save" would not say it."""
    from pilotkit.tui.screens.dialogs import FormDialog

    def announce(saved: bool | None) -> None:
        if saved:
            screen.post_message(ListsChanged())

    screen.app.push_screen(FormDialog(title, fields, save, button=button), announce)


def _stored(app: PilotkitApp, fn: Callable[..., Any], *args: object,
            done: str | None = None) -> str | None:
    """Run a store call; the reason it was refused, or None once it is done (and `done`
    said: a dialog that just closes leaves a person wondering whether it took)."""
    try:
        app.client.call(fn, *args)
    except (StoreError, InvalidValue) as e:
        return localize(e, app.lang)
    if done is not None:
        app.notify(done)
    return None


def merge_database(screen: PilotkitScreen[None]) -> None:
    """Ask for another laptop's database and merge it in, reporting the summary."""
    from pilotkit.core.merge import merge_database as merge

    app = screen.app

    def save(values: dict[str, str]) -> str | None:
        from pathlib import Path

        if not values["path"]:
            return t("missing_field", field=t("path"))
        try:
            summary = app.client.call(merge, app.client.store, Path(values["path"]).expanduser())
        except StoreError as e:
            return localize(e, app.lang)
        for conflict in [*summary.conflicts, *summary.not_taken]:
            app.notify(localize(conflict, app.lang), severity="warning", timeout=15)
        app.notify(summary.line(app.lang), timeout=10)
        return None

    _ask(screen, t("merge_from"), [("path", t("path"), "/media/usb/pilotkit.db")], save,
         button=t("merge_button"))


def add_library(screen: PilotkitScreen[None]) -> None:
    app = screen.app

    def save(values: dict[str, str]) -> str | None:
        if not values["isil"] or not values["name"]:
            return t("missing_field", field=t("isil") if not values["isil"] else t("name"))
        return _stored(app, app.client.store.add_library, values["isil"], values["name"],
                       done=t("library_added", name=values["name"], isil=values["isil"]))

    _ask(screen, t("add_library"), [("isil", t("isil"), "FI-Lohja"), ("name", t("name"), "")],
         save)


def add_round(screen: PilotkitScreen[None]) -> None:
    app = screen.app

    def save(values: dict[str, str]) -> str | None:
        round_id = values["id"] or round_id_from_label(values["label"])
        if not round_id:
            return t("missing_field", field=t("label"))
        try:
            informed = _day(values["staff_informed"])
        except InvalidValue as e:
            return localize(e, app.lang)
        return _stored(app, app.client.store.add_round, round_id, values["label"] or None,
                       values["pilot"] or None, None, None, informed,
                       values["purpose"] or None,
                       done=t("round_added", label=values["label"] or round_id, id=round_id))

    # The label first: the id is made from it unless one is typed.
    _ask(screen, t("add_round"), [("label", t("label"), t("round_label_example")),
                                  ("id", t("round_id_optional"), t("round_id_example")),
                                  ("pilot", t("pilot"), ""),
                                  ("staff_informed", t("staff_told_field"), t("day_example")),
                                  ("purpose", t("purpose_field"), "")], save)


def edit_round_ethics(screen: PilotkitScreen[None], round_: Round,
                      saved: Callable[[Round], None] | None = None, title: str | None = None,
                      subject: str | None = None, button: str | None = None,
                      day_needed: bool = False) -> None:
    """Record or correct when staff were told of a round, its purpose and how long its data
    is kept (`pilotkit rounds edit`): an emptied field is cleared. `saved` gets the round as
    stored; `day_needed` where the day must be given to go on (a lead starting a visit)."""
    from pilotkit.tui.screens.dialogs import FormDialog

    app = screen.app
    name = round_.label or round_.id

    def save(values: dict[str, str]) -> str | None:
        if day_needed and not values["staff_informed"]:
            return t("missing_field", field=t("staff_told_field"))
        try:
            informed, keep = _day(values["staff_informed"]), _day(values["retain_until"])
        except InvalidValue as e:
            return localize(e, app.lang)
        return _stored(app, app.client.store.set_round_ethics, round_.id, informed or "",
                       values["purpose"], keep or "", done=t("round_ethics_saved", round=name))

    def closed(stored: bool | None) -> None:
        if stored and saved is not None:
            saved(app.client.call(app.client.store.round, round_.id))

    values = {"staff_informed": date(round_.staff_informed, app.lang)
              if round_.staff_informed else "",
              "purpose": round_.purpose or "",
              "retain_until": date(round_.retain_until, app.lang) if round_.retain_until else ""}
    app.push_screen(FormDialog(
        title or t("round_ethics_title", round=name),
        [("staff_informed", t("staff_told_field"), t("day_example")),
         ("purpose", t("purpose_field"), ""),
         ("retain_until", t("retain_until_field"), t("day_example"))],
        save, values=values, subject=subject, button=button), closed)


def _day(typed: str) -> str | None:
    """A day as typed in a form (`3.4.2026` or `2026-04-03`) in ISO form; None if empty."""
    return read_date(typed) if typed else None
