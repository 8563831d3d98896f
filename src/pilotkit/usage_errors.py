"""Wrong usage of the command line told in the user's language, on one line, exit 2.

click words its usage errors in English only; in Finnish or Swedish they are
rendered here from what the error carries (the command, the option, the
choices). English keeps click's own text.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Sequence

import click

from pilotkit.core.langs import Lang
from pilotkit.core.messages import render
from pilotkit.language import lang_in_argv, resolve_lang


def usage_language(ctx: click.Context | None, typed: Sequence[str] | None = None) -> Lang:
    """`--lang` when it was parsed, else as `typed` (an error may stop the parsing before it
    reaches `--lang`), else what the environment says."""
    option = ctx.find_root().params.get("lang") if ctx is not None else None
    if not isinstance(option, str):
        option = lang_in_argv(list(sys.argv[1:] if typed is None else typed))
    return resolve_lang(option)


def _param_name(param: click.Parameter | None, lang: Lang) -> str:
    if param is None:
        return "?"
    if isinstance(param, click.Option):
        return "/".join(param.opts)
    from pilotkit.cli_help_texts import METAVARS, lookup

    return lookup(METAVARS, param.human_readable_name, lang)  # as `--help` names it


def _guessed(text: str, possibilities: Sequence[str] | None, lang: Lang) -> str:
    """The problem, and the names click guessed were meant, if any."""
    if not possibilities:
        return text
    return f"{text} {render('usage_did_you_mean', lang, names=', '.join(sorted(possibilities)))}"


def describe(error: click.UsageError, lang: Lang) -> str:
    """The problem, without click's usage banner."""
    if isinstance(error, click.exceptions.NoSuchCommand):
        return _guessed(render("usage_no_command", lang, name=error.command_name),
                        error.possibilities, lang)
    if isinstance(error, click.NoSuchOption):
        return _guessed(render("usage_no_option", lang, name=error.option_name),
                        error.possibilities, lang)
    if isinstance(error, click.MissingParameter):
        key = "usage_missing_option" if isinstance(error.param, click.Option) else \
            "usage_missing_argument"
        return render(key, lang, name=_param_name(error.param, lang))
    if isinstance(error, click.BadParameter):
        param_type = error.param.type if error.param is not None else None
        name = _param_name(error.param, lang)
        if isinstance(param_type, click.Choice):
            return render("usage_bad_choice", lang, name=name,
                          choices=", ".join(map(str, param_type.choices)))
        if isinstance(param_type, click.types.IntParamType | click.types.FloatParamType):
            # click's own reason ("0 is not in the range x>=1.") is English in every language
            key = ("usage_need_integer" if isinstance(param_type, click.types.IntParamType)
                   else "usage_need_number")
            return render(key, lang, name=name, bounds=_bounds(param_type, lang))
        return render("usage_bad_value", lang, name=name, reason=error.message)
    if isinstance(error, click.BadOptionUsage) and " requires " in error.message:
        # "Option '--db' requires an argument." (or "requires 2 arguments.")
        count = re.search(r"requires (\d+) arguments", error.message)
        if count:
            return render("usage_needs_values", lang, name=error.option_name, n=count[1])
        return render("usage_needs_value", lang, name=error.option_name)
    unexpected = re.fullmatch(r"Got unexpected extra arguments? \((.*)\)", error.message)
    if unexpected:
        return render("usage_unexpected", lang, word=unexpected[1])
    return render("usage_other", lang, reason=error.message)


def _bounds(param_type: object, lang: Lang) -> str:
    """", at least 1" and the like, in `lang`, from a range type's limits; "" for none."""
    low, high = getattr(param_type, "min", None), getattr(param_type, "max", None)
    if low is not None and high is not None:
        return render("usage_between", lang, low=low, high=high)
    if low is not None:
        return render("usage_at_least", lang, n=low)
    if high is not None:
        return render("usage_at_most", lang, n=high)
    return ""


def report_usage_error(error: click.UsageError, typed: Sequence[str] | None = None) -> None:
    """Print the error as the user reads it and exit 2 (the contract's code for wrong usage);
    `typed`: the command's words, for a `--lang` the parsing had not reached."""
    lang = usage_language(error.ctx, typed)
    if lang == "en" or isinstance(error, click.exceptions.NoArgsIsHelpError):
        error.show()
    else:
        where = error.ctx.command_path if error.ctx is not None else "pilotkit"
        click.echo(render("usage_line", lang, problem=describe(error, lang), command=where),
                   err=True)
    sys.exit(error.exit_code)
