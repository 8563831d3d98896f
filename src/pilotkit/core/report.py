"""A pilot report from a database: gather the numbers, lay them out, render HTML or Markdown."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Literal

from pilotkit.core.filters import Filters
from pilotkit.core.framework import Framework
from pilotkit.core.labels import title_label
from pilotkit.core.visit_service import VisitService

ReportFormat = Literal["html", "md"]


def make_report(store: VisitService, framework: Framework, rounds: Sequence[str],
                filters: Filters, lang: str, fmt: ReportFormat = "html",
                goals: str | None = None, min_cell: int = 3,
                written: str | None = None) -> str:
    """The whole report as text. `written` fixes the provenance time (tests); else now, UTC.

    Without `goals`, the text stored for these rounds (`report --goals`) is used.
    """
    from pilotkit import __version__
    from pilotkit.core.entities import OVERALL
    from pilotkit.core.report_data import gather
    from pilotkit.core.report_doc import Provenance, build

    data = gather(store, rounds, filters, lang, min_cell)
    if goals is None:
        goals = store.report_goals(rounds[0], rounds[-1])

    def principle_name(principle: str) -> str:
        if principle == OVERALL:
            return title_label("principle", OVERALL, lang)
        return framework.name(principle, lang)

    stamp = written or datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    blocks = build(data, lang, principle_name,
                   Provenance(__version__, store.database_id, stamp), goals)
    if fmt == "md":
        from pilotkit.core.report_md import render_md

        return render_md(blocks)
    from pilotkit.core.report_html import render_html

    return render_html(blocks, lang)
