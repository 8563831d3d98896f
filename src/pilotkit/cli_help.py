"""`--help` in the user's language.

click writes its help in English only: the texts given in `cli.py`, and its own
words ("Usage:", "Options", "[default: …]"). Commands and groups made here
write the same help with every one of those in the user's language (`--lang`,
else the system locale, as for usage errors). The translations are keyed by
the English text, as gettext keys by the source text, so a help text changed in
`cli.py` without its translations fails a test instead of showing English on a
Finnish screen. They are imported only when help is shown.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import click
from click.formatting import HelpFormatter, join_options

from pilotkit.core.langs import Lang

F = TypeVar("F", bound=Callable[..., Any])

TYPED_WORDS = "pilotkit_typed"
"""`ctx.meta` key: the command's own words, for a `--lang` that click has not parsed yet
(`--help` is handled before the options beside it)."""

# patterns, not compiled here: every command imports this module, and only help uses them
_EXTRA = r"(?P<space>\s*)\[(?P<items>[^\[\]]*)\]$"
_SENTENCE_END = (
    r"(?<![\s(]e\.g\.)(?<![\s(]i\.e\.)(?<![\s(]esim\.)(?<![\s(]t\.ex\.)(?<![\s(]bl\.a\.)"
    r"(?<=[.!?])\s+(?=[A-ZÅÄÖ])")


def help_lang(ctx: click.Context) -> Lang:
    from pilotkit.usage_errors import usage_language

    typed = ctx.meta.get(TYPED_WORDS)
    return usage_language(ctx, typed if isinstance(typed, list) else None)


def text(english: str, lang: Lang) -> str:
    """A help text (a command's or an option's) in `lang`; as written when untranslated."""
    from pilotkit.cli_help_texts import HELP, lookup

    return lookup(HELP, inspect.cleandoc(english), lang)


def word(english: str, lang: Lang) -> str:
    """One of click's own words ("Usage:", "Options", "default", …) in `lang`."""
    from pilotkit.cli_help_texts import CLICK_WORDS, lookup

    return lookup(CLICK_WORDS, english, lang)


def metavar(english: str, lang: Lang) -> str:
    """A value's placeholder (`PATH`, `FROM TO`) or a usage piece in `lang`."""
    from pilotkit.cli_help_texts import METAVARS, lookup

    return lookup(METAVARS, english, lang)


def summary(help_text: str) -> str:
    """A command's line in its group's list: the first sentence of its help, whole.

    click's own summary is cut at 45 characters or so with "...", and ends at the
    first full stop, "e.g." and "esim." included.
    """
    paragraph = help_text.split("\n\n", 1)[0].partition("\f")[0]
    return re.split(_SENTENCE_END, " ".join(paragraph.split()), maxsplit=1)[0]


def _extra(extra: str, lang: Lang) -> str:
    """click's "  [default: csv; required]" after an option's help, in `lang`."""
    found = re.fullmatch(_EXTRA, extra)
    if found is None:
        return extra
    items = []
    for item in found["items"].split("; "):
        name, colon, value = item.partition(": ")
        items.append(f"{word(name, lang)}: {value}" if colon else word(item, lang))
    return f"{found['space']}[{'; '.join(items)}]"


def option_record(param: click.Parameter, ctx: click.Context,
                  lang: Lang) -> tuple[str, str] | None:
    """An option's line in the options list: its spellings and placeholder, and its help."""
    record = param.get_help_record(ctx)
    if record is None or lang == "en":
        return record
    spec, described = record
    spelled = join_options(param.opts)[0]
    if spec.startswith(spelled + " "):
        spec = f"{spelled} {metavar(spec[len(spelled) + 1:], lang)}"
    english = getattr(param, "help", None) or ""
    if english and described.startswith(english):
        described = text(english, lang) + _extra(described[len(english):], lang)
    else:
        described = _extra(described, lang)
    return spec, described


def _show_version(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if not value or ctx.resilient_parsing:
        return
    from importlib.metadata import version

    lang = help_lang(ctx)
    click.echo(f"{ctx.find_root().info_name}, {word('version', lang)} {version('pilotkit')}")
    ctx.exit()


def version_option() -> Callable[[F], F]:
    """`--version`, its line in the user's language (click's own says "version" in English)."""
    return click.option("--version", is_flag=True, expose_value=False, is_eager=True,
                        callback=_show_version, help="Show the version and exit.")


class LocalCommand(click.Command):
    """A command whose `--help` is in the user's language."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)
        except click.UsageError as e:
            # click's parser raises "--change needs 2 values" without the command, and the
            # pointer to help would then name the root's
            if e.ctx is None:
                e.ctx = ctx
            raise

    def format_usage(self, ctx: click.Context, formatter: HelpFormatter) -> None:
        lang = help_lang(ctx)
        pieces = [metavar(piece, lang) for piece in self.collect_usage_pieces(ctx)]
        formatter.write_usage(ctx.command_path, " ".join(pieces),
                              prefix=f"{word('Usage:', lang)} ")

    def format_help_text(self, ctx: click.Context, formatter: HelpFormatter) -> None:
        if self.help is None:
            return
        written = text(self.help, help_lang(ctx)).partition("\f")[0]
        if written:
            formatter.write_paragraph()
            with formatter.indentation():
                formatter.write_text(written)

    def format_arguments(self, ctx: click.Context, formatter: HelpFormatter) -> None:
        arguments = [p for p in self.get_params(ctx) if isinstance(p, click.Argument)]
        if any(getattr(p, "help", None) is not None for p in arguments):
            lang = help_lang(ctx)
            self._section(formatter, word("Positional arguments", lang),
                          [option_record(p, ctx, lang) for p in arguments])

    def format_options(self, ctx: click.Context, formatter: HelpFormatter) -> None:
        lang = help_lang(ctx)
        self._section(formatter, word("Options", lang),
                      [option_record(p, ctx, lang) for p in self.get_params(ctx)
                       if not isinstance(p, click.Argument)])

    def format_epilog(self, ctx: click.Context, formatter: HelpFormatter) -> None:
        if self.epilog:
            formatter.write_paragraph()
            with formatter.indentation():
                formatter.write_text(text(self.epilog, help_lang(ctx)))

    @staticmethod
    def _section(formatter: HelpFormatter, heading: str,
                 records: Sequence[tuple[str, str] | None]) -> None:
        rows = [record for record in records if record is not None]
        if rows:
            with formatter.section(heading):
                formatter.write_dl(rows)


class LocalGroup(LocalCommand, click.Group):
    """A group whose `--help`, and its commands' and groups', is in the user's language."""

    command_class = LocalCommand
    group_class: type[click.Group] | type[type] | None = type  # groups made here: this class

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        ctx.meta.setdefault(TYPED_WORDS, list(args))
        return super().parse_args(ctx, args)

    def format_options(self, ctx: click.Context, formatter: HelpFormatter) -> None:
        LocalCommand.format_options(self, ctx, formatter)  # click.Group's would be skipped
        self.format_commands(ctx, formatter)

    def format_commands(self, ctx: click.Context, formatter: HelpFormatter) -> None:
        lang = help_lang(ctx)
        commands: list[tuple[str, click.Command]] = []
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                commands.append((name, command))
        if not commands:
            return
        rows = [(name, summary(text(command.short_help or command.help or "", lang)))
                for name, command in commands]
        with formatter.section(word("Commands", lang)):
            formatter.write_dl(rows)

