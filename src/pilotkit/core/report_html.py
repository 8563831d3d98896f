"""The report as one self-contained, printable and accessible HTML file.

No script, font, image or style sheet from elsewhere: charts are inline SVG
and the styles are in the page. Headings are in order, every table has a
caption and scoped headers, every chart a title, a description and a table
of its numbers, and the page says its language (WCAG 2.1 AA, which Finnish
law 306/2019 asks of a public body's web page). The same input gives the
same bytes.
"""

from __future__ import annotations

from html import escape

from pilotkit.core.report_doc import Block, Chart, Heading, Paragraph, Table
from pilotkit.core.report_svg import chart_svg

STYLE = """
body { font-family: system-ui, sans-serif; line-height: 1.5; color: #111; background: #fff;
       max-width: 60rem; margin: 0 auto; padding: 1rem; }
table { border-collapse: collapse; margin: 0.5rem 0 1.5rem; }
caption { text-align: left; font-weight: bold; padding: 0.25rem 0; }
th, td { border: 1px solid #767676; padding: 0.25rem 0.5rem; text-align: left;
         vertical-align: top; }
thead th { background: #e8e8e8; }
figure { margin: 1rem 0 0; }
svg { max-width: 100%; height: auto; }
@media print {
  h2 { break-before: page; }
  table, figure { break-inside: avoid; }
}
""".strip()


def render_html(blocks: list[Block], lang: str) -> str:
    title = next((b.text for b in blocks if isinstance(b, Heading) and b.level == 1), "")
    out = ["<!DOCTYPE html>", f'<html lang="{escape(lang)}">', "<head>",
           '<meta charset="utf-8">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           f"<title>{escape(title)}</title>", f"<style>\n{STYLE}\n</style>", "</head>",
           "<body>", "<main>"]
    charts = 0
    for block in blocks:
        if isinstance(block, Heading):
            out.append(f"<h{block.level}>{escape(block.text)}</h{block.level}>")
        elif isinstance(block, Paragraph):
            out.append(f"<p>{escape(block.text)}</p>")
        elif isinstance(block, Table):
            out.append(_table(block))
        elif isinstance(block, Chart):
            charts += 1
            out.append(f"<figure>{chart_svg(block, f'chart-{charts}')}</figure>")
    out += ["</main>", "</body>", "</html>", ""]
    return "\n".join(out)


def _table(table: Table) -> str:
    head = "".join(f'<th scope="col">{escape(h)}</th>' for h in table.header)
    rows = []
    for row in table.rows:
        first, *rest = row
        cells = "".join(f"<td>{escape(c)}</td>" for c in rest)
        rows.append(f'<tr><th scope="row">{escape(first)}</th>{cells}</tr>')
    return (f"<table>\n<caption>{escape(table.caption)}</caption>\n<thead><tr>{head}</tr></thead>"
            f"\n<tbody>\n" + "\n".join(rows) + "\n</tbody>\n</table>")
