"""Scenario and framework files in, every problem out as `PATH:LINE: message`.

Validation runs in two passes over one parsed file. Pydantic checks each
value where it stands (types, ranges, unknown keys); a second pass over the
raw data checks what spans items (unique ids, known principles, skip logic
that looks back and names real answers). Both passes run on every file, so
an author sees all problems at once, each at the line of the offending key
or value.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from pilotkit.core.clean_texts import CleanTexts
from pilotkit.core.framework import Framework
from pilotkit.core.framework_file import (
    FRAMEWORK_FILE,
    framework_for,
    load_framework_file,
)
from pilotkit.core.messages import Message, os_reason
from pilotkit.core.problems import Place, Problem, ProblemsError
from pilotkit.core.scenarios import (
    NA,
    Scenario,
    ScenarioFile,
)
from pilotkit.core.yamlsrc import Loc, YamlDocument, parse_yaml, read_text

SCENARIO_SUFFIXES = (".yaml", ".yml")


# -- rules across items --------------------------------------------------------------------------


def _semantic_problems(data: dict[str, Any], doc: YamlDocument, label: str, framework: Framework
                       ) -> list[Problem]:
    problems: list[Problem] = []

    def report(loc: Loc, message: Message) -> None:
        problems.append(Problem(label, doc.line_of(loc), message))

    sections = data.get("sections")
    if not isinstance(sections, list):
        return problems
    section_ids: dict[str, int] = {}
    items_seen: dict[str, dict[str, Any]] = {}
    item_lines: dict[str, int] = {}
    all_item_ids = {
        item.get("id")
        for section in sections if isinstance(section, dict)
        for item in (section.get("items") or []) if isinstance(item, dict)
    }
    for s_index, section in enumerate(sections):
        if not isinstance(section, dict):
            continue
        s_loc: Loc = ("sections", s_index)
        sid = section.get("id")
        if isinstance(sid, str):
            if sid in section_ids:
                report((*s_loc, "id"), Place("section", sid).of(
                    Message("id_repeated", line=section_ids[sid])))
            else:
                section_ids[sid] = doc.line_of((*s_loc, "id"))
        items = section.get("items")
        if not isinstance(items, list):
            continue
        for i_index, item in enumerate(items):
            if not isinstance(item, dict):
                continue
            loc: Loc = (*s_loc, "items", i_index)
            iid = item.get("id")
            name = (Place("item", iid) if isinstance(iid, str)
                    else Place(None, f"sections[{s_index}].items[{i_index}]"))
            _check_item(item, loc, name, framework, items_seen, all_item_ids, report)
            if isinstance(iid, str):
                if iid in items_seen:
                    report((*loc, "id"), name.of(
                        Message("id_repeated", line=item_lines[iid])))
                else:
                    items_seen[iid] = item
                    item_lines[iid] = doc.line_of((*loc, "id"))
    return problems


def _check_item(item: dict[str, Any], loc: Loc, name: Place, framework: Framework,
                earlier: dict[str, dict[str, Any]], all_ids: set[Any],
                report: Any) -> None:
    kind = item.get("type")
    principles = item.get("principles")
    keys: list[tuple[Any, Loc]] = []
    if isinstance(principles, dict):
        keys = [(k, (*loc, "principles", k)) for k in principles]
    elif isinstance(principles, list):
        keys = [(k, (*loc, "principles", n)) for n, k in enumerate(principles)]
    for key, key_loc in keys:
        if isinstance(key, str) and key not in framework.ids:
            close = difflib.get_close_matches(key, framework.ids, n=1, cutoff=0.6)
            report(key_loc, name.of(
                Message("unknown_principle_suggest", "principles: ", principle=key,
                        close=close[0]) if close else
                Message("unknown_principle_known", "principles: ", principle=key,
                        known=", ".join(framework.ids))))
    if kind == "text" and principles:
        report((*loc, "principles"), name.of(Message("text_item_scored", "principles: ")))
    if kind == "number" and principles and not item.get("bands"):
        report((*loc, "principles"), name.of(Message("number_needs_bands", "bands: ")))
    if kind == "choice" and isinstance(item.get("options"), list):
        seen: set[Any] = set()
        for o_index, option in enumerate(item["options"]):
            if not isinstance(option, dict):
                continue
            oid = option.get("id")
            if oid in seen:
                report((*loc, "options", o_index, "id"),
                       name.of(Message("option_repeated", "options: ", option=oid)))
            seen.add(oid)
            if principles and "score" not in option:
                report((*loc, "options", o_index),
                       name.of(Message("option_needs_score", "options: ", option=oid)))
    show_if = item.get("show_if")
    if isinstance(show_if, dict):
        _check_show_if(show_if, (*loc, "show_if"), name, earlier, all_ids, item.get("id"), report)


def _check_show_if(show_if: dict[str, Any], loc: Loc, name: Place,
                   earlier: dict[str, dict[str, Any]], all_ids: set[Any], own_id: Any,
                   report: Any) -> None:
    target = show_if.get("item")
    if not isinstance(target, str):
        return
    controller = earlier.get(target)
    if controller is None:
        if target == own_id or target in all_ids:
            report((*loc, "item"),
                   name.of(Message("show_if_not_earlier", "show_if: ", target=target)))
        else:
            report((*loc, "item"), name.of(Message("show_if_no_item", "show_if: ", target=target)))
        return
    values = show_if.get("in")
    if not isinstance(values, list):
        return
    kind = controller.get("type")
    allowed: set[Any]
    if kind == "yesno":
        allowed = {"yes", "no"}
    elif kind == "choice" and isinstance(controller.get("options"), list):
        allowed = {o.get("id") for o in controller["options"] if isinstance(o, dict)}
    elif kind == "scale" and isinstance(controller.get("scale"), dict):
        low, high = controller["scale"].get("min"), controller["scale"].get("max")
        if not (isinstance(low, int) and isinstance(high, int)):
            return
        allowed = set(range(low, high + 1))
    elif kind in ("number", "text"):
        report((*loc, "item"), name.of(Message("show_if_cannot_control", "show_if: ", kind=kind)))
        return
    else:
        return
    if controller.get("allow_na", True) is not False:
        allowed.add(NA)
    for v_index, value in enumerate(values):
        if isinstance(value, bool) or not isinstance(value, str | int) or value not in allowed:
            shown = ", ".join(repr(a) for a in sorted(allowed, key=str))
            report((*loc, "in", v_index),
                   name.of(Message("show_if_not_an_answer", "show_if: ", value=value,
                                   target=target, allowed=shown)))


# -- files -----------------------------------------------------------------------------------------


def parse_scenario(content: str, label: str, framework: Framework,
                   path: Path | None = None, clean: CleanTexts | None = None) -> ScenarioFile:
    """Validate scenario text; raise `ProblemsError` with every problem found.

    With `clean`, a text found clean before (same text, framework and code) is
    read with the fast parser and the models alone (`clean_texts.py`).
    """
    key = clean.key(content, framework) if clean is not None else None
    if clean is not None and key is not None and clean.known(key):
        try:
            return ScenarioFile(Scenario.model_validate(parse_yaml(content, label, True).data),
                                content, path)
        except (ProblemsError, ValidationError):
            pass  # cannot happen for a clean text; if it does, the full check says why
    doc = parse_yaml(content, label)
    data = doc.mapping(label, "scenario")
    problems: list[Problem] = []
    scenario: Scenario | None = None
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as e:
        from pilotkit.core.problem_lines import validation_problems  # only when there is one

        problems += validation_problems(e, doc, label)
    problems += _semantic_problems(data, doc, label, framework)
    if problems or scenario is None:
        raise ProblemsError(problems)
    if clean is not None and key is not None:
        clean.remember(key)
    return ScenarioFile(scenario, content, path)


def scenario_from_text(content: str, accepted: bool = False) -> Scenario:
    """A scenario stored with a visit: validated when first stored, parsed as it is now.

    Only the models' own checks run, not the cross-item rules against the
    current framework: a visit keeps the scenario it was filled with even if
    the principles have changed since. `accepted`: stored in this database
    (checked strictly on the way in), so read with the fast parser.
    """
    doc = parse_yaml(content, "stored scenario", accepted)
    try:
        return Scenario.model_validate(doc.data)
    except ValidationError as e:
        from pilotkit.core.problem_lines import validation_problems  # only when there is one

        raise ProblemsError(validation_problems(e, doc, "stored scenario")) from None


def load_scenario_file(path: Path, framework: Framework, clean: CleanTexts | None = None
                       ) -> ScenarioFile:
    return parse_scenario(read_text(path), str(path), framework, path, clean)


# -- scenario directories --------------------------------------------------------------------------


def scenario_files(directory: Path) -> list[Path]:
    if not directory.is_dir():  # a file, or a special one (/dev/null): itself, read as one
        return [directory]
    return sorted(
        p for p in directory.iterdir()
        if p.suffix in SCENARIO_SUFFIXES and p.name != FRAMEWORK_FILE and p.is_file()
    )


@dataclass
class Catalog:
    """Every scenario loaded from the sources, later sources replacing earlier ids."""

    framework: Framework
    scenarios: dict[str, ScenarioFile] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    missing_dirs: list[str] = field(default_factory=list)
    """Scenario directories named but not there: the app says so instead of showing fewer."""

    def get(self, scenario_id: str) -> ScenarioFile | None:
        return self.scenarios.get(scenario_id)


def load_catalog(dirs: Sequence[Path], clean: CleanTexts | None = None) -> Catalog:
    missing = [str(d) for d in dirs if not d.exists()]
    problems = [Problem(path, 1, Message("os_no_such_file")) for path in missing]
    existing = [d for d in dirs if d.exists()]
    catalog = Catalog(framework_for(existing, problems), problems=problems, missing_dirs=missing)
    for directory in existing:
        catalog.problems += _load_into(catalog, directory, clean)
    return catalog


def _load_into(catalog: Catalog, directory: Path, clean: CleanTexts | None = None
               ) -> list[Problem]:
    """Load one source; an id repeated within the same source is a problem."""
    problems: list[Problem] = []
    here: dict[str, Path] = {}
    try:
        files = scenario_files(directory)
    except OSError as e:
        return [Problem(str(directory), 1, Message("cannot_read_directory", reason=os_reason(e)))]
    for path in files:
        try:
            loaded = load_scenario_file(path, catalog.framework, clean)
        except ProblemsError as e:
            problems += e.problems
            continue
        sid = loaded.scenario.id
        if sid in here:
            doc = parse_yaml(loaded.content, str(path))
            problems.append(Problem(str(path), doc.line_of(("id",)),
                                    Message("scenario_defined_twice", "id: ", scenario=sid,
                                            path=str(here[sid]))))
            continue
        here[sid] = path
        catalog.scenarios[sid] = loaded
    return problems


def check_paths(paths: Sequence[Path], fallback: Framework, clean: CleanTexts | None = None
                ) -> list[Problem]:
    """Every problem in the given files and directories (`scenarios check`)."""
    problems: list[Problem] = []
    for target in paths:
        if not target.exists():
            problems.append(Problem(str(target), 1, Message("os_no_such_file")))
            continue
        if target.is_dir():
            framework_problems: list[Problem] = []
            framework = framework_for([target], framework_problems) \
                if (target / FRAMEWORK_FILE).is_file() else fallback
            problems += framework_problems
            problems += _load_into(Catalog(framework), target, clean)
        elif target.name == FRAMEWORK_FILE:
            try:
                load_framework_file(target)
            except ProblemsError as e:
                problems += e.problems
        else:
            try:
                load_scenario_file(target, fallback, clean)
            except ProblemsError as e:
                problems += e.problems
    return sorted(set(problems))
