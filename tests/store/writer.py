"""A child process for the durability tests: writes, and reports each durable write.

usage: python -m tests.store.writer DB SCENARIO_YAML TAG COUNT
Prints `saved VISIT_ID VALUE` after each write has returned (so is durable).
"""

from __future__ import annotations

import sys
from pathlib import Path

from pilotkit.core.framework_file import default_framework
from pilotkit.core.loader import load_scenario_file
from pilotkit.core.visit_service import VisitService


def main() -> None:
    db, scenario_path, tag, count = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    framework = default_framework()
    scenario = load_scenario_file(Path(scenario_path), framework)
    with VisitService.open(Path(db), framework.ids) as store:
        for n in range(count):
            visit_id = store.start_visit(scenario, "FI-Lohja", "r1", tag,
                                         "2017-05-02T14:30:00")
            store.set_answer(visit_id, "wait_minutes", n)
            print(f"saved {visit_id} {n}", flush=True)


if __name__ == "__main__":
    main()
