"""The report as Markdown, for a web page's editor or a word processor that reads it.

A chart has no Markdown: its table, which follows it, carries the numbers.
"""

from __future__ import annotations

from pilotkit.core.report_doc import Block, Chart, Heading, Paragraph, Table


def _cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def render_md(blocks: list[Block]) -> str:
    out: list[str] = []
    for block in blocks:
        if isinstance(block, Heading):
            out += ["#" * block.level + " " + block.text, ""]
        elif isinstance(block, Paragraph):
            out += [block.text, ""]
        elif isinstance(block, Table):
            out += [f"**{block.caption}**", "",
                    "| " + " | ".join(_cell(h) for h in block.header) + " |",
                    "|" + "---|" * len(block.header)]
            out += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in block.rows]
            out.append("")
        elif isinstance(block, Chart):
            continue
    return "\n".join(out).rstrip("\n") + "\n"
