"""The three YAML mistakes authors make most get a hint in plain words, at the right line."""

from __future__ import annotations

import pytest

from pilotkit.core.problems import ProblemsError
from pilotkit.core.yamlsrc import parse_yaml


@pytest.mark.parametrize(("text", "line", "hint"), [
    ("id: x\ntitle: Kysymys: mitä\nversion: 1\n", 2, "needs quotes"),
    ("items:\n  - id: a\n    text: {en: Note: this}\n", 3, "needs quotes"),
    ("id: x\nsections:\n\t- id: a\n", 3, "a tab cannot indent"),
    ("id: x\nsections:\n  - id: a\n\t  title: b\n", 4, "a tab cannot indent"),
    ("sections:\n  -id: a\n    title: b\n", 3, "space after the dash"),
    ("items:\n  - id: a\n  -id: b\n", 3, "space after the dash"),
])
def test_a_common_mistake_gets_a_hint(text: str, line: int, hint: str) -> None:
    with pytest.raises(ProblemsError) as caught:
        parse_yaml(text, "f.yaml")
    [problem] = caught.value.problems
    assert problem.line == line
    assert hint in problem.message


def test_other_syntax_errors_get_no_invented_hint() -> None:
    with pytest.raises(ProblemsError) as caught:
        parse_yaml("a: [1, 2\nb: 3\n", "f.yaml")
    assert "(" not in caught.value.problems[0].message
    # a quoted colon is fine
    assert parse_yaml('title: "Kysymys: mitä"\n', "f.yaml").data == {"title": "Kysymys: mitä"}
