"""The checklist a mystery shopper fills: scenario, sections and items.

These models are the validated form of a scenario file (contract §2). They
check what one item can check by itself; rules that span items (unique ids,
known principles, skip logic pointing backwards) live in `loader.py`, which
knows where each value stood in the file.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    TypeAdapter,
    field_validator,
    model_validator,
)

from pilotkit.core.entities import Channel
from pilotkit.core.item_facts import NA as NA
from pilotkit.core.item_facts import facts_of, to_json
from pilotkit.core.localtext import LocalText
from pilotkit.core.messages import Message

ItemType = Literal["yesno", "scale", "choice", "number", "text"]
ITEM_TYPES: tuple[str, ...] = ("yesno", "scale", "choice", "number", "text")

ScenarioId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9-]+$", max_length=64)]
ItemId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9_]+$", max_length=64)]
Score = Annotated[float, Field(ge=0.0, le=1.0, allow_inf_nan=False)]
Weight = Annotated[float, Field(gt=0.0, allow_inf_nan=False)]

class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class ShowIf(_Strict):
    item: ItemId
    in_: Annotated[list[str | int], Field(alias="in", min_length=1)]


class ScaleSpec(_Strict):
    min: int
    max: int
    labels: dict[int, LocalText] = {}

    @model_validator(mode="after")
    def _ordered(self) -> ScaleSpec:
        if self.min >= self.max:
            raise ValueError(Message("scale_min_not_less", low=self.min, high=self.max))
        if self.max - self.min > 100:
            raise ValueError(Message("scale_too_many"))
        outside = sorted(k for k in self.labels if not self.min <= k <= self.max)
        if outside:
            raise ValueError(Message("scale_labels_outside", labels=outside, low=self.min,
                                     high=self.max))
        return self


class ChoiceOption(_Strict):
    id: ItemId
    label: LocalText
    score: Score | None = None


class Band(_Strict):
    max: Annotated[float, Field(ge=0.0, allow_inf_nan=False)] | None = None
    score: Score


def _weights(value: Any) -> Any:
    """A list of principle ids means weight 1 each."""
    if isinstance(value, list):
        if not all(isinstance(p, str) for p in value):
            raise ValueError(Message("principles_shape"))
        repeated = sorted({p for p in value if value.count(p) > 1})
        if repeated:
            raise ValueError(Message("principles_twice", ids=", ".join(repeated)))
        return {p: 1.0 for p in value}
    return value


class _ItemBase(_Strict):
    id: ItemId
    text: LocalText
    help: LocalText | None = None
    principles: dict[str, Weight] = {}
    show_if: ShowIf | None = None
    required: bool = False
    allow_na: bool = True

    _coerce_principles = field_validator("principles", mode="before")(_weights)

    @property
    def scored(self) -> bool:
        return bool(self.principles)


class YesNoItem(_ItemBase):
    type: Literal["yesno"]


class ScaleItem(_ItemBase):
    type: Literal["scale"]
    scale: ScaleSpec


class ChoiceItem(_ItemBase):
    type: Literal["choice"]
    options: Annotated[list[ChoiceOption], Field(min_length=2)]

    def option(self, option_id: str) -> ChoiceOption | None:
        return next((o for o in self.options if o.id == option_id), None)


class NumberItem(_ItemBase):
    type: Literal["number"]
    unit: LocalText | None = None
    bands: Annotated[list[Band], Field(min_length=1)] | None = None

    @field_validator("bands")
    @classmethod
    def _bands_in_order(cls, bands: list[Band] | None) -> list[Band] | None:
        if bands is None:
            return None
        *bounded, last = bands
        if last.max is not None:
            raise ValueError(Message("bands_last_max"))
        if any(b.max is None for b in bounded):
            raise ValueError(Message("bands_only_last"))
        maxima = [b.max for b in bounded if b.max is not None]
        if maxima != sorted(set(maxima)):
            raise ValueError(Message("bands_increase"))
        return bands


class TextItem(_ItemBase):
    type: Literal["text"]


Item = Annotated[
    YesNoItem | ScaleItem | ChoiceItem | NumberItem | TextItem, Field(discriminator="type")
]
ITEM_ADAPTER: TypeAdapter[Item] = TypeAdapter(Item)


class Section(_Strict):
    id: ItemId
    title: LocalText
    items: list[Item]


class Scenario(_Strict):
    id: ScenarioId
    version: Annotated[int, Field(ge=1)]
    title: LocalText
    channel: Channel
    description: LocalText | None = None
    persona: LocalText | None = None
    script: LocalText | None = None
    sections: Annotated[list[Section], Field(min_length=1)]

    def items(self) -> Iterator[Item]:
        for section in self.sections:
            yield from section.items

    def item(self, item_id: str) -> Item | None:
        return next((i for i in self.items() if i.id == item_id), None)

    def section_of(self, item_id: str) -> Section | None:
        return next((s for s in self.sections if any(i.id == item_id for i in s.items)), None)

    def principle_ids(self) -> set[str]:
        return {p for item in self.items() for p in item.principles}


@dataclass(frozen=True)
class ScenarioFile:
    """A validated scenario with the exact text it came from.

    Visits keep `content` and `sha256`, so an edited or deleted file never
    changes an old visit's answers or scores.
    """

    scenario: Scenario
    content: str
    path: Path | None = None

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content.encode("utf-8")).hexdigest()

    @property
    def item_facts(self) -> str:
        """What the exports read of the items instead of this model (`item_facts`), stored
        beside the text."""
        return to_json(facts_of(self.scenario))
