"""Every command and every flag of `pilotkit` is in the README (as sqlite-utils' test_docs does)."""

from __future__ import annotations

from pathlib import Path

import click
import pytest

from pilotkit.cli import main

README = (Path(__file__).resolve().parents[2] / "README.md").read_text("utf-8")


def commands(group: click.Group, prefix: str = "pilotkit") -> list[tuple[str, click.Command]]:
    found: list[tuple[str, click.Command]] = [(prefix, group)]
    for name, command in sorted(group.commands.items()):
        path = f"{prefix} {name}"
        if isinstance(command, click.Group):
            found += commands(command, path)
        else:
            found.append((path, command))
    return found


ALL = commands(main)


@pytest.mark.parametrize(("path", "command"), ALL, ids=[path for path, _ in ALL])
def test_command_and_its_flags_are_documented(path: str, command: click.Command) -> None:
    assert path in README, f"{path!r} is not in the README"
    assert command.help, f"{path!r} has no help text"
    for param in command.params:
        if isinstance(param, click.Option) and param.name not in ("help", "version"):
            long_flags = [flag for flag in param.opts if flag.startswith("--")]
            assert any(flag in README for flag in long_flags), (
                f"{path}: none of {param.opts} is in the README")
