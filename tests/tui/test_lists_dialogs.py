"""Adding a round by keys: its id is made from the label, and refusals are in the user's language."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, Static

from pilotkit.tui.screens.dialogs import FormDialog
from tests.tui.conftest import build_app


async def test_a_round_gets_its_id_from_its_label(tmp_path: Path) -> None:
    app = build_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.screen, FormDialog)
        await pilot.press(*"Kevät 2026")              # typed into the first field, the label
        await pilot.press("enter")
        await pilot.pause()
        rounds = app.client.call(app.client.store.rounds)
        # the dialog closes and says what was added: a key that seems to do nothing is not
        assert [str(n.message) for n in app._notifications] == [
            "Round added: Kevät 2026 (kevat-2026)"]
    assert [(r.id, r.label) for r in rounds] == [("2017-baseline", "Baseline 2017"),
                                                 ("kevat-2026", "Kevät 2026")]


async def test_a_refused_library_is_explained_in_finnish(tmp_path: Path) -> None:
    app = build_app(tmp_path, lang="fi")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("l")
        await pilot.pause()
        assert isinstance(app.screen, FormDialog)
        app.screen.query_one("#field-isil", Input).value = "espoo"
        app.screen.query_one("#field-name", Input).value = "Espoon kirjasto"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, FormDialog)    # refused: the dialog stays, saying why
        shown = " ".join(str(w.render()) for w in app.screen.query(Static))
    assert "'espoo' ei ole ISIL-tunnus" in shown


async def test_a_new_round_records_when_staff_were_told_in_the_readers_form(
        tmp_path: Path) -> None:
    app = build_app(tmp_path, lang="fi")
    async with app.run_test(size=(80, 30)) as pilot:
        await pilot.pause()
        await pilot.press("o")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, FormDialog)
        await pilot.press(*"Syksy 2026")
        dialog.query_one("#field-staff_informed", Input).value = "31.2.2026"  # no such day
        dialog.query_one("#field-purpose", Input).value = "Aulaemännän vaikutus"
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is dialog                  # refused, as typed, in Finnish
        assert str(dialog.query_one("#dialog-error", Static).render()) == (
            "'31.2.2026' ei ole päivämäärä (VVVV-KK-PP)")
        dialog.query_one("#field-staff_informed", Input).value = "1.9.2026"
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is not dialog
        autumn = app.client.call(app.client.store.round, "syksy-2026")
    assert (autumn.staff_informed, autumn.purpose) == ("2026-09-01", "Aulaemännän vaikutus")
