"""Every benchmark of the project, in one command: `python bench/run.py [--visits N]`.

Each figure is printed beside its yardstick, measured side by side in the same
run (these machines are noisy: absolute times drift, ratios much less), with
the peak memory of the measured command, and the table is written to
bench/RESULTS.md under the run's size (20,000 visits by default; the
issue-18 figures at `--visits 200000`), keeping the other sizes' tables.
"""

from __future__ import annotations

import argparse
import platform
import re
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import bench_store, bench_team, bench_tui
from bench.common import Figure, Workspace

SUITES = {"store": bench_store.run, "tui": bench_tui.run, "team": bench_team.run}
RESULTS = Path(__file__).with_name("RESULTS.md")


def table(figures: list[Figure]) -> str:
    lines = ["| figure | value | yardstick | yardstick value | ratio | target | met |"
             " peak memory |",
             "|---|---|---|---|---|---|---|---|"]
    for f in figures:
        memory = "" if f.memory is None else f"{f.memory:.0f} MiB"
        lines.append(f"| {f.name} | {f.value:.3f} {f.unit} | {f.yardstick_name} | "
                     f"{f.yardstick:.3f} {f.unit} | {f.ratio:.2f}× | {f.target} | "
                     f"{'—' if f.ok is None else 'yes' if f.ok else 'NO'} | {memory} |")
    return "\n".join(lines)


def _rows(table_text: str) -> dict[str, str]:
    """A results table's rows by figure name (the first cell)."""
    return {line.split(" | ")[0][2:]: line for line in table_text.splitlines()
            if line.startswith("| ") and not line.startswith("| figure |")}


def merged_body(old: str | None, stamp: str, suites: list[str], out: str) -> str:
    """A section for a run of only some suites: its figures replace the rows of the same name,
    and the rows it did not measure stay, said to be from the earlier run (no row is dated
    falsely, no figure silently dropped)."""
    if old is None:
        return f"{stamp} ({', '.join(suites)} only)\n\n{out}"
    old_rows, new_rows = _rows(old), _rows(out)
    header, _, _ = old.partition("\n\n|")
    earlier = header.split("\n")[-1].split(" — ")[-1]
    lines = out.splitlines()[:2]
    lines += [new_rows.get(name, row) for name, row in old_rows.items()]
    lines += [row for name, row in new_rows.items() if name not in old_rows]
    kept = [name for name in old_rows if name not in new_rows]
    note = (f"{stamp}: suites {', '.join(suites)} measured again"
            + (f"; {len(kept)} rows kept from the earlier run — {earlier}" if kept else ""))
    return f"{note}\n\n" + "\n".join(lines)


def sections_of(text: str) -> dict[str, str]:
    return {match.group(1): match.group(2).strip() for match in re.finditer(
        r"^(## [\d,]+ visits)\n(.*?)(?=^## |\Z)", text, re.M | re.S)}


def write_results(visits: int, body: str) -> None:
    """This size's section of RESULTS.md replaced; the other sizes' sections kept."""
    heading = f"## {visits:,} visits"
    sections = sections_of(RESULTS.read_text(encoding="utf-8")) if RESULTS.exists() else {}
    sections[heading] = body
    ordered = sorted(sections, key=lambda h: int(re.sub(r"\D", "", h)))
    RESULTS.write_text(
        "# Benchmark results\n\n`python bench/run.py` (20,000 visits) and "
        "`python bench/run.py --visits 200000`; each ratio is against a yardstick measured "
        "in the same run.\n\n"
        + "\n\n".join(f"{h}\n\n{sections[h]}" for h in ordered) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("suites", nargs="*", help=f"suites to run: {', '.join(SUITES)} (default: all)")
    parser.add_argument("--visits", type=int, default=20_000,
                        help="size of the big database (default 20000)")
    parser.add_argument("--runs", type=int, default=3,
                        help="runs of each bulk command; the median counts (default 3)")
    args = parser.parse_args()
    unknown = [s for s in args.suites if s not in SUITES]
    if unknown:
        parser.error(f"unknown suite {unknown[0]}")
    figures: list[Figure] = []
    with tempfile.TemporaryDirectory() as tmp:
        space = Workspace(Path(tmp), args.visits, args.runs)
        for name in args.suites or list(SUITES):
            print(f"running {name}…", file=sys.stderr)
            figures += SUITES[name](space)
    out = table(figures)
    print(out)
    stamp = (f"{datetime.now(UTC).strftime('%Y-%m-%d %H:%M UTC')}, Python "
             f"{platform.python_version()}, {platform.machine()}")
    if args.suites and set(args.suites) != set(SUITES):
        old = (sections_of(RESULTS.read_text(encoding="utf-8")).get(f"## {args.visits:,} visits")
               if RESULTS.exists() else None)
        write_results(args.visits, merged_body(old, stamp, args.suites, out))
    else:
        write_results(args.visits, f"{stamp}\n\n{out}")


if __name__ == "__main__":
    main()
