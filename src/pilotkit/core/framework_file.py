"""The principle framework from YAML: the bundled seven, or a team's `framework.yaml`.

Kept apart from the scenario loader so that commands needing only the
principles (compare, export) do not build the scenario models at all.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from importlib import resources
from pathlib import Path

from pydantic import ValidationError

from pilotkit.core.entities import FRAMEWORK_FILE as FRAMEWORK_FILE
from pilotkit.core.framework import Framework
from pilotkit.core.problems import Problem, ProblemsError
from pilotkit.core.yamlsrc import parse_yaml, read_text


def parse_framework(content: str, label: str) -> Framework:
    doc = parse_yaml(content, label)
    data = doc.mapping(label, "framework")
    try:
        return Framework.model_validate(data)
    except ValidationError as e:
        from pilotkit.core.problem_lines import validation_problems  # only when there is a problem

        raise ProblemsError(validation_problems(e, doc, label)) from None


def load_framework_file(path: Path) -> Framework:
    return parse_framework(read_text(path), str(path))


@functools.cache
def default_framework() -> Framework:
    text = resources.files("pilotkit.core").joinpath("default_framework.yaml").read_text("utf-8")
    return parse_framework(text, "default_framework.yaml")


def framework_for(dirs: Sequence[Path], problems: list[Problem]) -> Framework:
    """The last `framework.yaml` among the directories, else the default seven principles."""
    framework = default_framework()
    for directory in dirs:
        candidate = directory / FRAMEWORK_FILE
        if directory.is_dir() and candidate.is_file():
            try:
                framework = load_framework_file(candidate)
            except ProblemsError as e:
                problems += e.problems
    return framework
