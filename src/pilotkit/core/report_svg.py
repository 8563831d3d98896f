"""A dot-and-whisker chart as inline SVG: text stays text, no script, no external file.

Circles are the baseline and squares the round after (shape, not only
colour, tells them apart); each whisker is the 95 % interval on a fixed
0–100 scale, so charts side by side compare at a glance.
"""

from __future__ import annotations

from html import escape

from pilotkit.core.report_doc import Chart, Point

BEFORE_COLOUR = "#1d4f91"
"""Blue, 8.6:1 against white."""
AFTER_COLOUR = "#9a3412"
"""Dark orange, 7.3:1 against white."""
AXIS_COLOUR = "#595959"
"""Grey, 7.0:1 against white."""
LABEL_WIDTH = 260
PLOT_WIDTH = 360
ROW = 30
TOP = 44


def _x(score: float) -> float:
    return LABEL_WIDTH + PLOT_WIDTH * max(0.0, min(100.0, score)) / 100.0


def _whisker(point: Point, y: float, colour: str) -> list[str]:
    if point.low is None or point.high is None:
        return []
    return [f'<line x1="{_x(point.low):.1f}" y1="{y:.1f}" x2="{_x(point.high):.1f}" '
            f'y2="{y:.1f}" stroke="{colour}" stroke-width="2"/>']


def chart_svg(chart: Chart, chart_id: str) -> str:
    height = TOP + ROW * len(chart.labels) + 10
    width = LABEL_WIDTH + PLOT_WIDTH + 20
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" '
             f'height="{height}" viewBox="0 0 {width} {height}" '
             f'aria-labelledby="{chart_id}-title {chart_id}-desc">',
             f'<title id="{chart_id}-title">{escape(chart.title)}</title>',
             f'<desc id="{chart_id}-desc">{escape(chart.description)}</desc>']
    # the legend, in words beside each shape
    parts.append(f'<circle cx="{LABEL_WIDTH + 6}" cy="10" r="5" fill="{BEFORE_COLOUR}"/>'
                 f'<text x="{LABEL_WIDTH + 16}" y="14" font-size="12" fill="#000">'
                 f'{escape(chart.legend[0])}</text>')
    parts.append(f'<rect x="{LABEL_WIDTH + 121}" y="5" width="10" height="10" '
                 f'fill="{AFTER_COLOUR}"/><text x="{LABEL_WIDTH + 136}" y="14" font-size="12" '
                 f'fill="#000">{escape(chart.legend[1])}</text>')
    for tick in (0, 25, 50, 75, 100):
        x = _x(tick)
        parts.append(f'<line x1="{x:.1f}" y1="{TOP - 8}" x2="{x:.1f}" y2="{height - 10}" '
                     f'stroke="{AXIS_COLOUR}" stroke-width="0.5"/>'
                     f'<text x="{x:.1f}" y="{TOP - 12}" font-size="11" text-anchor="middle" '
                     f'fill="{AXIS_COLOUR}">{tick}</text>')
    for index, name in enumerate(chart.labels):
        y = TOP + ROW * index + ROW / 2
        parts.append(f'<text x="{LABEL_WIDTH - 8}" y="{y + 4:.1f}" font-size="12" '
                     f'text-anchor="end" fill="#000">{escape(name)}</text>')
        before, after = chart.before[index], chart.after[index]
        if before is not None:
            parts += _whisker(before, y - 5, BEFORE_COLOUR)
            parts.append(f'<circle cx="{_x(before.mean):.1f}" cy="{y - 5:.1f}" r="5" '
                         f'fill="{BEFORE_COLOUR}"/>')
        if after is not None:
            parts += _whisker(after, y + 5, AFTER_COLOUR)
            parts.append(f'<rect x="{_x(after.mean) - 5:.1f}" y="{y:.1f}" width="10" '
                         f'height="10" fill="{AFTER_COLOUR}"/>')
    parts.append("</svg>")
    return "".join(parts)
