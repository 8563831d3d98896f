"""`--help` in the user's language: every text of every command translated, click's own
words too, and English as click writes it."""

from __future__ import annotations

import inspect
import re
from collections.abc import Iterator

import click
import pytest

from pilotkit.cli import main
from pilotkit.cli_help import summary
from pilotkit.cli_help_texts import CLICK_WORDS, HELP, METAVARS
from tests.cli_helpers import run


def _commands(command: click.Command = main, path: tuple[str, ...] = (),
              parent: click.Context | None = None
              ) -> Iterator[tuple[tuple[str, ...], click.Command, click.Context]]:
    # made as click makes it (the root's settings give `-h` to every command), for click
    # keeps the help option a command is first asked for
    ctx = click.Context(command, info_name=path[-1] if path else "pilotkit", parent=parent,
                        **command.context_settings)
    yield path, command, ctx
    if isinstance(command, click.Group):
        for name, sub in sorted(command.commands.items()):
            yield from _commands(sub, (*path, name), ctx)


def _help_texts() -> set[str]:
    """Every help text a user can be shown: each command's, each option's (`--help`'s and
    `--version`'s included, which click adds)."""
    texts = set()
    for _, command, ctx in _commands():
        for written in (command.help, command.short_help, command.epilog):
            if written:
                texts.add(inspect.cleandoc(written))
        for param in command.get_params(ctx):
            written = getattr(param, "help", None)
            if written:
                texts.add(inspect.cleandoc(written))
    return texts


def _placeholders() -> set[str]:
    """Every option's placeholder as the help shows it after the option, choices aside."""
    found = set()
    for _, command, ctx in _commands():
        for param in command.get_params(ctx):
            record = param.get_help_record(ctx)
            if record is None or not isinstance(param, click.Option):
                continue
            spelled = click.formatting.join_options(param.opts)[0]
            shown = record[0][len(spelled) + 1:]
            if shown and not (shown.startswith("[") and "|" in shown):
                found.add(shown)
    return found


def test_every_help_text_is_translated_into_finnish_and_swedish() -> None:
    texts = _help_texts()
    assert len(texts) > 90  # the walk reached every command
    missing = sorted(t for t in texts
                     if not (HELP.get(t, {}).get("fi") and HELP.get(t, {}).get("sv")))
    assert missing == []


def test_no_translation_is_left_over_from_a_text_since_changed() -> None:
    assert sorted(set(HELP) - _help_texts()) == []


def test_every_placeholder_and_click_word_is_translated() -> None:
    for english in _placeholders() | {"[OPTIONS]", "COMMAND [ARGS]...", "[COMMAND] [ARGS]..."}:
        assert METAVARS.get(english, {}).keys() >= {"fi", "sv"}, english
    for english in ("Usage:", "Options", "Commands", "default", "required"):
        assert CLICK_WORDS[english].keys() >= {"fi", "sv"}, english


def _flat(text: str) -> str:
    """The words of `text` without its line breaks (click may also break after a word's hyphen)."""
    return re.sub(r"(?<=\w-) ", "", " ".join(text.split()))


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_every_commands_help_has_no_english_left(lang: str) -> None:
    english_words = ("Usage:", "Options:", "Commands:", "[default:", "Show this message")
    for path, command, ctx in _commands():
        result = run("--lang", lang, *path, "--help")
        assert result.returncode == 0, path
        shown = _flat(result.stdout)
        assert not [w for w in english_words if w in shown], (path, shown)
        for english in _help_texts_of(command, ctx):
            if len(english) > 12:
                # the first sentence is a command's summary in its group's list; the whole
                # text is on its own page
                assert _flat(english) not in shown, (path, english)
                assert _flat(HELP[english][lang]) in shown, (path, english)


def _help_texts_of(command: click.Command, ctx: click.Context) -> list[str]:
    texts = [inspect.cleandoc(command.help)] if command.help else []
    return texts + [inspect.cleandoc(p.help) for p in command.get_params(ctx)
                    if isinstance(p, click.Option) and p.help]


def test_finnish_help_reads_as_worked_out_by_hand() -> None:
    shown = run("--lang", "fi", "compare", "--help").stdout
    lines = shown.splitlines()
    assert lines[0] == "Käyttö: pilotkit compare [VALITSIMET]"
    assert "Valitsimet:" in lines
    by_line = next(line for line in lines if line.lstrip().startswith("--by"))
    assert "[library|scenario|channel]" in by_line  # values are typed as they are
    assert "[oletus: library]" in _flat(shown)
    assert _flat(shown).endswith("-h, --help Näytä tämä ohje ja lopeta.")


def test_swedish_group_help_lists_its_commands_in_swedish() -> None:
    shown = run("--lang", "sv", "visits", "--help").stdout
    assert shown.startswith("Användning: pilotkit visits [FLAGGOR] KOMMANDO [ARGUMENT]...\n")
    assert "Kommandon:" in shown.splitlines()
    approve = HELP["Approve submitted visits (a team lead's database only); an id may be cut to "
                   "its first 6 characters or more."]["sv"]
    assert _flat(summary(approve)) in _flat(shown)


def test_language_comes_from_the_words_typed_after_help_and_from_the_locale() -> None:
    # --help is acted on before the options beside it are parsed
    assert run("--help", "--lang", "fi").stdout.startswith("Käyttö: pilotkit ")
    # LC_ALL and LC_MESSAGES come before LANG: emptied, whatever the machine's are
    assert run("rounds", "--help", env={"LANG": "sv_FI.UTF-8", "LC_ALL": "",
                                        "LC_MESSAGES": ""}).stdout.startswith(
        "Användning: pilotkit rounds ")
    # a group with nothing to run shows its help in the language asked for
    assert "Komennot:" in run("--lang", "fi", "visits").stderr.splitlines()


def test_english_help_is_clicks_own_but_for_whole_summaries(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A command's page in English is what click itself writes from the same texts."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):  # English, on a Finnish machine too
        monkeypatch.setenv(name, "C.UTF-8")
    for path, command, ctx in _commands():
        if isinstance(command, click.Group):
            continue
        stock = click.Command(command.name, params=command.params, help=command.help,
                              epilog=command.epilog, short_help=command.short_help,
                              context_settings=command.context_settings)
        stock_ctx = click.Context(stock, info_name=ctx.info_name, parent=ctx.parent)
        assert command.get_help(ctx) == stock.get_help(stock_ctx), path
        assert run("--lang", "en", *path, "--help").stdout.startswith("Usage: pilotkit ")


@pytest.mark.parametrize(("written", "expected"), [
    ("Add a library: ISIL code (e.g. FI-Lohja) and name.",
     "Add a library: ISIL code (e.g. FI-Lohja) and name."),
    ("Lisää kirjasto (esim. FI-Lohja). Toinen lause.", "Lisää kirjasto (esim. FI-Lohja)."),
    ("One sentence. Another.\n\nA paragraph.", "One sentence."),
    ("A long first sentence\n    over two lines. Then more.", "A long first sentence over two lines."),
])
def test_a_commands_summary_is_its_first_sentence_whole(written: str, expected: str) -> None:
    assert summary(written) == expected


def test_a_missing_argument_is_named_as_the_help_names_it() -> None:
    result = run("--lang", "fi", "libraries", "add", "FI-A")
    assert result.stderr == "virhe: argumentti NIMI puuttuu (ohje: pilotkit libraries add --help)\n"


def test_the_version_line_is_in_the_users_language() -> None:
    from importlib.metadata import version

    assert run("--version", "--lang", "fi").stdout == f"pilotkit, versio {version('pilotkit')}\n"
    assert run("--lang", "en", "--version").stdout == f"pilotkit, version {version('pilotkit')}\n"
