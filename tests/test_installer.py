"""The installed package (installer/): what `installer/build` makes and how it behaves.

The bundle checks run on the bundle a previous `installer/build` left in build/bundle (and the .deb in
dist/): building it takes minutes, so the suite does not; without one they are skipped, saying so.
The full check — apt-install the .deb on a fresh Debian 12 with no Python, screenshot, export,
verify, uninstall — is `installer/smoke` (installer/README.md)."""

from __future__ import annotations

import configparser
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

import console
from console.store import migrate

ROOT = Path(__file__).resolve().parents[1]
BUNDLE = Path(os.environ.get("BC_BUNDLE") or ROOT / "build" / "bundle" / "branch-console")
EXE = BUNDLE / "branch-console"
DEBS = sorted((ROOT / "dist").glob(f"branch-console_{console.__version__}_amd64.deb"))

needs_bundle = pytest.mark.skipif(not EXE.is_file(), reason=f"no frozen bundle at {BUNDLE}: run installer/build "
                                  "(needs PyInstaller, the [installer] extra, and dpkg-deb) to check it")
needs_deb = pytest.mark.skipif(not DEBS or not shutil.which("dpkg-deb"),
                               reason="no dist/branch-console_<version>_amd64.deb (installer/build makes it)")


def _run(*args: str, env: dict | None = None, timeout: int = 180) -> subprocess.CompletedProcess:
    full = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    full.update(QT_QPA_PLATFORM="offscreen", **(env or {}))
    return subprocess.run(args, capture_output=True, text=True, timeout=timeout, env=full)


def test_the_desktop_entry_names_the_console_as_its_window_does():
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str
    entry.read(ROOT / "installer" / "linux" / "branch-console.desktop", encoding="utf-8")
    e = entry["Desktop Entry"]
    assert e["Name"] == "Branch Console" and e["Exec"] == "branch-console" and e["Icon"] == "branch-console"
    ts = (ROOT / "resources" / "translations" / "console_zh_CN.ts").read_text(encoding="utf-8")
    title = re.search(r"<source>Branch supervision &amp; dispatch console</source>\s*<translation>([^<]+)<", ts)
    assert e["Name[zh_CN]"] == title.group(1)


def test_build_without_dpkg_deb_says_what_is_missing(tmp_path):
    """A Windows or Fedora machine, say: the build stops at once and names the tool."""
    tools = tmp_path / "bin"
    tools.mkdir()
    for name in ("bash", "dirname", "readlink", "sha256sum", "cut", "printf", "cat", "mktemp", "rm"):
        if shutil.which(name):
            (tools / name).symlink_to(shutil.which(name))
    res = subprocess.run([str(tools / "bash"), str(ROOT / "installer" / "build")], capture_output=True, text=True,
                         env={"PATH": str(tools), "HOME": str(tmp_path)}, timeout=60)
    assert res.returncode == 1
    assert "dpkg-deb is missing" in res.stderr and "installer/windows" in res.stderr


def test_smoke_refuses_a_missing_package(tmp_path):
    res = subprocess.run([str(ROOT / "installer" / "smoke"), str(tmp_path / "nothing.deb")], capture_output=True,
                         text=True, timeout=30)
    assert res.returncode == 2 and "no .deb at" in res.stderr


@needs_bundle
def test_the_bundle_runs_the_commands_a_branch_uses_without_the_source_tree(tmp_path):
    """Demo, audit verify, findings export and --version from the frozen bundle, started outside the tree."""
    home = {"HOME": str(tmp_path / "home"), "XDG_DATA_HOME": "", "XDG_CACHE_HOME": "", "BRANCH_CONSOLE_LANG": "en"}
    res = _run(str(EXE), "--version", env=home)
    assert res.returncode == 0, res.stderr
    assert res.stdout.splitlines()[:2] == [f"branch-console {console.__version__}",
                                          f"schema revision this version expects: {migrate.head_revision()}"]
    db = tmp_path / "b.sqlite3"
    res = _run(str(EXE), "demo", "--db", str(db), "--orders", "300", env=home)
    assert res.returncode == 0, res.stderr  # Alembic migrated a new file from the bundle's scripts
    res = _run(str(EXE), "audit", "verify", "--db", str(db), env=home)
    assert res.returncode == 0 and res.stdout.startswith("intact"), res.stdout + res.stderr
    res = _run(str(EXE), "export", "findings", "--db", str(db), "--out", str(tmp_path / "f.xlsx"), env=home)
    assert res.returncode == 0, res.stderr
    assert (tmp_path / "f.xlsx").read_bytes()[:2] == b"PK"
    res = _run(str(EXE), "--version", "--db", str(db), env=home)
    assert res.stdout.splitlines()[2].endswith("(up to date)"), res.stdout


@needs_bundle
def test_the_bundle_carries_its_data_and_only_the_languages_it_speaks():
    internal = BUNDLE / "_internal"
    assert not (internal / "resources").exists()  # inside console/, where console.assets looks
    assert (internal / "console" / "resources" / "web" / "leaflet" / "leaflet.js").is_file()
    assert list((internal / "console" / "resources" / "translations").glob("console_zh_CN-*.qm"))
    assert {p.name for p in (internal / "console" / "store" / "migrations" / "versions").glob("*.py")} \
        == {p.name for p in (migrate.MIGRATIONS / "versions").glob("*.py")}
    locales = internal / "PySide6" / "Qt" / "translations" / "qtwebengine_locales"
    assert sorted(p.name for p in locales.iterdir()) == ["en-US.pak", "zh-CN.pak"]
    assert not list(internal.rglob("libQt6Quick3D*")) and not list(internal.rglob("libQt63D*"))
    assert not [p for p in BUNDLE.rglob("*") if p.is_symlink() and not p.exists()]  # no link to what was left out
    size = sum(p.stat().st_size for p in BUNDLE.rglob("*") if p.is_file() and not p.is_symlink())
    assert size <= 450 * 2**20, f"the bundle is {size / 2**20:.0f} MB"


@needs_deb
def test_the_package_declares_the_qt_libraries_and_installs_under_opt():
    deb = str(DEBS[-1])
    control = subprocess.run(["dpkg-deb", "--field", deb, "Depends", "Installed-Size"], capture_output=True,
                             text=True, check=True).stdout
    for needed in ("libnss3", "libxkbcommon0", "libegl1", "libfontconfig1", "libxcb-cursor0", "fonts-noto-cjk"):
        assert needed in control, needed
    assert "python" not in control
    files = subprocess.run(["dpkg-deb", "--contents", deb], capture_output=True, text=True, check=True).stdout
    for path in ("./opt/branch-console/branch-console", "./usr/bin/branch-console",
                 "./usr/share/applications/branch-console.desktop",
                 "./usr/share/icons/hicolor/256x256/apps/branch-console.png"):
        assert path in files, path
