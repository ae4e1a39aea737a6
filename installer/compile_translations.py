"""Compile each Qt translation (console.resources/translations/console_<lang>.ts) of the *installed*
console into the .qm beside it that console.views.shell.translations looks for first
(`prebuilt`): a frozen bundle carries no lrelease. Run with the build venv's Python from outside
the source tree (its console/ folder would shadow the installed package):

    python installer/compile_translations.py
"""

from __future__ import annotations

import hashlib
import os
import subprocess

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from console.views.shell import translations  # noqa: E402


def main() -> None:
    for ts in sorted(translations.SOURCES.glob("console_*.ts")):
        lang = ts.stem.removeprefix("console_")
        qm = translations.prebuilt(lang, hashlib.sha256(ts.read_bytes()).hexdigest()[:16])
        for old in translations.SOURCES.glob(f"console_{lang}-*.qm"):
            old.unlink()
        subprocess.run([str(translations.lrelease()), "-silent", str(ts), "-qm", str(qm)], check=True)
        if not qm.is_file() or not qm.stat().st_size:
            raise SystemExit(f"lrelease wrote no {qm}")
        print(qm)


if __name__ == "__main__":
    main()
