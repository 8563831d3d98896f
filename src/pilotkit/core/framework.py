"""The service principles that every answer is scored against.

The default framework is the seven principles of a Finnish public library's
published customer-service principles; its texts live in
`default_framework.yaml` beside this module, in the same shape as a
`framework.yaml` that a team may put in a scenario directory to replace it.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

from pilotkit.core.entities import DEFAULT_PRINCIPLE_IDS as DEFAULT_PRINCIPLE_IDS
from pilotkit.core.localtext import LocalText
from pilotkit.core.messages import Message

PrincipleId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9_]+$")]



class Principle(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: PrincipleId
    name: LocalText
    description: LocalText | None = None


class Framework(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    principles: Annotated[list[Principle], Field(min_length=1)]

    @field_validator("principles")
    @classmethod
    def _unique_ids(cls, principles: list[Principle]) -> list[Principle]:
        seen: set[str] = set()
        for principle in principles:
            if principle.id in seen:
                raise ValueError(Message("principle_repeated", principle=principle.id))
            seen.add(principle.id)
        return principles

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(p.id for p in self.principles)

    def get(self, principle_id: str) -> Principle | None:
        return next((p for p in self.principles if p.id == principle_id), None)

    def name(self, principle_id: str, lang: str) -> str:
        principle = self.get(principle_id)
        return principle.name.get(lang) if principle else principle_id
