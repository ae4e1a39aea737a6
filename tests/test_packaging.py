"""An installed console finds what it reads at run time. The wheel holds one top-level package,
`console`: the repository's resources/ folder (report labels, Qt translations, the map's offline web
assets) is inside it as `console.resources` (setup.py), so nothing named `resources` collides in
site-packages or a frozen bundle; every lookup goes through importlib.resources (console.assets);
the migrations Alembic reads as files ship too; and the version is said once (console.__version__)."""

from __future__ import annotations

import subprocess
import sys
import tomllib
import zipfile
from importlib import metadata, resources
from pathlib import Path

import pytest

import console
from console import assets, i18n
from console.maps import builder
from console.store import migrate

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> zipfile.ZipFile:
    out = tmp_path_factory.mktemp("wheel")
    res = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                          "-w", str(out), str(ROOT)], capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, res.stderr
    (built,) = out.glob("branch_console-*.whl")
    return zipfile.ZipFile(built)


def test_the_wheel_has_one_top_level_package_and_every_resource_inside_it(wheel):
    names = set(wheel.namelist())
    (top,) = [n for n in names if n.endswith(".dist-info/top_level.txt")]
    assert wheel.read(top).decode().split() == ["console"]
    assert {n.split("/")[0] for n in names if not n.split("/")[0].endswith(".dist-info")} == {"console"}
    files = {p.relative_to(ROOT / "resources").as_posix() for p in (ROOT / "resources").rglob("*")
             if p.is_file() and "__pycache__" not in p.parts}
    assert files and {f"console/resources/{f}" for f in files} <= names


def test_every_data_file_inside_the_console_package_ships(wheel):
    names = set(wheel.namelist())
    data = {p.relative_to(ROOT).as_posix() for p in (ROOT / "console").rglob("*")
            if p.is_file() and p.suffix != ".pyc" and "__pycache__" not in p.parts}
    assert data <= names, sorted(data - names)
    migrations = {p.relative_to(ROOT).as_posix() for p in migrate.MIGRATIONS.rglob("*.py")
                  if "__pycache__" not in p.parts}
    assert migrations and migrations <= names


def test_each_resource_lookup_resolves_through_importlib_resources():
    from console.views.shell import translations

    root = Path(str(resources.files("console.resources")))
    for folder, name in ((i18n.CATALOGUES, "i18n"), (builder.WEB_DIR, "web"), (translations.SOURCES, "translations")):
        assert folder == root / name == assets.resource_dir(name) and folder.is_dir()
    assert (i18n.CATALOGUES / "console.zh_CN.json").is_file()
    assert translations.source("zh_CN").is_file()
    builder.check_assets()  # every script and style the offline map links


def test_the_version_is_said_once():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert "version" not in project and project["dynamic"] == ["version"]
    assert metadata.version("branch-console") == console.__version__
