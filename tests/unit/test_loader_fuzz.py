"""Random damage to a valid scenario gives problems, never a traceback."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from pilotkit.core.framework_file import default_framework
from pilotkit.core.loader import parse_scenario
from pilotkit.core.problems import ProblemsError
from tests.fixtures import VALID

LINES = VALID.splitlines(keepends=True)
FRAGMENTS = ["", ":", "- ", "[", "]", "{", "}", "&a", "*a", "!!python/name:os.system", "'", '"',
             "null", "-1", "1e999", ".nan", "yes", "\t", "  ", "\x00", "é", "principles: [x]",
             "type: scale", "show_if: {item: greeted, in: [1]}", "in: []", "score: 2",
             "options: []", "bands: [{max: -1, score: 0}]", "id: greeted"]


@st.composite
def mutated(draw: st.DrawFn) -> str:
    lines = list(LINES)
    for _ in range(draw(st.integers(1, 4))):
        index = draw(st.integers(0, len(lines) - 1))
        action = draw(st.sampled_from(["delete", "duplicate", "insert", "replace", "truncate"]))
        if action == "delete" and len(lines) > 1:
            del lines[index]
        elif action == "duplicate":
            lines.insert(index, lines[index])
        elif action == "insert":
            col = draw(st.integers(0, len(lines[index])))
            fragment = draw(st.sampled_from(FRAGMENTS) | st.text(max_size=8))
            lines[index] = lines[index][:col] + fragment + lines[index][col:]
        elif action == "replace":
            lines[index] = draw(st.sampled_from(LINES))
        else:
            lines[index] = lines[index][: draw(st.integers(0, len(lines[index])))]
    return "".join(lines)


@settings(max_examples=300, deadline=None)
@given(mutated())
def test_mutations_never_raise_anything_but_problems(text: str) -> None:
    framework = default_framework()
    try:
        parse_scenario(text, "fuzz.yaml", framework)
    except ProblemsError as e:
        assert e.problems, "a refusal must name at least one problem"
        for problem in e.problems:
            assert problem.line >= 1
            assert "\n" not in problem.message
            assert problem.message.strip()
