"""Where the console's data files are: `console.resources` (the repository's resources/ folder,
shipped inside the console package by setup.py), found through importlib.resources — the same in
the source tree's editable install, a wheel installed in site-packages and the frozen bundle of
installer/build. The map links its web assets by file URL and Alembic reads its scripts as files,
so a resource is a real folder on disk, never a path inside a zip archive."""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

PACKAGE = "console.resources"


def resource_dir(*parts: str) -> Path:
    """The folder `parts` under the console's resources (e.g. ``resource_dir("web")``)."""
    # os.fspath refuses (TypeError) a Traversable that is no file on disk, e.g. inside a zip import
    return Path(os.fspath(resources.files(PACKAGE).joinpath(*parts)))
