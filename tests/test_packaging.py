"""An installed console finds what it reads at run time: every data file of the source tree that the
code looks up (report labels, the map's offline web assets, migrations) is package data in
pyproject.toml, matched the way setuptools matches it (globs relative to the package folder)."""

from __future__ import annotations

import glob
import tomllib
from fnmatch import fnmatch
from pathlib import Path

from console.maps import builder
from console import i18n
from console.store import migrate

ROOT = Path(__file__).resolve().parents[1]
SETUP = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]


def shipped(package: str) -> set[Path]:
    """The files setuptools puts in the wheel as data of `package` (a folder of the source tree)."""
    assert any(fnmatch(package, pattern) for pattern in SETUP["packages"]["find"]["include"]), package
    base = ROOT / package.replace(".", "/")
    return {base / name for pattern in SETUP["package-data"].get(package, [])
            for name in glob.glob(pattern, root_dir=base, recursive=True) if (base / name).is_file()}


def test_every_resource_file_ships_beside_the_console_package():
    files = {p for p in (ROOT / "resources").rglob("*") if p.is_file()}
    assert files and files <= shipped("resources"), sorted(str(p) for p in files - shipped("resources"))
    # the code looks for them next to the package, which is where the wheel puts them
    for folder in (i18n.CATALOGUES, builder.WEB_DIR):
        assert folder.parent == ROOT / "resources" and folder.is_dir()
    assert (i18n.CATALOGUES / "console.zh_CN.json") in shipped("resources")


def test_every_data_file_inside_the_console_package_ships():
    data = {p for p in (ROOT / "console").rglob("*")
            if p.is_file() and p.suffix not in (".py", ".pyc") and "__pycache__" not in p.parts}
    assert data <= shipped("console"), sorted(str(p) for p in data - shipped("console"))
    migrations = {p for p in migrate.MIGRATIONS.rglob("*.py") if "__pycache__" not in p.parts}
    assert migrations and migrations <= shipped("console")
