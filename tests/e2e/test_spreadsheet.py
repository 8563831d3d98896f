"""`--excel` exports opened by LibreOffice Calc itself, headless, in a Finnish locale (issue #16).

Calc imports the CSV as a person's would (`;`, UTF-8, language Finnish, special
numbers detected, as the Text Import dialog offers), saves it as .ods, and the
test reads the cells' types from the spreadsheet's content.xml: visit times are
date-times, scores are numbers with at most one decimal.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pytest

from tests.cli_helpers import run
from tests.fixtures import CONTRACT_EXAMPLE, VISIT, record, setup_db

pytestmark = pytest.mark.slow

FINNISH = 1035  # LibreOffice's language id for Finnish (fi-FI)
NS = {"table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
      "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0"}


def calc_rows(csv_path: Path, tmp: Path) -> list[list[dict[str, str]]]:
    """The sheet's rows as cells: {type, value, text} read from the .ods Calc wrote."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        if os.environ.get("PILOTKIT_REQUIRE_CLIENTS"):  # set by .ci/run, which installs it
            pytest.fail("LibreOffice (soffice) is required here", pytrace=False)
        pytest.skip("LibreOffice is not installed (apt-get install libreoffice-calc-nogui)")
    out = tmp / "ods"
    subprocess.run([soffice, f"-env:UserInstallation=file://{tmp / 'profile'}", "--headless",
                    f"--infilter=CSV:59,34,76,1,,{FINNISH},false,true", "--convert-to", "ods",
                    "--outdir", str(out), str(csv_path)], check=True, capture_output=True,
                   timeout=180)
    content = zipfile.ZipFile(out / (csv_path.stem + ".ods")).read("content.xml")
    rows = []
    for row in ElementTree.fromstring(content).iter(f"{{{NS['table']}}}table-row"):
        cells: list[dict[str, str]] = []
        for cell in row.iter(f"{{{NS['table']}}}table-cell"):
            repeat = int(cell.get(f"{{{NS['table']}}}number-columns-repeated", "1"))
            value = (cell.get(f"{{{NS['office']}}}date-value")
                     or cell.get(f"{{{NS['office']}}}value") or "")
            text = "".join(cell.itertext())
            kind = cell.get(f"{{{NS['office']}}}value-type", "")
            cells += [{"type": kind, "value": value, "text": text}] * min(repeat, 64)
        rows.append(cells)
    return rows


@pytest.fixture
def exported(tmp_path: Path) -> dict[str, str]:
    scenarios = tmp_path / "scenarios"
    scenarios.mkdir()
    (scenarios / "proxy.yaml").write_text(CONTRACT_EXAMPLE, encoding="utf-8")
    env = {"PILOTKIT_DB": str(tmp_path / "p.db"), "PILOTKIT_SCENARIOS": str(scenarios)}
    setup_db(env)
    second = {**VISIT, "id": "00000000-0000-4000-8000-000000000002",
              "visited_at": "2017-05-03T09:05:00",
              "answers": {"greeted": "no", "wait_minutes": 1.5, "outcome": "none"}}
    # scores by hand (contract example): VISIT prof 75, co 87.5, resp 50, rel 75,
    # overall 71.875; the second co 0, resp 100, rel 0, overall 33.333…
    assert record(env, [VISIT, second]).returncode == 0
    return env


def test_dates_and_scores_in_a_finnish_calc(exported: dict[str, str], tmp_path: Path) -> None:
    visits = tmp_path / "visits.csv"
    result = run("--lang", "fi", "export", "visits", "--excel", "--out", visits, env=exported)
    assert result.returncode == 0, result.stderr
    rows = calc_rows(visits, tmp_path)
    header = [c["text"] for c in rows[0]]
    assert header[:5] == ["käynnin tunnus", "kirjasto (ISIL)", "kirjaston nimi", "kierros",
                          "kierroksen nimi"]
    when, overall = header.index("käynnin aika"), header.index("Kokonaisuus")
    by_id = {row[0]["text"]: row for row in rows[1:3]}
    first, second = by_id[VISIT["id"]], by_id["00000000-0000-4000-8000-000000000002"]
    assert first[2]["text"] == "Lohjan kaupunginkirjasto"
    # a date-time cell, not text
    assert (first[when]["type"], first[when]["value"]) == ("date", "2017-05-02T14:30:00")
    assert (second[when]["type"], second[when]["value"]) == ("date", "2017-05-03T09:05:00")
    # numbers (read through the Finnish decimal comma), rounded to one decimal
    assert (first[overall]["type"], first[overall]["value"]) == ("float", "71.9")
    assert (second[overall]["type"], second[overall]["value"]) == ("float", "33.3")
    professionalism = header.index("Ammatillisuus")
    assert (first[professionalism]["type"], first[professionalism]["value"]) == ("float", "75")

    scores = tmp_path / "scores.csv"
    assert run("--lang", "fi", "export", "scores", "--excel", "--out", scores,
               env=exported).returncode == 0
    rows = calc_rows(scores, tmp_path)
    header = [c["text"] for c in rows[0]]
    mean = header.index("keskiarvo")
    overall_row = next(r for r in rows[1:] if r[header.index("periaate")]["text"] == "overall")
    # (71.875 + 33.333) / 2 = 52.604 → 52.6
    assert (overall_row[mean]["type"], overall_row[mean]["value"]) == ("float", "52.6")
    low = header.index("95 %:n väli, alaraja")
    assert overall_row[low]["type"] == "float"
    assert re.fullmatch(r"-?\d+(\.\d)?", overall_row[low]["value"])
