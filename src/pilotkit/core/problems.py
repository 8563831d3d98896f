"""One shape for everything a user can get wrong in a file they hand us.

Scenario files, framework files and interchange JSON all report their faults
as `Problem`s so that the command line prints them the same way: one line
each, `PATH:LINE: message`, sorted by where they are.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pilotkit.core.langs import Lang
    from pilotkit.core.messages import Message


@dataclass(frozen=True, slots=True, order=True)
class Problem:
    path: str
    line: int
    message: Message
    """A message, never finished text: every problem reads in the user's language."""

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"

    def in_lang(self, lang: Lang) -> str:
        """The line in `lang`: the message's words are translated, path and line are not."""
        from pilotkit.core.messages import localize

        return f"{self.path}:{self.line}: {localize(self.message, lang)}"


class ProblemsError(Exception):
    """Raised when a file cannot be used; carries every problem found in it."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(set(problems))
        super().__init__("\n".join(str(p) for p in self.problems))


class Place:
    """Where in a scenario a problem is: an item or a section by its id, or by its position
    when it has no usable id. (A plain class: the loader makes one for every item it reads.)"""

    __slots__ = ("kind", "name")

    def __init__(self, kind: str | None, name: str) -> None:
        self.kind = kind  # "item" or "section"; None: `name` is a position such as sections[0]
        self.name = name

    def of(self, problem: Message) -> Message:
        from pilotkit.core.messages import Message

        if self.kind is None:
            return Message(problem.key, f"{self.name}: {problem.prefix}", **problem.params)
        return Message(f"in_{self.kind}", **{self.kind: self.name}, problem=problem)
