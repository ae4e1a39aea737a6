"""The command line a user or cron runs: demo, stats, --screenshot, database selection."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtGui import QImage

from console.store.engine import ENV_DB, default_db_url

EXE = [sys.executable, "-m", "console"]


def run(args, **env):
    e = dict(os.environ, QT_QPA_PLATFORM="offscreen", **env)
    return subprocess.run(EXE + args, capture_output=True, text=True, env=e, timeout=300)


def test_default_database_is_in_user_data_folder_and_env_overrides(monkeypatch, tmp_path):
    monkeypatch.delenv(ENV_DB, raising=False)
    assert default_db_url().startswith("sqlite:///") and "branch-console" in default_db_url()
    monkeypatch.setenv(ENV_DB, f"sqlite:///{tmp_path / 'x.sqlite3'}")
    assert default_db_url() == f"sqlite:///{tmp_path / 'x.sqlite3'}"


def test_demo_stats_and_screenshot(tmp_path, qapp):
    url = f"sqlite:///{tmp_path / 'demo.sqlite3'}"
    demo = run(["demo", "--db", url, "--orders", "3000", "--seed", "3", "--now", "2026-11-26T10:00"])
    assert demo.returncode == 0, demo.stderr
    stats = run(["stats", "--db", url, "--json"])
    counts = json.loads(stats.stdout)
    assert counts["branches"] == 2 and counts["orders"] == 3000 and counts["open_orders"] > 0
    shot = tmp_path / "shot.png"
    res = run(["--db", url, "--screenshot", str(shot)])
    assert res.returncode == 0, res.stderr
    img = QImage(str(shot))
    assert (img.width(), img.height()) == (1600, 1000)


def test_bad_database_url_is_explained(tmp_path):
    res = run(["stats", "--db", "mysql://nobody@nowhere/db"])
    assert res.returncode == 2
    assert "unsupported database URL" in res.stderr


def test_unknown_branch_is_named(tmp_path):
    url = f"sqlite:///{tmp_path / 'empty.sqlite3'}"
    res = run(["--db", url, "--branch", "上海", "--screenshot", str(tmp_path / "x.png")])
    assert res.returncode == 2
    assert "no branch '上海'" in res.stderr
