"""Exports read back as written: hostile text never splits a row or becomes a live formula.

Read by Python's csv module and by a real spreadsheet (LibreOffice Calc,
headless), plain and `--excel`.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest

from tests.cli_helpers import run, run_bytes
from tests.fixtures import VISIT, contract_env, setup_db

HOSTILE = ["visit ok\r=1+2", "line one\nline two", "crlf\r\n+SUM(A1)", 'say "hi"; then, go',
           "=HYPERLINK(\"x\")", "-1", "@cmd", "\t=1", "\r=2", "a;b,c"]
FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    tmp = tmp_path_factory.mktemp("readback")
    env = contract_env(tmp, "r.db")
    setup_db(env)
    visits = [{**VISIT, "id": f"00000000-0000-4000-8000-{n:012d}", "comment": text,
               "notes": {"greeted": text},
               "answers": {**VISIT["answers"], "remarks": text}}
              for n, text in enumerate(HOSTILE)]
    payload = json.dumps({"format": "pilotkit-visits/1", "visits": visits}, ensure_ascii=False)
    assert run("record", "-", stdin=payload, env=env).returncode == 0
    files: dict[str, Any] = {"dir": tmp, "visits": len(HOSTILE), "answers": len(HOSTILE) * 7}
    for kind in ("answers", "visits"):
        for excel in (False, True):
            name = f"{kind}{'-excel' if excel else ''}.csv"
            args = ["export", kind, "--out", "-", *(["--excel"] if excel else [])]
            (tmp / name).write_bytes(run_bytes(env, *args))
            files[name] = tmp / name
    return files


def python_rows(path: Path, excel: bool) -> list[list[str]]:
    text = path.read_bytes().decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=";" if excel else ","))


@pytest.mark.parametrize("kind", ["answers", "visits"])
@pytest.mark.parametrize("excel", [False, True])
def test_python_reads_every_row_back_whole(exported: dict[str, Any], kind: str,
                                          excel: bool) -> None:
    rows = python_rows(exported[f"{kind}{'-excel' if excel else ''}.csv"], excel)
    header, body = rows[0], rows[1:]
    assert len(body) == exported[kind]
    assert all(len(row) == len(header) for row in body)
    column = header.index("comment" if kind == "visits" else "note")
    texts = [row[column] for row in body if row[column]]
    assert sorted(texts) == sorted("'" + t if t.startswith(FORMULA_LEADS) else t for t in HOSTILE)
    for row in body:
        for cell in row:
            assert not cell.startswith(FORMULA_LEADS) or cell.lstrip("-").replace(
                ",", "").replace(".", "").isdigit(), cell


def soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        if os.environ.get("PILOTKIT_REQUIRE_CLIENTS"):
            pytest.fail("LibreOffice (soffice) is required here", pytrace=False)
        pytest.skip("LibreOffice is not installed (apt-get install libreoffice-calc-nogui)")
    return found


def calc_rows(path: Path, excel: bool, work: Path) -> list[list[tuple[str, str | None]]]:
    """The sheet as LibreOffice Calc reads the CSV: per row, (text, formula or None) per cell."""
    separator = "59" if excel else "44"
    # filter options: separator, text delimiter ", UTF-8 (76), first line 1
    subprocess.run([soffice(), f"-env:UserInstallation=file://{work}/profile", "--headless",
                    "--infilter=CSV:" + f"{separator},34,76,1", "--convert-to", "ods",
                    "--outdir", str(work), str(path)],
                   check=True, capture_output=True, timeout=180)
    content = zipfile.ZipFile(work / f"{path.stem}.ods").read("content.xml")
    ns = {"table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
          "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0"}
    rows = []
    for row in ElementTree.fromstring(content).iter(f"{{{ns['table']}}}table-row"):
        cells = []
        for cell in row.iter(f"{{{ns['table']}}}table-cell"):
            repeat = int(cell.get(f"{{{ns['table']}}}number-columns-repeated", "1"))
            text = "\n".join("".join(p.itertext()) for p in cell.iter(f"{{{ns['text']}}}p"))
            formula = cell.get(f"{{{ns['table']}}}formula")
            cells.extend([(text, formula)] * min(repeat, 50))
        rows.append(cells)
    return [r for r in rows if any(text for text, _ in r)]


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["answers", "visits"])
@pytest.mark.parametrize("excel", [False, True])
def test_libreoffice_reads_every_row_back_with_no_live_formula(
        exported: dict[str, Any], kind: str, excel: bool, tmp_path: Path) -> None:
    rows = calc_rows(exported[f"{kind}{'-excel' if excel else ''}.csv"], excel, tmp_path)
    assert len(rows) == exported[kind] + 1
    assert not [text for row in rows for text, formula in row if formula], \
        "a cell became a formula"
