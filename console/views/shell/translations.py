"""The console's compiled translations: resources/translations/console_<lang>.ts (committed, made
by `pyside6-lupdate`, edited with Qt Linguist) compiled by Qt's `lrelease` into a .qm the first
time a console starts in that language after the .ts changed. The .qm is not committed: it goes
into the user's cache folder (XDG_CACHE_HOME, else ~/.cache), named by the .ts's content hash,
so every .ts edit is picked up and two consoles never write the same file half-way.

An installed package (installer/build) has no lrelease: its build compiles each .ts beforehand
into `console_<lang>-<hash>.qm` beside it (`prebuilt`), which is used when its hash is the .ts's."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import PySide6

from console.assets import resource_dir

SOURCES = resource_dir("translations")


def source(lang: str) -> Path:
    return SOURCES / f"console_{lang}.ts"


def lrelease() -> Path:
    """Qt's lrelease, shipped inside the PySide6 wheel."""
    return Path(PySide6.__file__).resolve().parent / "lrelease"


def prebuilt(lang: str, digest: str) -> Path:
    """Where a build puts the .qm compiled from the .ts whose content hash starts with `digest`."""
    return SOURCES / f"console_{lang}-{digest}.qm"


def compiled(lang: str, cache: Path | None = None) -> Path | None:
    """The .qm of `lang`, compiled now when missing or older than its .ts; None when there is
    no .ts for it (English is the source language) or lrelease fails (the console then speaks
    English and says so on stderr)."""
    ts = source(lang)
    if not ts.is_file():
        return None
    digest = hashlib.sha256(ts.read_bytes()).hexdigest()[:16]
    shipped = prebuilt(lang, digest)
    if shipped.is_file():
        return shipped
    base = cache or Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "branch-console" / "translations"
    qm = base / f"console_{lang}-{digest}.qm"
    if qm.is_file():
        return qm
    base.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".console_{lang}-", suffix=".qm", dir=base)
    os.close(fd)
    try:
        done = subprocess.run([str(lrelease()), "-silent", str(ts), "-qm", tmp], capture_output=True, text=True,
                              timeout=60)
        if done.returncode != 0 or not Path(tmp).stat().st_size:
            print(f"branch-console: cannot compile {ts}: {done.stderr.strip() or done.stdout.strip()}",
                  file=sys.stderr)
            return None
        os.replace(tmp, qm)
        for old in base.glob(f"console_{lang}-*.qm"):  # earlier versions of this language
            if old != qm:
                old.unlink(missing_ok=True)
        return qm
    finally:
        Path(tmp).unlink(missing_ok=True)
