"""The README's commands and what they set up: ./run, ./test, scripts/, .ci/run.

The throw-away PostgreSQL that ./test starts (scripts/pg-throwaway.sh) is checked from the inside:
private (no TCP), UTF-8, fast settings, and usable through the `db_url` fixture like SQLite.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = [ROOT / "run", ROOT / "test", ROOT / ".ci" / "run", *sorted(ROOT.glob("scripts/*.sh"))]


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: str(p.relative_to(ROOT)))
def test_shell_scripts_parse(script):
    subprocess.run(["bash", "-n", str(script)], check=True)


def test_readme_commands_are_executable():
    for name in ("run", "test", "scripts/pg-throwaway.sh"):
        assert os.access(ROOT / name, os.X_OK), f"{name} lost its executable bit"


def test_readme_quick_start_is_exactly_run_and_test():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```[a-z]*\n(.*?)```", section, re.S)
    assert block, "Quick start needs a code block"
    lines = [ln.split("#")[0].strip() for ln in block.group(1).splitlines()]
    assert [ln for ln in lines if ln] == ["./run", "./test"]


def _fake(path: Path, body: str) -> None:
    path.write_text(f"#!/bin/sh\n{body}\n")
    path.chmod(0o755)


def test_bootstrap_picks_first_python_that_runs_and_is_new_enough(tmp_path):
    # an inactive pyenv shim fails when run; an old python exits 1 on the version check
    _fake(tmp_path / "python3.13", 'echo "pyenv: python3.13: command not found" >&2; exit 127')
    _fake(tmp_path / "python3.12", "exit 1")
    (tmp_path / "python3.11").symlink_to(sys.executable)
    script = f'source "{ROOT}/scripts/bootstrap.sh"; bc_find_python; echo $BC_PY_CMD'
    env = {"PATH": f"{tmp_path}:/usr/bin:/bin", "HOME": str(tmp_path)}
    out = subprocess.run(["bash", "-c", script], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "python3.11"


def test_bootstrap_finds_no_python_without_one(tmp_path):
    _fake(tmp_path / "python3", "exit 1")
    script = f'source "{ROOT}/scripts/bootstrap.sh"; PATH="{tmp_path}"; bc_find_python'
    res = subprocess.run(["bash", "-c", script], capture_output=True, text=True)
    assert res.returncode == 1


def test_database_round_trips_chinese_text(db_url):
    eng = create_engine(db_url)
    try:
        with eng.begin() as c:
            c.execute(text("CREATE TABLE t (id INTEGER PRIMARY KEY, name VARCHAR(40))"))
            c.execute(text("INSERT INTO t VALUES (1, :n)"), {"n": "城东营业厅 工单"})
        with eng.connect() as c:
            assert c.execute(text("SELECT name FROM t")).scalar_one() == "城东营业厅 工单"
    finally:
        eng.dispose()


def test_throwaway_postgresql_is_private_and_fast():
    url = os.environ.get("BRANCH_CONSOLE_TEST_PG")
    if not url:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("CI=true but BRANCH_CONSOLE_TEST_PG is not set")
        pytest.skip("BRANCH_CONSOLE_TEST_PG not set (run ./test)")
    eng = create_engine(url)
    try:
        with eng.connect() as c:
            show = {
                k: c.execute(text(f"SHOW {k}")).scalar_one()
                for k in ("listen_addresses", "fsync", "server_encoding")
            }
    finally:
        eng.dispose()
    assert show == {"listen_addresses": "", "fsync": "off", "server_encoding": "UTF8"}
