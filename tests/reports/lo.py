"""LibreOffice Calc (headless) as a real client for the workbook tests: convert workbooks to PDF or
CSV (every sheet) and read the pages back with poppler (pdfinfo, pdftotext).

A test that needs it calls :func:`need_soffice`: skipped where LibreOffice is not installed, except
under CI (``CI`` set), where a missing LibreOffice is a failure — ./test installs it. Each
conversion runs with a private profile, so parallel runs never lock each other; several files go
in one call (a start costs seconds).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

# every sheet (token 12 = -1), UTF-8 (76), comma-separated, formulas' results as shown
CSV_ALL_SHEETS = 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1'


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def need_soffice() -> str:
    found = soffice()
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice (soffice) is not installed: under CI the print and injection checks must run")
        pytest.skip("LibreOffice (soffice) is not installed here")
    return found


def convert(files, to: str, outdir: Path) -> None:
    """Convert ``files`` with LibreOffice into ``outdir`` (``to``: "pdf", "csv" or a filter spec)."""
    exe = need_soffice()
    outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="lo-profile-") as profile:
        subprocess.run([exe, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
                        "--convert-to", to, "--outdir", str(outdir), *map(str, files)],
                       check=True, timeout=240, capture_output=True)


def pdf_pages(pdf: Path) -> list[str]:
    """The text of each page of ``pdf`` (pdftotext, pages split at form feeds)."""
    if shutil.which("pdftotext"):
        out = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
        pages = out.split("\f")
        if pages and not pages[-1].strip():
            pages = pages[:-1]
        return pages
    count = len(re.findall(rb"/Type\s*/Page(?!s)", pdf.read_bytes()))  # no text without poppler
    return [""] * count


def page_count(pdf: Path) -> int:
    if shutil.which("pdfinfo"):
        info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
        return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    return len(re.findall(rb"/Type\s*/Page(?!s)", pdf.read_bytes()))
