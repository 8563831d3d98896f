"""A synthetic data set, clearly labelled as such, to try pilotkit on.

Six fictional libraries, a baseline round and a round after a service pilot
(a counterless service point with a lobby host). Each library has its own
level per principle; the three libraries that ran the pilot improve in the
principles it targets, so the comparison screens show real differences and
real changes at once. Nothing here describes a real library or person.
"""

from __future__ import annotations

import itertools
import random
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta

from pilotkit.core.answers import Answer, visible_item_ids
from pilotkit.core.database import StoreError
from pilotkit.core.entities import Library, Round, Status
from pilotkit.core.langs import Lang
from pilotkit.core.loader import Catalog
from pilotkit.core.messages import Message, render
from pilotkit.core.scenarios import (
    NA,
    ChoiceItem,
    Item,
    NumberItem,
    ScaleItem,
    ScenarioFile,
    TextItem,
    YesNoItem,
)
from pilotkit.core.store import NewVisit
from pilotkit.core.visit_service import VisitService

BASELINE = "demo-baseline"
PILOT = "demo-pilot"
PILOT_TARGETS = ("customer_orientation", "accessibility", "responsiveness", "openness")


@dataclass(frozen=True)
class DemoLibrary:
    id: str
    name: str
    """Its name without the word that marks it made up (`named` adds it in a language)."""
    municipality: str
    level: float  # general service level, 0..1
    runs_pilot: bool

    def named(self, lang: Lang) -> Library:
        return Library(self.id, made_up(self.name, lang), self.municipality)


def made_up(text: str, lang: Lang) -> str:
    """`text` marked as made up, in the language of the person making the demo: the marks are
    stored data, so a Finnish lead's demo reads in Finnish on every screen and report."""
    return render("demo_made_up", lang, text=text)


LIBRARIES = (
    DemoLibrary("FI-DemoLohja", "DEMO Lohjan kirjasto", "Lohja", 0.72, True),
    DemoLibrary("FI-DemoVihti", "DEMO Vihdin kirjasto", "Vihti", 0.64, True),
    DemoLibrary("FI-DemoKarkk", "DEMO Karkkilan kirjasto", "Karkkila", 0.58, False),
    DemoLibrary("FI-DemoSiunt", "DEMO Siuntion kirjasto", "Siuntio", 0.68, True),
    DemoLibrary("FI-DemoInkoo", "DEMO Ingå bibliotek", "Inkoo", 0.61, False),
    DemoLibrary("FI-DemoRaase", "DEMO Raaseporin kirjasto", "Raasepori", 0.75, False),
)
EVALUATORS = tuple(f"DEMO{n:02d}" for n in range(1, 9))
REMARKS = (
    "Asiointi sujui hyvin.",
    "Jonossa oli useita asiakkaita.",
    "Opasteet olivat selkeät.",
    "The staff member walked with me to the shelf.",
    "Personalen var vänlig men hade bråttom.",
    "",
)


def _principle_levels(rng: random.Random, library: DemoLibrary,
                      principle_ids: tuple[str, ...]) -> dict[str, float]:
    return {p: min(0.95, max(0.2, library.level + rng.uniform(-0.15, 0.15)))
            for p in principle_ids}


def _answer(rng: random.Random, item: Item, quality: float) -> Answer | None:
    """An answer drawn around `quality` (0..1), the chance of good service."""
    if isinstance(item, TextItem):
        text = rng.choice(REMARKS) if rng.random() < 0.3 else ""
        return text or None
    if item.allow_na and rng.random() < 0.03:
        return NA
    q = min(1.0, max(0.0, rng.gauss(quality, 0.18)))
    if isinstance(item, YesNoItem):
        return "yes" if rng.random() < quality else "no"
    if isinstance(item, ScaleItem):
        span = item.scale.max - item.scale.min
        return item.scale.min + round(q * span)
    if isinstance(item, ChoiceItem):
        scored = [o for o in item.options if o.score is not None]
        if not scored:
            return rng.choice(item.options).id
        return min(scored, key=lambda o: abs((o.score or 0.0) - q) + rng.random() * 0.05).id
    if isinstance(item, NumberItem):
        if not item.bands:
            return round(rng.uniform(0, 20))
        bounded = [b.max for b in item.bands if b.max is not None]
        top = (bounded[-1] * 2) if bounded else 10.0
        return round((1.0 - q) * top, 1)
    return None


def make_visits(catalog: Catalog, count: int, seed: int, lang: Lang = "en"
                ) -> Iterator[NewVisit]:
    """The demo's visits, one at a time (a big demo is never all in memory); the same visits
    for a seed in every language, their comments in `lang`."""
    rng = random.Random(seed)
    comment = render("demo_comment", lang)
    principle_ids = catalog.framework.ids
    levels = {lib.id: _principle_levels(rng, lib, principle_ids) for lib in LIBRARIES}
    scenarios: list[ScenarioFile] = sorted(catalog.scenarios.values(),
                                           key=lambda f: f.scenario.id)
    if not scenarios:
        raise StoreError.of("demo_no_scenarios")
    starts = {BASELINE: datetime(2026, 3, 2, 9), PILOT: datetime(2026, 9, 7, 9)}
    statuses: tuple[Status, ...] = ("submitted", "approved", "rejected", "draft")
    for _ in range(count):
        library = rng.choice(LIBRARIES)
        round_id = BASELINE if rng.random() < 0.5 else PILOT
        scenario_file = rng.choice(scenarios)
        scenario = scenario_file.scenario
        uplift = 0.18 if (round_id == PILOT and library.runs_pilot) else 0.0
        quality = {
            p: min(0.98, levels[library.id][p] + (uplift if p in PILOT_TARGETS else 0.0))
            for p in principle_ids
        }
        answers: dict[str, Answer] = {}
        for item in scenario.items():
            if item.id not in visible_item_ids(scenario, answers):
                continue
            weights = item.principles or {p: 1.0 for p in principle_ids}
            q = sum(quality.get(p, 0.6) * w for p, w in weights.items()) / sum(weights.values())
            value = _answer(rng, item, q)
            if value is not None:
                answers[item.id] = value
        visited = starts[round_id] + timedelta(days=rng.randrange(40),
                                               minutes=rng.randrange(0, 8 * 60, 5))
        status = rng.choices(statuses, weights=(70, 25, 3, 2))[0]
        yield NewVisit(
            id=str(uuid.UUID(int=rng.getrandbits(128), version=4)),
            library=library.id, round=round_id, scenario=scenario_file,
            evaluator=rng.choice(EVALUATORS), channel=scenario.channel,
            language=rng.choice(("fi", "fi", "fi", "sv", "en")),
            visited_at=visited.isoformat(timespec="seconds"), status=status,
            answers=answers,
            comment=comment if rng.random() < 0.1 else None,
        )


def make_demo(store: VisitService, catalog: Catalog, count: int, seed: int,
              lang: Lang = "en") -> Message:
    """Write the demo libraries, rounds and `count` visits; return a one-line summary.

    The database becomes a team lead's: the demo is for trying the review and the
    comparisons, and its approved and rejected visits are a lead's decisions. Its
    names and comments are written in `lang`.
    """
    visits = make_visits(catalog, count, seed, lang)
    first = next(visits)
    if store.has_visit(first.id):
        raise StoreError.of("demo_seed_used", seed=seed)
    store.set_role("lead")
    written = store.add_visits(
        itertools.chain([first], visits),
        libraries=[library.named(lang) for library in LIBRARIES],
        rounds=[
            Round(BASELINE, render("demo_round_baseline", lang), None,
                  "2026-03-02", "2026-04-30"),
            Round(PILOT, render("demo_round_pilot", lang), render("demo_pilot", lang),
                  "2026-09-07", "2026-10-31"),
        ],
    )
    return Message("demo_written", n=written, seed=seed, libraries=len(LIBRARIES),
                   baseline=BASELINE, pilot=PILOT)
