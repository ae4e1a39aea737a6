"""Where the console's database is when none is named: ``$BRANCH_CONSOLE_DB``, else an SQLite file in
the user's data folder. No SQLAlchemy here: a command's ``--help`` says it without loading a driver."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "branch-console"
ENV_DB = "BRANCH_CONSOLE_DB"


def data_dir() -> Path:
    """The platform's user-data folder of the console (the default database, and the files a shared
    database's demo keeps on this computer: its base map)."""
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def default_db_url() -> str:
    """`BRANCH_CONSOLE_DB`, else a SQLite file in the platform user-data folder."""
    env = os.environ.get(ENV_DB)
    if env:
        return env
    return f"sqlite:///{data_dir() / 'console.sqlite3'}"
