"""Every benchmark of the project, in one command: `python bench/run.py`.

Each figure is printed beside its yardstick, measured side by side in the same
run (these machines are noisy: absolute times drift, ratios much less), and
the table is written to bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import platform
import sys
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import bench_store, bench_team, bench_tui
from bench.common import Figure

SUITES = {"store": bench_store.run, "tui": bench_tui.run, "team": bench_team.run}


def table(figures: list[Figure]) -> str:
    lines = ["| figure | value | yardstick | yardstick value | ratio | target | met |",
             "|---|---|---|---|---|---|---|"]
    for f in figures:
        lines.append(f"| {f.name} | {f.value:.3f} {f.unit} | {f.yardstick_name} | "
                     f"{f.yardstick:.3f} {f.unit} | {f.ratio:.2f}× | {f.target} | "
                     f"{'—' if f.ok is None else 'yes' if f.ok else 'NO'} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("suites", nargs="*", help=f"suites to run: {', '.join(SUITES)} (default: all)")
    args = parser.parse_args()
    unknown = [s for s in args.suites if s not in SUITES]
    if unknown:
        parser.error(f"unknown suite {unknown[0]}")
    figures: list[Figure] = []
    for name in args.suites or list(SUITES):
        print(f"running {name}…", file=sys.stderr)
        figures += SUITES[name]()
    out = table(figures)
    print(out)
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    Path(__file__).with_name("RESULTS.md").write_text(
        f"# Benchmark results\n\n{stamp}, Python {platform.python_version()}, "
        f"{platform.machine()}\n\n{out}\n", encoding="utf-8")


if __name__ == "__main__":
    main()
